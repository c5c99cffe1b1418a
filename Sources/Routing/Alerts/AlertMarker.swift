import Foundation

/// Whether an alert is being notified (Alertmanager's `AlertState`).
public enum AlertState: String, Sendable, Hashable, Codable {
    /// Received but not yet through a notification pipeline.
    case unprocessed
    case active
    /// Silenced, inhibited or muted by a time interval.
    case suppressed
}

/// What the API reports about an alert (`status` of `GET /api/v2/alerts`).
public struct AlertStatus: Sendable, Hashable, Codable {
    public var state: AlertState = .unprocessed
    /// IDs of the active silences that match it.
    public var silencedBy: [String] = []
    /// Fingerprints (hex) of the alerts that inhibit it.
    public var inhibitedBy: [String] = []
    /// Names of the time intervals that mute its groups.
    public var mutedBy: [String] = []

    public init() {}
}

/// The pipeline's verdicts per alert and per group, kept for the API (upstream's marker). Shared between
/// the pipelines (which write) and the API (which reads), hence the lock.
public final class AlertMarker: @unchecked Sendable {
    private let lock = NSLock()
    private var alerts: [AlertFingerprint: AlertStatus] = [:]
    private var groupMutes: [String: [String]] = [:]

    public init() {}

    public func status(_ fp: AlertFingerprint) -> AlertStatus {
        lock.withLock { alerts[fp] ?? AlertStatus() }
    }

    /// Records the active silences matching an alert (none: not silenced).
    public func setSilenced(_ fp: AlertFingerprint, by ids: [String]) {
        lock.withLock {
            var s = alerts[fp] ?? AlertStatus()
            s.silencedBy = ids
            s.state = Self.state(s)
            alerts[fp] = s
        }
    }

    /// Records the alerts inhibiting an alert (none: not inhibited).
    public func setInhibited(_ fp: AlertFingerprint, by fingerprints: [String]) {
        lock.withLock {
            var s = alerts[fp] ?? AlertStatus()
            s.inhibitedBy = fingerprints
            s.state = Self.state(s)
            alerts[fp] = s
        }
    }

    /// Records the time intervals muting a group (by group key); empty: not muted.
    public func setMuted(groupKey: String, by names: [String]) {
        lock.withLock { groupMutes[groupKey] = names.isEmpty ? nil : names }
    }

    public func mutedBy(groupKey: String) -> [String] { lock.withLock { groupMutes[groupKey] ?? [] } }

    public func delete(_ fp: AlertFingerprint) { _ = lock.withLock { alerts.removeValue(forKey: fp) } }

    public func deleteGroup(_ key: String) { _ = lock.withLock { groupMutes.removeValue(forKey: key) } }

    static func state(_ s: AlertStatus) -> AlertState {
        s.silencedBy.isEmpty && s.inhibitedBy.isEmpty ? .active : .suppressed
    }
}
