import Logging
import ServiceLifecycle
import UnixSignals

/// The runtime as a swift-service-lifecycle service: started when the service group runs, reloaded on
/// SIGHUP, stopped gracefully on SIGTERM/SIGINT (the group turns those into a graceful shutdown), with
/// queued remote writes and alerts sent and states saved before the process ends.
public struct VigilProcessService: Service {
    public let runtime: VigilRuntime
    let logger: Logger

    public init(runtime: VigilRuntime, logger: Logger) {
        self.runtime = runtime
        self.logger = logger
    }

    public func run() async throws {
        try await runtime.start()
        let runtime = runtime
        // Reload on SIGHUP until a graceful shutdown ends the loop.
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            logger.info("SIGHUP received: reloading")
            await runtime.reload()
        }
        await runtime.shutdown()
    }

    /// Runs `runtime` until SIGTERM or SIGINT.
    public static func runUntilSignalled(_ runtime: VigilRuntime, logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: VigilProcessService(runtime: runtime, logger: logger))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}
