import Foundation

/// Lets a flush through to an integration only when it has something to say (upstream's DedupStage):
/// the first notification, new firing alerts, newly resolved alerts (with `send_resolved`), all alerts
/// resolved, or the repeat interval elapsed since the last notification.
public struct DedupStage: NotificationStage {
    public let log: NotificationLog
    public let integration: IntegrationKey
    public let sendResolved: Bool
    /// See `RouterOptions.exactRepeatInterval`.
    public let exactRepeatInterval: Bool

    public init(log: NotificationLog, integration: IntegrationKey, sendResolved: Bool, exactRepeatInterval: Bool) {
        self.log = log
        self.integration = integration
        self.sendResolved = sendResolved
        self.exactRepeatInterval = exactRepeatInterval
    }

    public func run(_ alerts: [Alert], _ context: inout FlushContext) async throws(PipelineError) -> [Alert] {
        var firing: Set<AlertFingerprint> = []
        var resolved: Set<AlertFingerprint> = []
        for a in alerts {
            if a.isResolved(at: context.now) { resolved.insert(a.fingerprint) } else { firing.insert(a.fingerprint) }
        }
        context.firing = firing
        context.resolved = resolved
        let entry = log.entry(groupKey: context.groupKey, integration: integration)
        let repeatInterval = TimeInterval(context.route.repeatInterval.milliseconds) / 1000
        context.reason = Self.needsUpdate(entry: entry, firing: firing, resolved: resolved, sendResolved: sendResolved,
                                          repeatInterval: repeatInterval, now: context.now, exact: exactRepeatInterval)
        return context.reason.shouldNotify ? alerts : []
    }

    /// Upstream's `needsUpdate`. The repeat check is the one place where Vigil may differ on purpose:
    /// upstream repeats when the last notification is strictly older than `now - repeat_interval`, and
    /// stamps the log entry when the send finished, a little after the flush tick. With
    /// `repeat_interval` equal to `group_interval` the next flush then finds the entry exactly one
    /// period old, or a few milliseconds younger, and skips: the group repeats every second period.
    /// `exact` compares with `<=` (and the set-notifies stage stamps the flush time instead of the end
    /// of the send), so the repeat happens at the first flush at least `repeat_interval` after the last.
    public static func needsUpdate(entry: NotificationLogEntry?, firing: Set<AlertFingerprint>, resolved: Set<AlertFingerprint>,
                                   sendResolved: Bool, repeatInterval: TimeInterval, now: Date, exact: Bool) -> NotifyReason {
        guard let entry else { return firing.isEmpty ? .doNotNotify : .firstNotification }
        if !firing.isSubset(of: entry.firingAlerts) {
            return entry.firingAlerts.isEmpty ? .firstNotification : .newAlertsInGroup
        }
        if firing.isEmpty {
            return entry.firingAlerts.isEmpty ? .doNotNotify : .allAlertsResolved
        }
        if sendResolved && !resolved.isSubset(of: entry.resolvedAlerts) { return .newResolvedAlerts }
        let threshold = now.addingTimeInterval(-repeatInterval)
        let elapsed = exact ? entry.timestamp <= threshold : entry.timestamp < threshold
        return elapsed ? .repeatIntervalElapsed : .doNotNotify
    }
}

/// Records a successful notification in the log (upstream's SetNotifiesStage), with an expiry of twice
/// the repeat interval.
public struct SetNotifiesStage: NotificationStage {
    public let log: NotificationLog
    public let integration: IntegrationKey
    public let clock: any RouterClock
    public let exactRepeatInterval: Bool

    public init(log: NotificationLog, integration: IntegrationKey, clock: any RouterClock, exactRepeatInterval: Bool) {
        self.log = log
        self.integration = integration
        self.clock = clock
        self.exactRepeatInterval = exactRepeatInterval
    }

    public func run(_ alerts: [Alert], _ context: inout FlushContext) async throws(PipelineError) -> [Alert] {
        let repeatInterval = TimeInterval(context.route.repeatInterval.milliseconds) / 1000
        // Upstream stamps the time the send finished; the exact mode stamps the flush it belongs to, so
        // the next repeat is measured from the flush schedule and not from how long the receiver took.
        let stamp = exactRepeatInterval ? context.now : max(clock.now, context.now)
        do {
            try log.record(groupKey: context.groupKey, integration: integration, firing: context.firing,
                           resolved: context.resolved, timestamp: stamp, expiry: 2 * repeatInterval)
        } catch {
            // Upstream fails the flush when its log cannot be written; the group tries again.
            throw PipelineError(["\(integration): cannot record the notification in the log: \(error)"])
        }
        return alerts
    }
}
