import Foundation
import Logging
import Routing
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
        /// How often the loaded files are checked for changes; nil or zero: never (SIGHUP and
        /// `POST /-/reload` still reload).
        public var autoReloadInterval: Duration?
        public init(listenAddress: String? = nil, storagePath: String? = nil, autoReloadInterval: Duration? = nil) {
            self.listenAddress = listenAddress
            self.storagePath = storagePath
            self.autoReloadInterval = autoReloadInterval
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
    /// The built-in router, when `alerting.config_file` names an Alertmanager configuration.
    public private(set) var router: RouterService?
    private let routerState: RouterState
    private var server: VigilHTTPServer?
    public private(set) var port: Int?
    public private(set) var lastReload: ReloadOutcome

    public typealias ReloadOutcome = ReloadStatus
    /// Watches the loaded files and reloads when one changes (`Overrides.autoReloadInterval`).
    private var watcher: Task<Void, Never>?
    /// `web.auth` as last loaded: a reload replaces the users and token files.
    private let authenticator = ReloadableAuthenticator(nil)
    /// Requests the HTTP server answered, for `/metrics`.
    private let httpMetrics = HTTPRequestMetrics()
    /// The output counters of backplanes replaced by reloads, so the totals on `/metrics` only grow.
    private var retiredOutputs = OutputCounts()
    /// Backplanes being shut down after a reload; their counters are still theirs.
    private var retiringBackplanes: [Backplane] = []

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
        let routerClock = ServiceRouterClock(clock: clock)
        if let path = config.storage?.path, config.alerting?.configFile != nil {
            routerState = try RouterState.persistent(storagePath: config.resolve(path), clock: routerClock, logger: logger)
        } else {
            routerState = RouterState.inMemory(clock: routerClock)
        }
        router = try Self.makeRouter(config, clock: routerClock, state: routerState, logger: logger)
        backplane = try Backplane(config: config, stateStore: stateStore, clock: clock, router: router, logger: logger)
        let handle = BackplaneHandle(backplane)
        current = handle
        ruler = Ruler(options: Self.evaluatorOptions(config, clock: clock)) { datasource in
            handle.get().collaborators(for: datasource)
        }
        let now = Date()
        lastReload = ReloadOutcome(succeeded: true, at: now, lastSuccessAt: now, error: nil)
    }

    static func loadConfig(_ path: String, overrides: Overrides) throws -> VigilConfig {
        var config = try VigilConfig.load(path: path)
        if let listen = overrides.listenAddress { config.web.listenAddress = listen }
        if let storage = overrides.storagePath { config.storage = StorageConfig(path: storage) }
        return config
    }

    static func makeRouter(_ config: VigilConfig, clock: any RouterClock, state: RouterState, logger: Logger) throws -> RouterService? {
        guard let alerting = config.alerting, let file = alerting.configFile else { return nil }
        return try RouterService(path: config.resolve(file), externalURL: config.global.externalURL,
                                 options: routerOptions(alerting), clock: clock, state: state, logger: logger)
    }

    /// What the Alertmanager API shows after a reload removed the router: no alerts, a route to nowhere.
    static func emptyRouterView(clock: any RouterClock) throws -> AlertmanagerAPI.Current {
        let text = "route:\n  receiver: none\nreceivers:\n  - name: none\n"
        let config = try AlertmanagerConfig.parse(text, file: "(no router)")
        return AlertmanagerAPI.Current(router: AlertRouter(config: config, integrations: [:], clock: clock), config: config, originalYAML: text)
    }

    static func routerOptions(_ alerting: AlertingConfig) -> RouterOptions {
        var o = RouterOptions()
        o.exactRepeatInterval = alerting.exactRepeatInterval
        o.flushWhenSilenceEnds = alerting.flushWhenSilenceEnds
        return o
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
        await router?.start()
        let problems = await ruler.apply(definitions())
        for p in problems { logger.error("rule group not started", metadata: ["error": .string(p)]) }
        logger.info("rules loaded", metadata: ["files": .string("\(ruleSet.files.count)"), "groups": .string("\(ruleSet.groups.count)")])
        let address = try ListenAddress(parsing: config.web.listenAddress)
        var routeGroups: [any HTTPRouteGroup] = [PrometheusRulesAPI(provider: ruler), HealthRoutes(provider: ruler),
                                                 MetricsRoutes(provider: ruler, control: self, additional: { [weak self] in await self?.serviceMetrics() ?? [] }),
                                                 ServiceControlRoutes(control: self)]
        if let database = routerState.database { routeGroups.append(HistoryRoutes(provider: database)) }
        // The API follows the router in force: a reload may add, replace or remove it (without one, its
        // paths answer 404).
        let fallback = try Self.emptyRouterView(clock: ServiceRouterClock(clock: clock))
        routeGroups.append(AlertmanagerAPI(
            clock: ServiceRouterClock(clock: clock), startTime: Date(timeIntervalSince1970: Double(clock.nowNanoseconds()) / 1e9),
            version: AlertmanagerVersionInfo(version: VigilVersion.version),
            isServing: { [weak self] in await self?.router != nil },
            current: { [weak self] in await self?.router?.apiView ?? fallback }))
        // The web page at `/` follows the router in force too, and says so when there is none.
        let runtime = self
        routeGroups.append(WebUIRoutes(rules: ruler, history: routerState.database, clock: ServiceRouterClock(clock: clock),
                                       version: VigilVersion.version, router: { await runtime.router?.apiView }))
        let config = self.config
        authenticator.replace(with: Self.webAuthenticator(config))
        let tls = try config.web.tlsServerConfig.map { tls in
            VigilHTTPServer.TLS(
                certificates: try TLSCertificateFiles(certificateFile: config.resolve(tls.certFile), keyFile: config.resolve(tls.keyFile),
                                                      logger: logger),
                minimumVersion: tls.minVersion == .tls13 ? .tls13 : .tls12,
                clientCertificates: Self.clientCertificates(tls.clientAuth),
                clientCAFile: tls.clientCAFile.map { config.resolve($0) })
        }
        let server = try VigilHTTPServer(configuration: .init(listenAddress: address, logger: logger, authenticator: authenticator, tls: tls,
                                                              requestMetrics: httpMetrics),
                                         routeGroups: routeGroups)
        let port = try await server.start()
        self.server = server
        self.port = port
        logger.info("listening", metadata: ["address": .string("\(address.host):\(port)"), "scheme": .string(tls == nil ? "http" : "https")])
        startWatching()
        return port
    }

    static func clientCertificates(_ auth: WebTLSConfig.ClientAuth) -> VigilHTTPServer.TLS.ClientCertificates {
        switch auth {
        case .none: return .none
        case .verifyIfGiven: return .verifyIfGiven
        case .requireAndVerify: return .required
        }
    }

    static func webAuthenticator(_ config: VigilConfig) -> WebAuthenticator? {
        config.web.auth.map { WebAuthenticator($0, resolve: { config.resolve($0) }) }
    }

    /// What `/metrics` shows beyond the ruler's metrics: HTTP requests, the router, the outputs.
    func serviceMetrics() async -> [MetricFamily] {
        var families = httpMetrics.families()
        families += ServiceMetrics.datasources(ruler.heartbeats.all)
        families += await ServiceMetrics.router(routerState.counters, router, now: ServiceRouterClock(clock: clock).now)
        var totals = retiredOutputs
        for b in retiringBackplanes { totals.addTotals(of: await b.outputCounts()) }
        families += ServiceMetrics.outputs(await backplane.outputCounts().adding(totals), hasNotifier: backplane.notifier != nil)
        return families
    }

    /// Checks the loaded files every `autoReloadInterval` on the service clock and reloads when their
    /// contents (or the files a `rule_files` glob matches) changed. A change that fails to load is not
    /// retried until the files change again; the previous configuration keeps running meanwhile.
    private func startWatching() {
        guard watcher == nil, let interval = overrides.autoReloadInterval, interval > .zero else { return }
        let (seconds, attoseconds) = interval.components
        let step = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let withFraction = step.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000)
        // An interval past Int64 nanoseconds (about 292 years) means never.
        guard !step.overflow, !withFraction.overflow else { return }
        let stepNanoseconds = max(1, withFraction.partialValue)
        let clock = self.clock
        var seen = ConfigFingerprint.of(configPath: configPath, config: config)
        watcher = Task { [weak self] in
            var next = clock.nowNanoseconds()
            while !Task.isCancelled {
                // Saturating: a wrapped deadline would lie in the past and spin the loop.
                let sum = next.addingReportingOverflow(stepNanoseconds)
                if sum.overflow { return }
                next = sum.partialValue
                do { try await clock.sleep(untilNanoseconds: next) } catch { return }
                guard let self else { return }
                let current = await ConfigFingerprint.of(configPath: self.configPath, config: self.config)
                if current != seen {
                    seen = current
                    self.logger.info("a loaded file changed: reloading")
                    await self.reload()
                }
            }
        }
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
            if newConfig.web.listenAddress != config.web.listenAddress || newConfig.web.tlsServerConfig != config.web.tlsServerConfig {
                // The server keeps its socket and TLS settings; the certificate files themselves are re-read
                // when they change.
                logger.warning("web.listen_address and web.tls_server_config changes take effect after a restart")
            }
            let newRouter = try await reloadRouter(newConfig)
            // New clients only when what they connect to changed; then every group moves to them.
            let old = backplane
            let newBackplane = Backplane.sameBackends(newConfig, config) && newRouter === router
                ? old : try Backplane(config: newConfig, stateStore: stateStore, clock: clock, router: newRouter, logger: logger)
            if newConfig.global != config.global {
                await ruler.update(options: Self.evaluatorOptions(newConfig, clock: clock))
            }
            if newRouter !== router {
                await router?.stop()
                await newRouter?.start()
                router = newRouter
            }
            config = newConfig
            ruleSet = newRules
            authenticator.replace(with: Self.webAuthenticator(newConfig))
            backplane = newBackplane
            current.set(newBackplane)
            let problems = await ruler.apply(definitions())
            for p in problems { logger.error("rule group not started", metadata: ["error": .string(p)]) }
            if old !== newBackplane {
                // Counted as retiring while it drains, so a scrape meanwhile still sees its totals.
                retiringBackplanes.append(old)
                await old.shutdown()
                retiredOutputs.addTotals(of: await old.outputCounts())
                retiringBackplanes.removeAll { $0 === old }
            }
            let now = Date()
            lastReload = ReloadOutcome(succeeded: true, at: now, lastSuccessAt: now, error: nil)
            logger.info("configuration reloaded", metadata: ["groups": .string("\(newRules.groups.count)")])
        } catch {
            lastReload = ReloadOutcome(succeeded: false, at: Date(), lastSuccessAt: lastReload.lastSuccessAt, error: String(describing: error))
            logger.error("reload failed; the previous configuration keeps running", metadata: ["error": .string(String(describing: error))])
        }
        return lastReload
    }

    /// The router the new configuration asks for: the running one reloaded in place (its file read again),
    /// a new one when the configuration adds it or the router options change, none when it is removed.
    /// Throws, changing nothing, when the new Alertmanager configuration does not load.
    private func reloadRouter(_ newConfig: VigilConfig) async throws -> RouterService? {
        guard let alerting = newConfig.alerting, let file = alerting.configFile else { return nil }
        let sameOptions = alerting.exactRepeatInterval == config.alerting?.exactRepeatInterval
            && alerting.flushWhenSilenceEnds == config.alerting?.flushWhenSilenceEnds
            && newConfig.global.externalURL == config.global.externalURL
        if let router, sameOptions {
            try await router.reload(path: newConfig.resolve(file))
            return router
        }
        let fresh = try Self.makeRouter(newConfig, clock: ServiceRouterClock(clock: clock), state: routerState, logger: logger)
        if let fresh, let router { await fresh.adoptAlerts(of: await router.router) }
        return fresh
    }

    /// Stops the groups (their states stay saved), sends what is queued, closes the clients and the server.
    public func shutdown() async {
        watcher?.cancel()
        watcher = nil
        await ruler.stop()
        await router?.stop()
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

extension VigilRuntime: ServiceControl {
    public func reloadStatus() async -> ReloadStatus { lastReload }
    public func loadedFiles() async -> (config: String, others: [String]) {
        var others = ruleSet.files
        if let file = config.alerting?.configFile { others.append(config.resolve(file)) }
        return (configPath, others)
    }
}
