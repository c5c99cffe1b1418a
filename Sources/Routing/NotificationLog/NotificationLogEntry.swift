import Foundation

/// Who was notified: the receiver, the integration type and its position among the receiver's
/// integrations of that type (upstream's `nflogpb.Receiver`).
public struct IntegrationKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var receiver: String
    /// "webhook", "email", "slack", ...
    public var integration: String
    public var index: Int

    public init(receiver: String, integration: String, index: Int) {
        self.receiver = receiver
        self.integration = integration
        self.index = index
    }

    /// `receiver/integration/index`, as upstream keys log entries.
    public var description: String { "\(receiver)/\(integration)/\(index)" }
}

/// The last successful notification of one group to one integration.
public struct NotificationLogEntry: Sendable, Hashable, Codable {
    public var groupKey: String
    public var integration: IntegrationKey
    /// When it was sent (see `RouterOptions.exactRepeatInterval` for which instant that is).
    public var timestamp: Date
    /// Fingerprints of the alerts sent as firing, and as resolved. Upstream stores an xxhash of the label
    /// set; the fingerprint serves the same purpose (identity of an alert's labels).
    public var firingAlerts: Set<AlertFingerprint>
    public var resolvedAlerts: Set<AlertFingerprint>
    /// When the entry is dropped.
    public var expiresAt: Date

    public init(groupKey: String, integration: IntegrationKey, timestamp: Date, firingAlerts: Set<AlertFingerprint>,
                resolvedAlerts: Set<AlertFingerprint>, expiresAt: Date) {
        self.groupKey = groupKey
        self.integration = integration
        self.timestamp = timestamp
        self.firingAlerts = firingAlerts
        self.resolvedAlerts = resolvedAlerts
        self.expiresAt = expiresAt
    }
}
