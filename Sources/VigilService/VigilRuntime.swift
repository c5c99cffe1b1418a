import Foundation
import Logging
import Rules
import Server
import Storage
import TimeSeries

/// Vigil as one running service: configuration, ruler, backends and HTTP server, started together,
/// reloaded together, stopped together.
///
/// A reload reads `vigil.yml` and every rule file again and replaces the running set only if all of it
/// loads; otherwise the old set keeps running and the error is kept for the status API and metrics.
public actor VigilRuntime {
    public struct Overrides: Sendable {
        public var listenAddress: String?
        public var storagePath: String?
        public init(listenAddress: String? = nil, storagePath: String? = nil) {
            self.listenAddress = listenAddress
            self.storagePath = storagePath
        }
    }

    public let configPath: String
    let overrides: Overrides
    let logger: Logger
    let clock: any ServiceClock
    private(set) var config: VigilConfig
    private(set) var ruleSet: RuleSet
    private let stateStore: any RuleStateStore
    private var backplane: Backplane
    /// Reads the current backplane; the ruler's groups ask it for their collaborators.
    private let current: BackplaneHandle
    public let ruler: Ruler
    private var server: VigilHTTPServer?
    public private(set) var port: Int?
    public private(set) var lastReload: ReloadOutcome

    public struct ReloadOutcome: Sendable {
        public var succeeded: Bool
        public var at: Date
        public var error: String?
    }

    /// Loads the configuration and the rules (throwing what is wrong with them) and builds the clients;
    /// nothing runs until `start()`.
    public init(configPath: String, overrides: Overrides = Overrides(), logger: Logger,
                clock: any ServiceClock = SystemServiceClock()) throws {
        self.configPath = configPath
        self.overrides = overrides
        self.logger = logger
        self.clock = clock
        let config = try Self.loadConfig(configPath, overrides: overrides)
        self.config = config
        ruleSet = try RuleSet.load(config)
        if let path = config.storage?.path {
            stateStore = try FileRuleStateStore(storagePath: config.resolve(path))
        } else {
            stateStore = InMemoryRuleStateStore()
        }
        backplane = try Backplane(config: config, stateStore: stateStore, clock: clock, logger: logger)
        let handle = BackplaneHandle(backplane)
        current = handle
        ruler = Ruler(options: Self.evaluatorOptions(config, clock: clock)) { datasource in
            handle.get().collaborators(for: datasource)
        }
        lastReload = ReloadOutcome(succeeded: true, at: Date(), error: nil)
    }

    static func loadConfig(_ path: String, overrides: Overrides) throws -> VigilConfig {
        var config = try VigilConfig.load(path: path)
        if let listen = overrides.listenAddress { config.web.listenAddress = listen }
        if let storage = overrides.storagePath { config.storage = StorageConfig(path: storage) }
        return config
    }

    static func evaluatorOptions(_ config: VigilConfig, clock: any ServiceClock) -> RuleGroupEvaluator.Options {
        var o = RuleGroupEvaluator.Options(templateExpander: GoTemplateExpander())
        o.defaultInterval = config.global.evaluationInterval.milliseconds
        o.defaultQueryOffset = config.global.ruleQueryOffset.milliseconds
        o.externalLabels = config.global.externalLabelSet
        o.externalURL = config.global.externalURL
        o.clock = clock
        return o
    }

    /// Starts the rule groups and the HTTP server; returns the port the server listens on.
    @discardableResult
    public func start() async throws -> Int {
        let problems = await ruler.apply(definitions())
        for p in problems { logger.error("rule group not started", metadata: ["error": .string(p)]) }
        logger.info("rules loaded", metadata: ["files": .string("\(ruleSet.files.count)"), "groups": .string("\(ruleSet.groups.count)")])
        let address = try ListenAddress(parsing: config.web.listenAddress)
        let server = try VigilHTTPServer(
            configuration: .init(listenAddress: address, logger: logger),
            routeGroups: [PrometheusRulesAPI(provider: ruler), HealthRoutes(provider: ruler), MetricsRoutes(provider: ruler)])
        let port = try await server.start()
        self.server = server
        self.port = port
        logger.info("listening", metadata: ["address": .string("\(address.host):\(port)")])
        return port
    }

    private func definitions() -> [Ruler.GroupDefinition] {
        ruleSet.groups.map { g in
            var d = g
            d.backendFingerprint = backplane.fingerprint
            return d
        }
    }

    /// Reads everything again; on success the new configuration and rules replace the old, groups that did
    /// not change keep running, and changed ones keep their alert state. On failure nothing changes.
    @discardableResult
    public func reload() async -> ReloadOutcome {
        do {
            let newConfig = try Self.loadConfig(configPath, overrides: overrides)
            let newRules = try RuleSet.load(newConfig)
            if newConfig.storage != config.storage {
                logger.warning("storage.path changes take effect after a restart")
            }
            // New clients only when what they connect to changed; then every group moves to them.
            let old = backplane
            let newBackplane = Backplane.sameBackends(newConfig, config)
                ? old : try Backplane(config: newConfig, stateStore: stateStore, clock: clock, logger: logger)
            if newConfig.global != config.global {
                await ruler.update(options: Self.evaluatorOptions(newConfig, clock: clock))
            }
            config = newConfig
            ruleSet = newRules
            backplane = newBackplane
            current.set(newBackplane)
            let problems = await ruler.apply(definitions())
            for p in problems { logger.error("rule group not started", metadata: ["error": .string(p)]) }
            if old !== newBackplane { await old.shutdown() }
            lastReload = ReloadOutcome(succeeded: true, at: Date(), error: nil)
            logger.info("configuration reloaded", metadata: ["groups": .string("\(newRules.groups.count)")])
        } catch {
            lastReload = ReloadOutcome(succeeded: false, at: Date(), error: String(describing: error))
            logger.error("reload failed; the previous configuration keeps running", metadata: ["error": .string(String(describing: error))])
        }
        return lastReload
    }

    /// Stops the groups (their states stay saved), sends what is queued, closes the clients and the server.
    public func shutdown() async {
        await ruler.stop()
        await backplane.shutdown()
        await server?.shutdown()
        server = nil
        logger.info("stopped")
    }
}

/// The current backplane, readable from any thread (the ruler asks it when a group starts).
final class BackplaneHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var backplane: Backplane
    init(_ b: Backplane) { backplane = b }
    func get() -> Backplane { lock.withLock { backplane } }
    func set(_ b: Backplane) { lock.withLock { backplane = b } }
}
