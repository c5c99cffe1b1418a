import Foundation
import Routing

/// One notification attempt as the history shows it. JSON (see `HistoryJSON` for times):
///
/// ```json
/// {"alerts":[{"fingerprint":"5c5d4a4e3b6f0a11","labels":{"alertname":"Down","job":"api"},"state":"firing"}],
///  "attempt":1,"durationSeconds":0.012,"error":null,"finishedAt":"2026-01-02T03:04:35.012Z",
///  "groupKey":"{}:{alertname=\"Down\"}","groupLabels":{"alertname":"Down"},"id":1,
///  "integration":"webhook","integrationIndex":0,"outcome":"success","reason":"first notification",
///  "receiver":"team","time":"2026-01-02T03:04:35.000Z","truncatedAlerts":0}
/// ```
/// `time` is when the attempt started; `outcome` is `success`, `retryableFailure` or
/// `permanentFailure`, with the notifier's message in `error` (`null` on success); `reason` is
/// Alertmanager's text for why the flush notified; `attempt` counts from 1 within one flush.
public struct NotificationAttemptRecord: Sendable, Hashable, Codable {
    /// An alert as it was sent.
    public struct SentAlert: Sendable, Hashable, Codable {
        public var fingerprint: String
        public var state: AlertChange.State
        public var labels: [String: String]

        public init(fingerprint: String, state: AlertChange.State, labels: [String: String]) {
            self.fingerprint = fingerprint
            self.state = state
            self.labels = labels
        }
    }

    public var id: Int64
    public var time: Date
    public var finishedAt: Date
    public var durationSeconds: Double
    public var receiver: String
    public var integration: String
    public var integrationIndex: Int
    public var groupKey: String
    public var groupLabels: [String: String]
    public var reason: String
    public var attempt: Int
    public var outcome: NotificationAttempt.Outcome
    public var error: String?
    public var truncatedAlerts: Int
    public var alerts: [SentAlert]

    public init(id: Int64, time: Date, finishedAt: Date, receiver: String, integration: String, integrationIndex: Int,
                groupKey: String, groupLabels: [String: String], reason: String, attempt: Int,
                outcome: NotificationAttempt.Outcome, error: String?, truncatedAlerts: Int, alerts: [SentAlert]) {
        self.id = id
        self.time = time
        self.finishedAt = finishedAt
        // Milliseconds are what a notifier's time means; the stored times carry float noise below that.
        durationSeconds = (finishedAt.timeIntervalSince(time) * 1000).rounded() / 1000
        self.receiver = receiver
        self.integration = integration
        self.integrationIndex = integrationIndex
        self.groupKey = groupKey
        self.groupLabels = groupLabels
        self.reason = reason
        self.attempt = attempt
        self.outcome = outcome
        self.error = error
        self.truncatedAlerts = truncatedAlerts
        self.alerts = alerts
    }

    enum CodingKeys: String, CodingKey {
        case id, time, finishedAt, durationSeconds, receiver, integration, integrationIndex, groupKey, groupLabels
        case reason, attempt, outcome, error, truncatedAlerts, alerts
    }

    /// Written by hand so that a missing error is `null`, not an absent key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(time, forKey: .time)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(receiver, forKey: .receiver)
        try c.encode(integration, forKey: .integration)
        try c.encode(integrationIndex, forKey: .integrationIndex)
        try c.encode(groupKey, forKey: .groupKey)
        try c.encode(groupLabels, forKey: .groupLabels)
        try c.encode(reason, forKey: .reason)
        try c.encode(attempt, forKey: .attempt)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(error, forKey: .error)
        try c.encode(truncatedAlerts, forKey: .truncatedAlerts)
        try c.encode(alerts, forKey: .alerts)
    }

}
