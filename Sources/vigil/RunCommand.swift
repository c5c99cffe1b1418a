import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import Server
import TimeSeries
import VigilService

/// `vigil run --config vigil.yml`: the service — the ruler (and, as the project grows, the router) with its
/// HTTP API, until SIGTERM or SIGINT; SIGHUP reloads the configuration and the rules.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run Vigil as a service: evaluate rules on schedule against Prometheus and Loki, serve the APIs.")

    @Option(name: .long, help: "The service configuration file.")
    var config: String = "vigil.yml"

    @Option(name: .customLong("web.listen-address"), help: "Address to listen on (overrides web.listen_address).")
    var listenAddress: String?

    @Option(name: .customLong("storage.path"), help: "Folder for state that survives restarts (overrides storage.path).")
    var storagePath: String?

    @OptionGroup var logging: LoggingOptions

    @Option(name: .customLong("config.auto-reload-interval"),
            help: "How often the loaded files are checked for changes, which reload them (0s: only SIGHUP and POST /-/reload).")
    var autoReloadInterval: String = "30s"

    @Flag(name: .long, help: "Run against an embedded demo homelab (generated metrics and Talos kernel logs) instead of --config.")
    var demo = false

    @Option(name: .customLong("demo.rules"), help: "The rule pack the demo evaluates.")
    var demoRules: String = "rules"

    func run() async throws {
        // Swift's tasks run on NIO's event loops, where the HTTP clients and server do their I/O, instead of
        // on libdispatch's pool: each query's continuation then resumes on the thread that read the response,
        // and the pool no longer creates and retires threads between bursts. On the ruler benchmark
        // (scripts/bench-ruler, side by side on a loaded machine) Vigil's CPU per rule evaluation went from
        // 1,532 µs to 1,421 µs.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        try logging.bootstrap()
        let logger = Logger(label: "vigil")
        let reloadEvery: PromDuration
        do { reloadEvery = try PromDuration(parsing: autoReloadInterval) } catch {
            throw ValidationError("--config.auto-reload-interval: \(error)")
        }
        if demo {
            try await runDemo(logger: logger)
            return
        }
        let runtime: VigilRuntime
        do {
            runtime = try VigilRuntime(configPath: config, overrides: .init(listenAddress: listenAddress, storagePath: storagePath,
                                                         autoReloadInterval: .milliseconds(reloadEvery.milliseconds)),
                                       logger: logger)
        } catch {
            FileHandle.standardError.write(Data("vigil: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        do {
            try await VigilProcessService.runUntilSignalled(runtime, logger: logger)
        } catch {
            logger.error("stopped with an error", metadata: ["error": .string(String(describing: error))])
            throw ExitCode(1)
        }
    }

    /// The demo: its files and state in `--storage.path` (default: a new temporary folder).
    func runDemo(logger: Logger) async throws {
        let directory = storagePath ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("vigil-demo-\(ProcessInfo.processInfo.processIdentifier)").path
        let rules = URL(fileURLWithPath: demoRules).standardizedFileURL.path
        // The console receiver: the demo's routing sends every notification here, printed on stdout as
        // `vigil receive` prints them (logs go to stderr).
        let console = try ReceivedWebhookWriter(format: .text, logger: logger)
        let settings = DemoProcess.Settings(
            rulesDirectory: rules, directory: directory, listenAddress: listenAddress ?? "127.0.0.1:9096",
            consoleRoutes: [WebhookReceiverRoutes(paths: ["/demo/console"], healthRoute: false) { await console.write($0) }])
        do {
            try await DemoProcess.runUntilSignalled(settings, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("vigil: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
