import Foundation
import Logging
import Rules
import Server

/// `vigil run --demo`: the demo's embedded Prometheus and Loki (`DemoBackends`), the configuration files
/// that point the service at them (`DemoConfiguration`), and the service itself, until SIGTERM or SIGINT.
public enum DemoProcess {
    public struct Settings: Sendable {
        /// The rule pack to evaluate (Vigil's own `rules/` when run from the repository).
        public var rulesDirectory: String
        /// Where the configuration files and the service's state go.
        public var directory: String
        public var listenAddress: String
        /// Extra routes on the backends' server: the console receiver the demo's routing sends to.
        public var consoleRoutes: [any HTTPRouteGroup]
        /// The path of the console receiver on the backends' server.
        public var consolePath: String
        /// The second receiver's webhook (`vigil receive`'s default address).
        public var receiveURL: String

        public init(rulesDirectory: String, directory: String, listenAddress: String,
                    consoleRoutes: [any HTTPRouteGroup] = [], consolePath: String = "/demo/console",
                    receiveURL: String = DemoConfiguration.receiveURL) {
            self.rulesDirectory = rulesDirectory
            self.directory = directory
            self.listenAddress = listenAddress
            self.consoleRoutes = consoleRoutes
            self.consolePath = consolePath
            self.receiveURL = receiveURL
        }
    }

    /// The demo's parts, started: the backends serving and fed, the files written, the service built (not
    /// yet started).
    public struct Session: Sendable {
        public let backends: DemoBackends
        public let runtime: VigilRuntime
        public let files: DemoConfiguration.Files
    }

    public static func prepare(_ settings: Settings, logger: Logger, clock: any ServiceClock = SystemServiceClock()) async throws -> Session {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: settings.rulesDirectory, isDirectory: &isFolder), isFolder.boolValue else {
            throw DemoError("the demo evaluates Vigil's rule pack in \(settings.rulesDirectory), which is not a folder: run it from the repository or pass --demo.rules DIR")
        }
        try FileManager.default.createDirectory(atPath: settings.directory, withIntermediateDirectories: true)
        let backends = try DemoBackends(clock: clock, logger: logger, extraRoutes: settings.consoleRoutes)
        try await backends.start()
        do {
            let url = await backends.baseURL
            let files = try DemoConfiguration.write(into: settings.directory, backendURL: url, consoleURL: url + settings.consolePath,
                                                    receiveURL: settings.receiveURL, rulesDirectory: settings.rulesDirectory,
                                                    listenAddress: settings.listenAddress)
            logger.info("demo started", metadata: [
                "prometheus_and_loki": .string(url), "config": .string(files.vigil), "routing": .string(files.alertmanager),
            ])
            let runtime = try VigilRuntime(configPath: files.vigil, logger: logger, clock: clock)
            return Session(backends: backends, runtime: runtime, files: files)
        } catch {
            await backends.stop()
            throw error
        }
    }

    public static func runUntilSignalled(_ settings: Settings, logger: Logger) async throws {
        let session = try await prepare(settings, logger: logger)
        do {
            try await VigilProcessService.runUntilSignalled(session.runtime, logger: logger)
        } catch {
            await session.backends.stop()
            throw error
        }
        await session.backends.stop()
    }
}
