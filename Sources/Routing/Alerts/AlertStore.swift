import Foundation

/// Every alert the router has received and not yet collected, by fingerprint (Alertmanager's in-memory
/// alert provider). Aggregation groups keep their own copies until they have notified a resolution, so
/// collecting resolved alerts here never loses a "resolved" notification.
public struct AlertStore: Sendable {
    public private(set) var alerts: [AlertFingerprint: Alert] = [:]

    public init() {}

    public var count: Int { alerts.count }

    public subscript(fp: AlertFingerprint) -> Alert? { alerts[fp] }

    /// Stores a received alert and returns the version now held. A copy whose activity overlaps the
    /// stored one's is merged with it (`Alert.merging`); otherwise it replaces it, as upstream does:
    /// an alert that fires again after resolving starts a new activity range.
    @discardableResult
    public mutating func put(_ alert: Alert, now: Date) -> Alert {
        let fp = alert.fingerprint
        var stored = alert
        if let old = alerts[fp] {
            let newEnd = alert.endsAt ?? .distantPast
            let oldEnd = old.endsAt ?? .distantPast
            let endInside = newEnd > old.startsAt && newEnd < oldEnd
            let startInside = alert.startsAt > old.startsAt && alert.startsAt < oldEnd
            if endInside || startInside { stored = old.merging(alert, now: now) }
        }
        alerts[fp] = stored
        return stored
    }

    /// Drops the alerts resolved at `now` and returns them (upstream's periodic GC, every 30 minutes).
    public mutating func collectResolved(now: Date) -> [Alert] {
        let resolved = alerts.values.filter { $0.isResolved(at: now) }
        for a in resolved { alerts[a.fingerprint] = nil }
        return resolved
    }
}
