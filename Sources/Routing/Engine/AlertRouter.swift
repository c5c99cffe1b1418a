import Foundation
import TimeSeries

/// Alertmanager's alert handling in one actor: received alerts are stored, shown to the inhibitor and
/// sorted into aggregation groups along the route tree; groups flush on their timers through their
/// receiver's pipeline. Time comes only from the injected clock.
///
/// Two ways to drive it: `run()` (the service: sleeps on the clock until the next deadline or until
/// something changes) or `advance(to:on:)` with a `SimulatedClock` (tests and rule unit tests: every
/// deadline up to a time is processed in order, without waiting).
///
/// The silences, notification log, marker and inhibitor are shared objects, so the API can read and
/// change them directly; the router hears about silence changes through `Silences.onChange`.
public actor AlertRouter {
    public nonisolated let silences: Silences
    public nonisolated let notificationLog: NotificationLog
    public nonisolated let marker: AlertMarker
    public nonisolated let inhibitor: Inhibitor
    public nonisolated let options: RouterOptions
    nonisolated let clock: any RouterClock
    nonisolated let wake = WakeSignal()
    nonisolated let alertHistory: any AlertHistory

    public let route: Route
    let resolveTimeout: TimeInterval
    let pipelines: [String: NotificationPipeline]
    public private(set) var store = AlertStore()
    public private(set) var dispatcher = Dispatcher()
    /// Silence ends up to this time have been handled.
    var silenceWatermark: Date
    var nextAlertGC: Date
    var nextMaintenance: Date

    /// - Parameters:
    ///   - integrations: the notifiers of each receiver by name; a receiver not listed (or listed
    ///     with none) drops its notifications, as a receiver without configurations does.
    ///   - silences, notificationLog: pass restored stores to keep state across restarts or reloads.
    ///   - alertHistory: told of every alert change worth keeping (see `AlertChange`).
    public init(config: AlertmanagerConfig, integrations: [String: [Integration]], clock: any RouterClock,
                options: RouterOptions = RouterOptions(), history: any NotificationHistory = NoNotificationHistory(),
                silences: Silences? = nil, notificationLog: NotificationLog? = nil,
                alertHistory: any AlertHistory = NoAlertHistory()) {
        let now = clock.now
        self.clock = clock
        self.alertHistory = alertHistory
        self.options = options
        self.silences = silences ?? Silences(clock: clock)
        self.notificationLog = notificationLog ?? NotificationLog()
        marker = AlertMarker()
        inhibitor = Inhibitor(rules: config.inhibitRules)
        route = config.routeTree
        resolveTimeout = config.global.resolveTimeout.seconds
        let environment = NotificationPipeline.Environment(
            inhibitor: inhibitor, silences: self.silences, log: self.notificationLog, marker: marker,
            intervals: config.allTimeIntervals, clock: clock, history: history, retry: options.retry,
            exactRepeatInterval: options.exactRepeatInterval)
        var pipelines: [String: NotificationPipeline] = [:]
        for r in config.receivers {
            pipelines[r.name] = NotificationPipeline(receiver: r.name, integrations: integrations[r.name] ?? [], environment: environment)
        }
        self.pipelines = pipelines
        silenceWatermark = now
        nextAlertGC = now.addingTimeInterval(options.alertGCInterval)
        nextMaintenance = now.addingTimeInterval(options.maintenanceInterval)
        let wake = self.wake
        self.silences.onChange { wake.signal() }
    }

    // MARK: Receiving

    /// Receives alerts as `POST /api/v2/alerts` does: each is stamped (start, `resolve_timeout`), checked,
    /// and the valid ones are stored and dispatched even when others are not. Returns the validation
    /// messages of the rejected ones, in order (upstream joins them with newlines).
    @discardableResult
    public func receive(_ posted: [PostableAlert]) -> [String] {
        let now = clock.now
        var problems: [String] = []
        var changes: [AlertChange] = []
        for p in posted {
            let alert = p.stamped(now: now, resolveTimeout: resolveTimeout)
            if let problem = PostableAlert.validate(alert) {
                problems.append(problem)
                continue
            }
            if let change = put(alert, now: now) { changes.append(change) }
        }
        if !changes.isEmpty { alertHistory.record(changes) }
        wake.signal()
        return problems
    }

    /// Stores and dispatches an alert that is already stamped (the ruler's own alerts, tests).
    public func insert(_ alert: Alert) {
        if let change = put(alert, now: clock.now) { alertHistory.record([change]) }
        wake.signal()
    }

    /// Stores and dispatches one alert; returns the change worth recording in the history, if any.
    private func put(_ alert: Alert, now: Date) -> AlertChange? {
        let previous = store[alert.fingerprint]
        let stored = store.put(alert, now: now)
        inhibitor.observe(stored)
        for r in route.matchingRoutes(for: stored.labels) {
            dispatcher.insert(stored, route: r, now: now)
        }
        return AlertChange.between(previous, stored, now: now)
    }

    // MARK: Time

    /// The next time something is due: a group flush, a silence ending, housekeeping.
    public func nextDeadline() -> Date? {
        var candidates = [nextAlertGC, nextMaintenance]
        if let d = dispatcher.nextDue { candidates.append(d) }
        if options.flushWhenSilenceEnds, let d = silences.nextEnd(after: silenceWatermark) { candidates.append(d) }
        return candidates.min()
    }

    /// Does everything due at `now` and returns the flushes it started; `runDue` awaits them.
    func beginDue(now: Date) -> [FlushBatch] {
        if options.flushWhenSilenceEnds {
            for s in silences.ended(after: silenceWatermark, upTo: now) {
                let silences = self.silences
                dispatcher.requestFlush(at: now) { silences.matches(s.id, $0.labels) }
            }
        }
        silenceWatermark = max(silenceWatermark, now)
        if now >= nextAlertGC {
            for a in store.collectResolved(now: now) where !dispatcher.holds(a.fingerprint) {
                marker.delete(a.fingerprint)
            }
            inhibitor.collect(now: now)
            nextAlertGC = Self.following(nextAlertGC, every: options.alertGCInterval, after: now)
        }
        if now >= nextMaintenance {
            silences.collect()
            notificationLog.collect(now: now)
            nextMaintenance = Self.following(nextMaintenance, every: options.maintenanceInterval, after: now)
        }
        return dispatcher.due(at: now).compactMap { dispatcher.beginFlush($0, now: now) }
    }

    static func following(_ last: Date, every interval: TimeInterval, after now: Date) -> Date {
        let next = last.addingTimeInterval(interval)
        return next > now ? next : now.addingTimeInterval(interval)
    }

    /// Runs one flush through its receiver's pipeline and applies the outcome to the group.
    func execute(_ batch: FlushBatch) async {
        let pipeline = pipelines[batch.context.receiver]
        let failure = await pipeline?.run(batch.alerts, context: batch.context)
        finish(batch, failure: failure)
    }

    private func finish(_ batch: FlushBatch, failure: PipelineError?) {
        let (removed, group) = dispatcher.finishFlush(batch, succeeded: failure == nil)
        for fp in removed where store[fp] == nil && !dispatcher.holds(fp) { marker.delete(fp) }
        if let group { marker.deleteGroup(group) }
        if let failure { lastFailures[batch.context.groupKey] = failure }
        wake.signal()
    }

    /// The last pipeline failure of each group (cleared never; for logs and tests).
    public private(set) var lastFailures: [String: PipelineError] = [:]

    /// Processes everything due at the clock's time (or at `now`, when a driver knows the deadline it
    /// woke for) and waits for the flushes, run in parallel, to finish.
    public func runDue(now: Date? = nil) async {
        let batches = beginDue(now: now ?? clock.now)
        await withTaskGroup(of: Void.self) { group in
            for b in batches { group.addTask { await self.execute(b) } }
        }
    }

    /// The service loop: until cancelled, processes what is due and sleeps until the next deadline or
    /// a change. Flushes run concurrently and do not hold up other groups.
    public func run() async {
        await withDiscardingTaskGroup { group in
            var deadline: Date?
            while !Task.isCancelled {
                for b in beginDue(now: effectiveNow(reached: deadline)) { group.addTask { await self.execute(b) } }
                deadline = nextDeadline()
                await wake.wait(until: deadline, clock: clock)
            }
            group.cancelAll()
        }
    }

    /// The clock's time, or the deadline slept for when the clock has reached it in nanoseconds: a date
    /// converted to nanoseconds and back can read a hair earlier than itself, and the deadline's work
    /// must then still count as due.
    nonisolated func effectiveNow(reached deadline: Date?) -> Date {
        let now = clock.now
        guard let deadline, clock.nowNanoseconds() >= deadline.nanosecondsSince1970 else { return now }
        return max(now, deadline)
    }

    /// Simulation: processes every deadline up to `target` in order, moving `clock` (which must be
    /// the router's clock) from one to the next, and leaves it at `target`.
    public func advance(to target: Date, on clock: SimulatedClock) async {
        while let d = nextDeadline(), d <= target {
            clock.set(d)
            await runDue(now: effectiveNow(reached: d))
        }
        clock.set(target)
    }
}
