import Foundation
import TimeSeries

/// What a notifier is told besides the alerts: enough to build Alertmanager's template data and
/// webhook payload (receiver, group key and labels, truncation) and to bound its own work (deadline).
public struct NotificationContext: Sendable, Hashable {
    public var receiver: String
    public var integration: IntegrationKey
    public var groupKey: String
    public var groupLabels: Labels
    /// The route's `labels:` (not rendered: templating them is the notifier's business).
    public var routeLabels: [String: String]
    /// Why this notification goes out.
    public var reason: NotifyReason
    /// The flush time the notification belongs to.
    public var flushTime: Date
    /// How many alerts `max_alerts` left out (the webhook payload's `truncatedAlerts`).
    public var truncatedAlerts: Int
    /// 1 for the first attempt of this flush.
    public var attempt: Int
    /// After this the retry stage gives up; a notifier may use it to bound a request.
    public var deadline: Date
}

/// One integration of a receiver (a webhook, an email address, ...): implemented by the `Notifiers`
/// target. `notify` returns when the receiving end accepted the alerts and throws otherwise; a
/// `NotifyFailure` says whether trying again may help (any other error counts as retryable, as a
/// network error would).
public protocol Notifier: Sendable {
    func notify(_ alerts: [Alert], context: NotificationContext) async throws
}

/// A failed notification, with Alertmanager's retry decision (for HTTP integrations: 5xx and 429 are
/// retryable, other 4xx are not).
public struct NotifyFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var retryable: Bool
    public var message: String

    public init(retryable: Bool, message: String) {
        self.retryable = retryable
        self.message = message
    }

    public var description: String { message }
}

/// A configured integration with its notifier: the unit the pipeline fans out to.
public struct Integration: Sendable {
    /// The integration type as upstream names it: "webhook", "email", "slack", "pagerduty", ...
    public var name: String
    /// Its position among the receiver's integrations of that type.
    public var index: Int
    public var sendResolved: Bool
    /// `max_alerts` (webhook): at most this many alerts per notification; 0 sends all.
    public var maxAlerts: Int
    public var notifier: any Notifier

    public init(name: String, index: Int = 0, sendResolved: Bool, maxAlerts: Int = 0, notifier: any Notifier) {
        self.name = name
        self.index = index
        self.sendResolved = sendResolved
        self.maxAlerts = maxAlerts
        self.notifier = notifier
    }

    /// `webhook[0]`, as upstream names an integration in messages.
    public var description: String { "\(name)[\(index)]" }
}
