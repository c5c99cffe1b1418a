import TimeSeries

/// `exp_notifications` entry of a test group (a Vigil extension of promtool's format): the notifications
/// the Alertmanager configuration named by `alertmanager_config` sends in the window ending at `evalTime`.
///
/// The window starts just after the previous entry's `eval_time` (the start of the test for the first
/// entry) and includes `evalTime` itself, so consecutive entries see every notification exactly once and
/// `notifications: []` asserts that nothing was sent in between.
public struct NotificationTest: Sendable {
    public var evalTime: PromDuration
    public var notifications: [ExpectedNotification]
    public var position: SourcePosition
}

/// One expected notification: one flush of one aggregation group to one receiver.
public struct ExpectedNotification: Sendable {
    public var receiver: String
    /// The group's labels (the values of the route's `group_by` labels).
    public var groupLabels: [String: String]
    /// Alertmanager's notification status: firing when any alert in it fires. Firing when not given.
    public var status: NotificationStatus
    public var alerts: [ExpectedNotificationAlert]
}

/// An alert inside an expected notification: its full label set (alertname included, as the router got
/// it: external labels too), its annotations, and whether it is firing or resolved at the flush.
public struct ExpectedNotificationAlert: Sendable {
    public var labels: [String: String]
    public var annotations: [String: String]
    public var status: NotificationStatus
}

public enum NotificationStatus: String, Sendable, Hashable, Comparable {
    case firing, resolved

    public static func < (a: NotificationStatus, b: NotificationStatus) -> Bool { a.rawValue < b.rawValue }
}

/// `silences` entry of a test group: a silence that exists from the start of the test, active from
/// `startsAt` to `endsAt` (durations from the test's start).
public struct TestSilence: Sendable {
    /// Matchers in Alertmanager's syntax (`severity="warning"`, `team=~"db|web"`), all of which must match.
    public var matchers: [String]
    public var startsAt: PromDuration
    public var endsAt: PromDuration
    public var position: SourcePosition
}
