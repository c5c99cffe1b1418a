import ArgumentParser
import Foundation
import Logging
import Server
import TimeSeries
import VigilService

/// `vigil logstore`: a Loki-compatible query and push API over an in-memory store, on its own.
struct LogStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logstore",
        abstract: "Serve a Loki-compatible API (push, query, query_range, labels, series) over an in-memory log store.",
        discussion: """
            The store starts empty and holds what is pushed to POST /loki/api/v1/push (Loki's JSON format), \
            for LogQL queries by Vigil's own engine. It keeps nothing across restarts.
            """)

    @Option(name: .customLong("web.listen-address"), help: "Address to listen on (Loki's default port is 3100).")
    var listenAddress: String = ":3100"

    @Option(name: .customLong("store.max-entries"), help: "The most log entries held; pushes past it get 429.")
    var maxEntries: Int = 1_000_000

    @Option(name: .customLong("store.retention"), help: "Drop entries older than this (a Prometheus duration); 0 keeps them all.")
    var retention: String = "24h"

    @Option(name: .customLong("query.timeout"), help: "The longest a query may run.")
    var queryTimeout: String = "2m"

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let address: ListenAddress
        do { address = try ListenAddress(parsing: listenAddress) } catch {
            throw ValidationError("--web.listen-address: \(error)")
        }
        guard maxEntries > 0 else { throw ValidationError("--store.max-entries must be positive, got \(maxEntries)") }
        let retentionDuration: Duration?
        do {
            let d = try PromDuration(parsing: retention)
            retentionDuration = d.milliseconds > 0 ? .milliseconds(d.milliseconds) : nil
        } catch {
            throw ValidationError("--store.retention: \(error)")
        }
        let timeout: PromDuration
        do { timeout = try PromDuration(parsing: queryTimeout) } catch { throw ValidationError("--query.timeout: \(error)") }
        guard timeout.milliseconds > 0 else { throw ValidationError("--query.timeout must be positive") }

        try logging.bootstrap()
        let logger = Logger(label: "vigil.logstore")
        let configuration = LogStoreProcess.Configuration(
            listenAddress: address, store: .init(maxEntries: maxEntries, retention: retentionDuration),
            queryTimeout: .milliseconds(timeout.milliseconds))
        do {
            try await LogStoreProcess.runUntilSignalled(configuration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("vigil: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
