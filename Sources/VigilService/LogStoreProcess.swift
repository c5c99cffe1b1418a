import Backends
import Logging
import LogQL
import Server
import UnixSignals

/// `vigil logstore`: Vigil's Loki-compatible API over an in-memory log store, on its own, until SIGTERM or
/// SIGINT. Empty until something pushes to it (`POST /loki/api/v1/push`); what it holds is lost when it
/// stops, as it is meant for demos, tests and trying LogQL rules, not for keeping logs.
public enum LogStoreProcess {
    public struct Configuration: Sendable {
        public var listenAddress: ListenAddress
        public var store: LiveLogStore.Configuration
        public var queryTimeout: Duration
        public var requestBodyLimit: Int

        public init(listenAddress: ListenAddress, store: LiveLogStore.Configuration = .init(),
                    queryTimeout: Duration = .seconds(120), requestBodyLimit: Int = 16 << 20) {
            self.listenAddress = listenAddress
            self.store = store
            self.queryTimeout = queryTimeout
            self.requestBodyLimit = requestBodyLimit
        }
    }

    /// Serves until a signal; throws when the address cannot be bound.
    public static func runUntilSignalled(_ configuration: Configuration, logger: Logger) async throws {
        var options = LogQLEngine.Options()
        options.timeout = configuration.queryTimeout
        let store = LiveLogStore(configuration: configuration.store)
        let server = try VigilHTTPServer(
            configuration: .init(listenAddress: configuration.listenAddress, requestBodyLimit: configuration.requestBodyLimit,
                                 logger: logger),
            routeGroups: [LokiAPI(store: store, engineOptions: options, snappy: { try Snappy.decompress($0, maxLength: $1) })])
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let port = try await server.start()
        logger.info("listening", metadata: [
            "address": .string("\(configuration.listenAddress.host):\(port)"),
            "max_entries": .stringConvertible(configuration.store.maxEntries),
            "retention": .string(configuration.store.retention.map { "\($0.components.seconds)s" } ?? "none"),
        ])
        for await signal in signals {
            logger.info("stopping", metadata: ["signal": .string("\(signal)")])
            break
        }
        await server.shutdown()
    }
}
