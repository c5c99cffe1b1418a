import Foundation
import TimeSeries

/// The alerts one route collects under one set of group label values, notified together (upstream's
/// `aggrGroup`). Timers are plain dates here; the dispatcher decides when a group is due.
public struct AggregationGroup: Sendable {
    /// Which group: the route (by its post-order index) and the fingerprint of the group labels.
    public struct ID: Hashable, Sendable, Comparable {
        public var route: Int
        public var labels: UInt64

        public static func < (a: ID, b: ID) -> Bool { (a.route, a.labels) < (b.route, b.labels) }
    }

    public let route: Route
    public let labels: Labels
    /// `{route key}:{group labels}`, e.g. `{}/{severity="critical"}:{alertname="Down", job="api"}`:
    /// what notifications and the notification log know the group by.
    public let key: String
    public var alerts: [AlertFingerprint: Alert] = [:]
    /// The next regular flush: `group_wait` after creation, then every `group_interval`.
    public var nextFlush: Date
    /// An extra flush requested because a silence ended (see `RouterOptions.flushWhenSilenceEnds`).
    public var extraFlush: Date?
    public var hasFlushed = false
    /// A flush is running; the group is not due again until it ends.
    public var flushing = false

    public var id: ID { ID(route: route.index, labels: labels.fingerprint) }

    init(route: Route, labels: Labels, createdAt: Date) {
        self.route = route
        self.labels = labels
        key = route.key + ":" + Self.labelSetString(labels)
        nextFlush = createdAt.addingTimeInterval(route.options.groupWait.seconds)
    }

    /// The labels of `alert` the route groups by (every label with `group_by: ['...']`).
    static func groupLabels(of alert: Alert, route: Route) -> Labels {
        route.options.groupByAll ? alert.labels : alert.labels.keeping(route.options.groupBy)
    }

    /// `model.LabelSet.String()`: names sorted, bare; values Go-quoted; `, ` between pairs.
    static func labelSetString(_ labels: Labels) -> String {
        "{" + labels.map { "\($0.name)=\(quoteGo($0.value))" }.joined(separator: ", ") + "}"
    }

    /// When the group next wants to flush, unless a flush is running.
    var due: Date? {
        if flushing { return nil }
        if let extraFlush { return min(extraFlush, nextFlush) }
        return nextFlush
    }

    /// The alerts of a flush at `now`, in notification order: resolved ones as they are, firing ones
    /// with their end time cleared so they cannot resolve while the notification is under way.
    func batch(at now: Date) -> [Alert] {
        alerts.values.map { a in
            var copy = a
            if !a.isResolved(at: now) { copy.endsAt = nil }
            return copy
        }.sorted(by: Alert.notificationOrder)
    }
}

extension PromDuration {
    var seconds: TimeInterval { TimeInterval(milliseconds) / 1000 }
}
