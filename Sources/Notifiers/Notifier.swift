import GoTemplate
import TimeSeries

/// What the router hands a receiver's integration: one aggregation group's alerts as Alertmanager's
/// template data (`template.Data`), the group's key, and how many alerts the router already left out.
///
/// The type is the notifiers' own, independent of the router's internals, so the engine only has to
/// build an `AlertmanagerData`.
public struct Notification: Sendable {
    /// Receiver name, status, alerts, group/common labels and annotations, external URL.
    public var data: AlertmanagerData
    /// The aggregation group's key (`{}/{severity="page"}:{alertname="X"}`), as upstream's `notify.Key`.
    public var groupKey: String
    /// Alerts the router dropped before calling the notifier; an integration's own `max_alerts`
    /// truncation is added to this in the payload.
    public var truncatedAlerts: UInt64

    public init(data: AlertmanagerData, groupKey: String, truncatedAlerts: UInt64 = 0) {
        self.data = data
        self.groupKey = groupKey
        self.truncatedAlerts = truncatedAlerts
    }
}

/// One integration of a receiver (a webhook URL, an email address, a Slack channel). `notify` makes
/// exactly one attempt; the router's retry stage decides, from `NotifyError.retryable`, whether to try
/// again with backoff.
public protocol Notifier: Sendable {
    /// The integration's name as Alertmanager's metrics and logs name it (`webhook`, `email`, `slack`).
    var integration: String { get }
    /// Whether resolved notifications are sent (`send_resolved`).
    var sendResolved: Bool { get }
    /// Delivers the notification once. Returns what the receiver answered, for the history.
    func notify(_ notification: Notification) async throws(NotifyError) -> NotifyOutcome
}

/// A successful delivery, as the history records it.
public struct NotifyOutcome: Sendable, Equatable {
    /// The HTTP status, or the SMTP reply code to the end of DATA.
    public var status: Int?
    /// A short description (`HTTP 200`, `250 OK: queued`).
    public var details: String

    public init(status: Int? = nil, details: String) {
        self.status = status
        self.details = details
    }
}

/// Why an attempt failed and whether trying again could help: network errors, timeouts, 5xx and (for the
/// integrations whose APIs rate-limit) 429 are retryable; other 4xx, configuration and template errors
/// are not, as upstream's `Retrier` decides.
public struct NotifyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Upstream's failure reasons (the `reason` label of `alertmanager_notifications_failed_total`).
    public enum Reason: String, Sendable {
        case other, clientError, serverError, contextCanceled, contextDeadlineExceeded, authError, rateLimited

        /// Upstream's `GetFailureReasonFromStatusCode`.
        public init(status: Int) {
            switch status {
            case 401, 403: self = .authError
            case 429: self = .rateLimited
            case 400...499: self = .clientError
            case 500...599: self = .serverError
            default: self = .other
            }
        }
    }

    public var retryable: Bool
    public var reason: Reason
    /// The HTTP status or SMTP reply code, when the receiver answered.
    public var status: Int?
    /// A sentence for logs and the history; never holds a secret (URLs are redacted).
    public var message: String

    public init(retryable: Bool, reason: Reason = .other, status: Int? = nil, message: String) {
        self.retryable = retryable
        self.reason = reason
        self.status = status
        self.message = message
    }

    public var description: String { message }

    /// A mistake in the configuration or a template: trying again gives the same result.
    static func permanent(_ message: String) -> NotifyError { NotifyError(retryable: false, message: message) }
}

/// The `User-Agent` of every notification request: upstream sends `Alertmanager/<version>`.
public enum NotifierUserAgent {
    public static let version = VigilVersion.version
    public static let value = "Vigil/\(version)"
}
