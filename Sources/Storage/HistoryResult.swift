/// What a history query answers: alert changes and notification attempts, each newest first.
/// JSON: `{"alerts":[AlertChangeRecord...],"notifications":[NotificationAttemptRecord...]}` — the
/// `data` of `GET /api/v1/history`.
public struct HistoryResult: Sendable, Hashable, Codable {
    public var alerts: [AlertChangeRecord]
    public var notifications: [NotificationAttemptRecord]

    public init(alerts: [AlertChangeRecord] = [], notifications: [NotificationAttemptRecord] = []) {
        self.alerts = alerts
        self.notifications = notifications
    }
}
