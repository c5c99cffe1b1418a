import Logging
import Server
import UnixSignals

/// `vigil receive`: a webhook receiver on its own, until SIGTERM or SIGINT. Each Alertmanager webhook
/// message posted to any path is written to standard output (text or JSON lines) and, when a file is
/// given, appended to it as a JSON line; the sender gets 200 once it is written.
public enum ReceiveProcess {
    public struct Configuration: Sendable {
        public var listenAddress: ListenAddress
        public var format: ReceivedWebhookWriter.Format
        public var filePath: String?
        public var requestBodyLimit: Int

        public init(listenAddress: ListenAddress, format: ReceivedWebhookWriter.Format = .text, filePath: String? = nil,
                    requestBodyLimit: Int = 16 << 20) {
            self.listenAddress = listenAddress
            self.format = format
            self.filePath = filePath
            self.requestBodyLimit = requestBodyLimit
        }
    }

    /// Serves until a signal; throws when the file cannot be opened or the address cannot be bound.
    public static func runUntilSignalled(_ configuration: Configuration, logger: Logger) async throws {
        let writer = try ReceivedWebhookWriter(format: configuration.format, filePath: configuration.filePath, logger: logger)
        let server = try VigilHTTPServer(
            configuration: .init(listenAddress: configuration.listenAddress, requestBodyLimit: configuration.requestBodyLimit,
                                 logger: logger),
            routeGroups: [WebhookReceiverRoutes { received in await writer.write(received) }])
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let port: Int
        do { port = try await server.start() } catch {
            await writer.close()
            throw error
        }
        var metadata: Logger.Metadata = [
            "address": .string("\(configuration.listenAddress.host):\(port)"),
            "output": .string(configuration.format.rawValue),
        ]
        if let path = configuration.filePath { metadata["file"] = .string(path) }
        logger.info("listening", metadata: metadata)
        for await signal in signals {
            logger.info("stopping", metadata: ["signal": .string("\(signal)")])
            break
        }
        // Requests in flight finish (and are written) before the file is closed.
        await server.shutdown()
        await writer.close()
    }
}
