/// Why a flush notifies an integration (upstream's `NotifyReason`, with its texts).
public enum NotifyReason: String, Sendable, Hashable, Codable {
    case doNotNotify = "none"
    case firstNotification = "first notification"
    case newAlertsInGroup = "new alerts added"
    case newResolvedAlerts = "some alerts resolved"
    case allAlertsResolved = "all alerts resolved"
    case repeatIntervalElapsed = "repeat interval elapsed"
    /// Before the dedup stage has decided.
    case unknown

    public var shouldNotify: Bool { self != .doNotNotify }
}
