import Backends
import Foundation
import Logging
import Rules

/// The query clients of the configured datasources, by name. A reload builds a new set; the old one is
/// shut down once no rule group uses it any more.
final class DatasourceClients: Sendable {
    struct Entry: Sendable {
        let config: DatasourceConfig
        let querier: any Querier
        let shutdown: @Sendable () async -> Void
    }

    let entries: [String: Entry]

    init(_ datasources: [DatasourceConfig], logger: Logger) throws {
        var entries: [String: Entry] = [:]
        for ds in datasources {
            let onAnnotations: @Sendable (String, [String], [String]) -> Void = { query, warnings, infos in
                for w in warnings { logger.warning("query warning", metadata: ["datasource": .string(ds.name), "query": .string(query), "warning": .string(w)]) }
                for i in infos { logger.debug("query info", metadata: ["datasource": .string(ds.name), "query": .string(query), "info": .string(i)]) }
            }
            switch ds.type {
            case .prometheus:
                let client = try PrometheusQueryClient(baseURL: ds.url, settings: ds.http, onAnnotations: onAnnotations)
                entries[ds.name] = Entry(config: ds, querier: client, shutdown: { await client.shutdown() })
            case .loki:
                let client = try LokiQueryClient(baseURL: ds.url, tenant: ds.tenant, settings: ds.http)
                entries[ds.name] = Entry(config: ds, querier: client, shutdown: { await client.shutdown() })
            }
        }
        self.entries = entries
    }

    func shutdown() async {
        for entry in entries.values { await entry.shutdown() }
    }
}
