import Foundation
import Hummingbird

/// `GET /metrics`: the ruler's rule metrics, readiness, reloads, what the service adds (HTTP requests,
/// router, outputs) and process metrics in the Prometheus text format.
public struct MetricsRoutes: HTTPRouteGroup {
    let provider: any RulesProvider
    let control: (any ServiceControl)?
    /// The rest of the service's metrics (HTTP requests, router, outputs), gathered at each scrape.
    let additional: @Sendable () async -> [MetricFamily]

    public init(provider: any RulesProvider, control: (any ServiceControl)? = nil,
                additional: @escaping @Sendable () async -> [MetricFamily] = { [] }) {
        self.provider = provider
        self.control = control
        self.additional = additional
    }

    public var routes: [HTTPRoute] {
        [HTTPRoute(.get, "/metrics") { _, _ in await metrics() }]
    }

    func metrics() async -> Response {
        let text = TextExposition.render(await families())
        return HTTPReply.bytes(.ok, text, headers: [.contentType: TextExposition.contentType])
    }

    func families() async -> [MetricFamily] {
        var families = RuleMetrics.families(await provider.snapshots())
        families.append(MetricFamily(name: "vigil_ready", help: "Whether Vigil is ready to serve (every rule group restored its state).",
                                     kind: .gauge, samples: [.init([], await provider.isReady() ? 1 : 0)]))
        if let control {
            let status = await control.reloadStatus()
            families.append(MetricFamily(name: "vigil_config_last_reload_successful",
                                         help: "Whether the last configuration reload attempt was successful.",
                                         kind: .gauge, samples: [.init([], status.succeeded ? 1 : 0)]))
            families.append(MetricFamily(name: "vigil_config_last_reload_success_timestamp_seconds",
                                         help: "Timestamp of the last successful configuration reload.",
                                         kind: .gauge, samples: [.init([], status.lastSuccessAt.timeIntervalSince1970)]))
        }
        families += await additional()
        families += ProcessMetrics.families()
        return families
    }
}
