import Foundation
import TimeSeries

/// A change of a received alert worth keeping in the history: the router records one when it first
/// sees an alert, when the alert turns from firing to resolved or back, and when its annotations change.
/// An identical re-post (Prometheus re-sends every firing alert each evaluation) records nothing.
public struct AlertChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Not held by the router before (new, or collected after resolving).
        case new
        /// Firing became resolved or resolved became firing.
        case state
        /// Same state, other annotations.
        case annotations
    }

    public enum State: String, Sendable, Hashable, Codable {
        case firing, resolved
    }

    public var kind: Kind
    /// Firing or resolved at `receivedAt`.
    public var state: State
    /// The alert as the router holds it after the change (merged with the copy it had).
    public var alert: Alert
    public var receivedAt: Date

    public init(kind: Kind, state: State, alert: Alert, receivedAt: Date) {
        self.kind = kind
        self.state = state
        self.alert = alert
        self.receivedAt = receivedAt
    }

    /// What changed from `previous` (the copy held before, if any) to `current` at `now`; nil when
    /// nothing worth recording did. A state change wins over an annotation change made with it.
    public static func between(_ previous: Alert?, _ current: Alert, now: Date) -> AlertChange? {
        let state: State = current.isResolved(at: now) ? .resolved : .firing
        guard let previous else { return AlertChange(kind: .new, state: state, alert: current, receivedAt: now) }
        let before: State = previous.isResolved(at: now) ? .resolved : .firing
        if before != state { return AlertChange(kind: .state, state: state, alert: current, receivedAt: now) }
        if previous.annotations != current.annotations {
            return AlertChange(kind: .annotations, state: state, alert: current, receivedAt: now)
        }
        return nil
    }
}

/// Where the router reports alert changes (the `Storage` target's database implements it). Called on
/// the router's actor once per received batch (a `POST /api/v2/alerts` body, a ruler evaluation's
/// alerts), so a database can write the batch in one transaction; it must return quickly and never call
/// the router.
public protocol AlertHistory: Sendable {
    func record(_ changes: [AlertChange])
}

extension AlertHistory {
    /// One change on its own.
    public func record(_ change: AlertChange) { record([change]) }
}

/// Keeps no alert history.
public struct NoAlertHistory: AlertHistory {
    public init() {}
    public func record(_ changes: [AlertChange]) {}
}
