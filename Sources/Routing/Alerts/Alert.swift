import Foundation
import TimeSeries

/// An alert as the router holds it (Alertmanager's `types.Alert`).
public struct Alert: Sendable, Hashable {
    public var labels: Labels
    /// Kept as sent, empty values included (label sets drop those; upstream keeps them in annotations).
    public var annotations: [String: String]
    public var startsAt: Date
    /// When the alert resolves (or resolved); `nil` means "no end known", which the flush uses for
    /// firing alerts, as upstream zeroes it.
    public var endsAt: Date?
    public var generatorURL: String
    /// When the router last received it.
    public var updatedAt: Date
    /// True when `endsAt` was not sent and the router set it to receipt time plus `resolve_timeout`.
    public var timeout: Bool

    public init(labels: Labels, annotations: [String: String] = [:], startsAt: Date, endsAt: Date? = nil,
                generatorURL: String = "", updatedAt: Date, timeout: Bool = false) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
        self.updatedAt = updatedAt
        self.timeout = timeout
    }

    public var fingerprint: AlertFingerprint { AlertFingerprint(labels) }

    /// The `alertname` label, or "".
    public var name: String { labels["alertname"] ?? "" }

    /// Resolved at `time`: it has an end and the end is not after `time` (upstream's `ResolvedAt`).
    public func isResolved(at time: Date) -> Bool {
        guard let endsAt else { return false }
        return endsAt <= time
    }

    /// Combines the stored alert (`self`) with a newer copy of the same alert (Alertmanager's
    /// `Alert.Merge`): the copy updated last wins, except that the earlier start is kept, and an end
    /// time from the older copy survives when it is later and (for a firing result) was not invented
    /// by `resolve_timeout`.
    /// `now` is the time of receipt (upstream reads the wall clock there).
    public func merging(_ other: Alert, now: Date) -> Alert {
        if other.updatedAt < updatedAt { return other.merging(self, now: now) }
        var result = other
        if startsAt < other.startsAt { result.startsAt = startsAt }
        if other.isResolved(at: now) {
            if isResolved(at: now), let mine = endsAt, let theirs = other.endsAt, mine > theirs { result.endsAt = mine }
        } else if let mine = endsAt, !timeout, mine > (other.endsAt ?? .distantPast) {
            result.endsAt = mine
        }
        return result
    }

    /// Alertmanager's order within a notification: by `job`, then `instance` (an alert that has the label
    /// sorts before one that lacks it), then the whole label set.
    public static func notificationOrder(_ a: Alert, _ b: Alert) -> Bool {
        for key in ["job", "instance"] {
            switch (a.labels[key], b.labels[key]) {
            case (nil, nil): continue
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?): if x != y { return x < y }
            }
        }
        return a.labels < b.labels
    }
}
