import Foundation
import TimeSeries

/// One call of a notifier, successful or not: what the history database stores.
public struct NotificationAttempt: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        case success
        /// Failed; the retry stage tries again if time allows.
        case retryableFailure
        /// Failed for good (the notifier said retrying would not help).
        case permanentFailure
    }

    public var context: NotificationContext
    /// The alerts passed to the notifier (after `send_resolved` filtering and `max_alerts`).
    public var alerts: [Alert]
    public var firing: [AlertFingerprint]
    public var resolved: [AlertFingerprint]
    public var startedAt: Date
    public var finishedAt: Date
    public var outcome: Outcome
    public var error: String?
}

/// Where the pipeline reports every notification attempt (the `Storage` target's history database
/// implements it). Called from the retry stage after each attempt.
public protocol NotificationHistory: Sendable {
    func record(_ attempt: NotificationAttempt) async
}

/// Keeps no history.
public struct NoNotificationHistory: NotificationHistory {
    public init() {}
    public func record(_ attempt: NotificationAttempt) async {}
}
