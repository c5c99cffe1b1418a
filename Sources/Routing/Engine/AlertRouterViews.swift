import Foundation
import TimeSeries

/// An aggregation group as the API shows it (`GET /api/v2/alerts/groups`).
public struct AlertGroupView: Sendable, Hashable {
    public var labels: Labels
    public var receiver: String
    public var groupKey: String
    public var routeID: String
    public var alerts: [Alert]
}

/// An alert as the API shows it (`GET /api/v2/alerts`).
public struct AlertView: Sendable, Hashable {
    public var alert: Alert
    public var status: AlertStatus
    /// The receivers of the routes it matches, sorted.
    public var receivers: [String]
}

extension AlertRouter {
    /// The groups with their alerts, sorted by group labels then receiver, alerts in notification order.
    public func groupViews() -> [AlertGroupView] {
        dispatcher.groups.values.map { g in
            AlertGroupView(labels: g.labels, receiver: g.route.options.receiver, groupKey: g.key, routeID: g.route.id,
                           alerts: g.alerts.values.sorted(by: Alert.notificationOrder))
        }.sorted { ($0.labels, $0.receiver) < ($1.labels, $1.receiver) }
    }

    /// Every stored alert with its status refreshed at the clock's time, as upstream's API does before
    /// answering: silences and inhibitions are looked up now, time-interval mutes come from the groups'
    /// last flush. Sorted by fingerprint.
    public func alertViews() -> [AlertView] {
        let now = clock.now
        var mutedBy: [AlertFingerprint: Set<String>] = [:]
        for g in dispatcher.groups.values {
            let names = marker.mutedBy(groupKey: g.key)
            if names.isEmpty { continue }
            for fp in g.alerts.keys { mutedBy[fp, default: []].formUnion(names) }
        }
        return store.alerts.values.sorted { $0.fingerprint < $1.fingerprint }.map { a in
            let fp = a.fingerprint
            marker.setSilenced(fp, by: silences.activeSilences(matching: a.labels, at: now))
            marker.setInhibited(fp, by: inhibitor.inhibitor(of: a.labels, now: now).map { [$0.description] } ?? [])
            var status = marker.status(fp)
            status.mutedBy = (mutedBy[fp] ?? []).sorted()
            if !status.mutedBy.isEmpty { status.state = .suppressed }
            let receivers = Set(route.matchingRoutes(for: a.labels).map(\.options.receiver)).sorted()
            return AlertView(alert: a, status: status, receivers: receivers)
        }
    }
}

extension AlertRouter {
    /// Alerts not yet resolved, by the state their last pipeline run or API look gave them (Alertmanager's
    /// `alertmanager_alerts` gauge).
    public func unresolvedAlertCounts() -> [AlertState: Int] {
        let now = clock.now
        var counts: [AlertState: Int] = [:]
        for a in store.alerts.values where !a.isResolved(at: now) {
            counts[marker.status(a.fingerprint).state, default: 0] += 1
        }
        return counts
    }

    /// The number of aggregation groups.
    public var aggregationGroupCount: Int { dispatcher.groups.count }
}
