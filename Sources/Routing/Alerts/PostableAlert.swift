import Foundation
import TimeSeries

/// An alert as a client posts it (`POST /api/v2/alerts`), before the router stamps it.
public struct PostableAlert: Sendable, Hashable {
    /// Label pairs as sent; pairs with an empty value are dropped, as upstream's `removeEmptyLabels` does.
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: Date?
    public var endsAt: Date?
    public var generatorURL: String

    public init(labels: [String: String], annotations: [String: String] = [:], startsAt: Date? = nil,
                endsAt: Date? = nil, generatorURL: String = "") {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    /// The alert the router stores, stamped as Alertmanager's API stamps it at `now`: a missing start
    /// becomes the end (when given) or `now`; a missing end becomes `now + resolveTimeout` with the
    /// timeout flag, so an alert that stops being sent resolves by itself.
    public func stamped(now: Date, resolveTimeout: TimeInterval) -> Alert {
        let start = startsAt ?? endsAt ?? now
        var alert = Alert(labels: Labels(labels), annotations: annotations, startsAt: start, endsAt: endsAt,
                          generatorURL: generatorURL, updatedAt: now)
        if endsAt == nil {
            alert.timeout = true
            alert.endsAt = now.addingTimeInterval(resolveTimeout)
        }
        return alert
    }

    /// Alertmanager's `Alert.Validate` on the stamped alert, with its messages; nil when valid.
    /// Label names are checked as in Alertmanager's default (UTF-8) mode: any non-empty name.
    public static func validate(_ alert: Alert) -> String? {
        if let end = alert.endsAt, end < alert.startsAt { return "start time must be before end time" }
        if alert.labels.isEmpty { return "at least one label pair required" }
        if let bad = alert.labels.first(where: { $0.name.isEmpty }) {
            return "invalid label set: invalid name \(quoteGo(bad.name))"
        }
        if alert.annotations.keys.contains("") { return "invalid annotations: invalid name \"\"" }
        return nil
    }
}
