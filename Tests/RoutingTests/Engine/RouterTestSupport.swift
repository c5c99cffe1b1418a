import Foundation
import TimeSeries
@testable import Routing

/// A notifier that records every call and fails as scripted.
final class CapturingNotifier: Notifier, @unchecked Sendable {
    struct Call {
        var time: Date
        var alerts: [Alert]
        var context: NotificationContext
    }

    private let lock = NSLock()
    private var recorded: [Call] = []
    private var script: [NotifyFailure?] = []
    private var alwaysFail: NotifyFailure?
    let clock: any RouterClock

    init(clock: any RouterClock) { self.clock = clock }

    /// The next calls fail with these (nil: succeed), in order.
    func failNext(_ failures: [NotifyFailure?]) { lock.withLock { script += failures } }
    func failAlways(_ failure: NotifyFailure?) { lock.withLock { alwaysFail = failure } }

    var calls: [Call] { lock.withLock { recorded } }

    func notify(_ alerts: [Alert], context: NotificationContext) async throws {
        let failure: NotifyFailure? = lock.withLock {
            recorded.append(Call(time: clock.now, alerts: alerts, context: context))
            if !script.isEmpty { return script.removeFirst() }
            return alwaysFail
        }
        if let failure { throw failure }
    }
}

/// Records history attempts.
final class RecordingHistory: NotificationHistory, @unchecked Sendable {
    private let lock = NSLock()
    private var items: [NotificationAttempt] = []
    var attempts: [NotificationAttempt] { lock.withLock { items } }
    func record(_ attempt: NotificationAttempt) async { lock.withLock { items.append(attempt) } }
}

/// A router on a simulated clock starting at 2024-01-01T00:00:00Z, with one capturing notifier per
/// receiver named in `notify` (as a webhook, send_resolved as given).
struct RouterHarness {
    static let t0 = Date(timeIntervalSince1970: 1_704_067_200)
    let clock: SimulatedClock
    let router: AlertRouter
    let notifiers: [String: CapturingNotifier]
    let history: RecordingHistory

    init(_ yaml: String, notify receivers: [String] = ["default"], sendResolved: Bool = true, maxAlerts: Int = 0,
         options: RouterOptions = RouterOptions()) throws {
        clock = SimulatedClock(Self.t0)
        let config = try AlertmanagerConfig.parse(yaml, file: "test.yml")
        var notifiers: [String: CapturingNotifier] = [:]
        var integrations: [String: [Integration]] = [:]
        for r in receivers {
            let n = CapturingNotifier(clock: clock)
            notifiers[r] = n
            integrations[r] = [Integration(name: "webhook", sendResolved: sendResolved, maxAlerts: maxAlerts, notifier: n)]
        }
        var opts = options
        opts.retry = RetryPolicy.deterministic
        history = RecordingHistory()
        let ids = IDCounter(prefix: "silence-")
        let silences = Silences(clock: clock, makeID: { ids.next() })
        router = AlertRouter(config: config, integrations: integrations, clock: clock, options: opts, history: history,
                             silences: silences)
        self.notifiers = notifiers
    }

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    func advance(to seconds: Double) async { await router.advance(to: Self.at(seconds), on: clock) }

    /// Posts one alert at the clock's time; `ends` in seconds from t0.
    @discardableResult
    func post(_ labels: [String: String], starts: Double? = nil, ends: Double? = nil) async -> [String] {
        await router.receive([PostableAlert(labels: labels, startsAt: starts.map(Self.at), endsAt: ends.map(Self.at))])
    }

    /// The notifications of a receiver as (seconds since t0, ["name:firing|resolved"]).
    func sends(_ receiver: String = "default") -> [Sent] {
        (notifiers[receiver]?.calls ?? []).map { call in
            Sent(at: (call.time.timeIntervalSince(Self.t0) * 1000).rounded() / 1000, alerts: call.alerts.map {
                ($0.labels["alertname"] ?? "?") + ($0.isResolved(at: call.context.flushTime) ? ":resolved" : ":firing")
            })
        }
    }

    /// Times (seconds since t0) of a receiver's notifications.
    func times(_ receiver: String = "default") -> [Double] { sends(receiver).map(\.at) }
}

struct Sent: Equatable, CustomStringConvertible {
    var at: Double
    var alerts: [String]
    var description: String { "\(at): \(alerts)" }
}

/// A route tree with the given timers and grouping, one receiver "default".
func simpleConfig(groupWait: String = "30s", groupInterval: String = "5m", repeatInterval: String = "4h",
                  groupBy: String = "[alertname]", resolveTimeout: String = "5m", extra: String = "") -> String {
    """
    global:
      resolve_timeout: \(resolveTimeout)
    route:
      receiver: default
      group_by: \(groupBy)
      group_wait: \(groupWait)
      group_interval: \(groupInterval)
      repeat_interval: \(repeatInterval)
    receivers:
      - name: default
    \(extra)
    """
}

/// Predictable silence IDs.
final class IDCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    let prefix: String
    init(prefix: String) { self.prefix = prefix }
    func next() -> String { lock.withLock { n += 1; return prefix + String(n) } }
}
