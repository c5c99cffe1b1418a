import ConfigYAML
import Foundation
import GoTemplate
import Logging
import Notifiers
import Routing
import Server
import TimeSeries

/// The built-in router as a service: an `AlertRouter` built from `alerting.config_file`, its receivers'
/// integrations, and the loop that flushes its groups. The ruler's alerts and `POST /api/v2/alerts` both
/// arrive here.
///
/// Silences and the notification log outlive the router: a reload builds a new router (new routes,
/// receivers, inhibit rules) around the same silences and log and hands it the alerts the old one held,
/// so nothing already notified is notified again and no silence is lost — Alertmanager's reload does the
/// same.
public actor RouterService {
    /// What a router is built from; kept so the API can show the configuration in force.
    public struct Loaded: Sendable {
        public var config: AlertmanagerConfig
        /// The file as read (the API's `/status` shows it with secrets hidden).
        public var text: String
        public var path: String
    }

    let logger: Logger
    let clock: any RouterClock
    let options: RouterOptions
    let externalURL: String
    let state: RouterState
    public private(set) var loaded: Loaded
    public private(set) var router: AlertRouter
    /// What the Alertmanager API serves (router, configuration, redacted text), computed once per load.
    public private(set) var apiView: AlertmanagerAPI.Current
    private var runTask: Task<Void, Never>?
    /// Drops history rows past their retention, hourly.
    private var retentionTask: Task<Void, Never>?

    /// Loads the Alertmanager configuration at `path` and builds the router; nothing runs until `start()`.
    init(path: String, externalURL: String, options: RouterOptions, clock: any RouterClock, state: RouterState,
         logger: Logger) throws {
        self.logger = logger
        self.clock = clock
        self.options = options
        self.externalURL = externalURL
        self.state = state
        let loaded = try Self.load(path)
        self.loaded = loaded
        let router = try Self.makeRouter(loaded.config, externalURL: externalURL, options: options, clock: clock,
                                         state: state, logger: logger)
        self.router = router
        apiView = AlertmanagerAPI.Current(router: router, config: loaded.config, originalYAML: loaded.text)
    }

    static func load(_ path: String) throws -> Loaded {
        let text: String
        do { text = try SourceFile.read(path) } catch {
            throw ConfigFileError(file: path, position: nil, message: error.reason)
        }
        let config = try AlertmanagerConfig.parse(text, file: path)
        return Loaded(config: config, text: text, path: path)
    }

    static func makeRouter(_ config: AlertmanagerConfig, externalURL: String, options: RouterOptions,
                           clock: any RouterClock, state: RouterState, logger: Logger) throws -> AlertRouter {
        let template = try ReceiverTemplates.load(config, now: { Double(clock.nowNanoseconds()) / 1e9 })
        var integrations: [String: [Integration]] = [:]
        for receiver in config.receivers {
            integrations[receiver.name] = ReceiverIntegrations.build(receiver, template: template, externalURL: externalURL, logger: logger)
        }
        return AlertRouter(config: config, integrations: integrations, clock: clock, options: options,
                           history: CountingNotificationHistory(inner: state.history, counters: state.counters),
                           silences: state.silences, notificationLog: state.notificationLog,
                           alertHistory: state.alertHistory)
    }

    /// Starts flushing groups.
    func start() {
        guard runTask == nil else { return }
        let router = self.router
        runTask = Task { await router.run() }
        if retentionTask == nil, let database = state.database {
            let clock = self.clock
            retentionTask = Task { await database.collectPeriodically(clock: clock) }
        }
    }

    /// Receives alerts (from the ruler or the API) into the current router; returns the validation
    /// problems of rejected ones.
    @discardableResult
    public func receive(_ alerts: [PostableAlert]) async -> [String] {
        let problems = await router.receive(alerts)
        // As Alertmanager counts them: an alert is resolved when it ends before it is received.
        let now = clock.now
        let resolved = alerts.filter { a in a.endsAt.map { $0 <= now } ?? false }.count
        state.counters.received(firing: alerts.count - resolved, resolved: resolved, invalid: problems.count)
        return problems
    }

    /// Reads the configuration file again. On success a new router takes over the alerts, silences and
    /// notification log; on failure the running router stays and the error is thrown.
    func reload(path: String) async throws {
        let newLoaded = try Self.load(path)
        if newLoaded.text == loaded.text && path == loaded.path { return }
        let newRouter = try Self.makeRouter(newLoaded.config, externalURL: externalURL, options: options, clock: clock,
                                            state: state, logger: logger)
        let old = router
        let running = runTask != nil
        await stopLoop()
        router = newRouter
        await adoptAlerts(of: old)
        loaded = newLoaded
        if running { start() }
        logger.info("router configuration reloaded", metadata: ["file": .string(path)])
    }

    /// Hands the alerts another router holds to this one's (they are grouped anew; the shared notification
    /// log keeps what was already sent from being sent again).
    func adoptAlerts(of other: AlertRouter) async {
        guard other !== router else { return }
        for alert in await other.store.alerts.values { await router.insert(alert) }
    }

    /// Stops the flush loop (flushes in progress are cancelled; what they did not send is sent after a
    /// restart, as the notification log does not record it).
    func stop() async {
        await stopLoop()
        retentionTask?.cancel()
        await retentionTask?.value
        retentionTask = nil
    }

    private func stopLoop() async {
        guard let task = runTask else { return }
        task.cancel()
        await task.value
        runTask = nil
    }
}
