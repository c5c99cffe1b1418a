import Foundation
import TimeSeries

/// One flush handed to a pipeline.
public struct FlushBatch: Sendable {
    public var group: AggregationGroup.ID
    public var alerts: [Alert]
    public var context: FlushContext
}

/// Sorts alerts into aggregation groups and keeps their timers (upstream's `Dispatcher`, minus the
/// goroutines: `due`, `beginFlush` and `finishFlush` are called by the router at the right times).
public struct Dispatcher: Sendable {
    public private(set) var groups: [AggregationGroup.ID: AggregationGroup] = [:]
    /// Due times of the groups; its top is always a live entry (see `pruneSchedule`).
    private var schedule = DueSchedule()
    /// How many groups hold each alert, so `holds` does not scan every group.
    private var holders: [AlertFingerprint: Int] = [:]

    public init() {}

    /// Puts an alert (its latest stored version) into the group of `route` it belongs to, creating the
    /// group if needed. A new group flushes `group_wait` after its creation, or at once when the alert
    /// started more than `group_wait` ago: it has been waiting already (upstream's check, made only
    /// when the group is created).
    public mutating func insert(_ alert: Alert, route: Route, now: Date) {
        let labels = AggregationGroup.groupLabels(of: alert, route: route)
        let id = AggregationGroup.ID(route: route.index, labels: labels.fingerprint)
        if groups[id] == nil {
            var group = AggregationGroup(route: route, labels: labels, createdAt: now)
            if alert.startsAt.addingTimeInterval(route.options.groupWait.seconds) < now { group.nextFlush = now }
            groups[id] = group
            reschedule(id)
        }
        let replaced: Alert?? = groups[id]?.alerts.updateValue(alert, forKey: alert.fingerprint)
        if case .some(.none) = replaced { holders[alert.fingerprint, default: 0] += 1 }
    }

    /// The earliest time a group wants to flush.
    public var nextDue: Date? { schedule.top?.time }

    /// The groups due at `now`, in a stable order. They leave the schedule: `beginFlush` (which the caller
    /// must call for each) and `finishFlush` put them back with their next time.
    public mutating func due(at now: Date) -> [AggregationGroup.ID] {
        var ids: [AggregationGroup.ID] = []
        while let top = schedule.top, top.time <= now {
            schedule.popTop()
            if let due = groups[top.id]?.due, due == top.time { ids.append(top.id) }
        }
        pruneSchedule()
        return Array(Set(ids)).sorted()
    }

    /// Adds the group's current due time to the schedule.
    private mutating func reschedule(_ id: AggregationGroup.ID) {
        if let due = groups[id]?.due { schedule.push(due, id) }
        pruneSchedule()
    }

    /// Drops entries at the top that no longer match their group (removed, flushing, moved).
    private mutating func pruneSchedule() {
        while let top = schedule.top, groups[top.id]?.due != top.time { schedule.popTop() }
    }

    /// Starts a flush: the group's next regular flush moves one `group_interval` on (from the scheduled
    /// time, so the cadence does not drift; from `now` when the router fell behind by more than that).
    public mutating func beginFlush(_ id: AggregationGroup.ID, now: Date) -> FlushBatch? {
        guard var g = groups[id], let due = g.due, due <= now else { return nil }
        let interval = g.route.options.groupInterval.seconds
        if g.nextFlush <= now {
            let next = g.nextFlush.addingTimeInterval(interval)
            g.nextFlush = next > now ? next : now.addingTimeInterval(interval)
        }
        // An extra flush happens once; a regular flush covers it too.
        g.extraFlush = nil
        g.hasFlushed = true
        g.flushing = true
        groups[id] = g
        pruneSchedule()
        // Upstream gives a flush until the next one to finish, and at least 10 seconds.
        let deadline = now.addingTimeInterval(max(interval, 10))
        let context = FlushContext(groupKey: g.key, groupLabels: g.labels, receiver: g.route.options.receiver,
                                   route: g.route.options, now: now, deadline: deadline)
        return FlushBatch(group: id, alerts: g.batch(at: now), context: context)
    }

    /// Ends a flush. After a successful one the resolved alerts it carried are dropped, unless they
    /// changed meanwhile (fired again); a group left empty is removed and its key returned.
    public mutating func finishFlush(_ batch: FlushBatch, succeeded: Bool) -> (removedAlerts: [AlertFingerprint], removedGroup: String?) {
        guard var g = groups[batch.group] else { return ([], nil) }
        g.flushing = false
        var removed: [AlertFingerprint] = []
        if succeeded {
            for a in batch.alerts where a.isResolved(at: batch.context.now) {
                let fp = a.fingerprint
                if let stored = g.alerts[fp], stored.updatedAt == a.updatedAt {
                    g.alerts[fp] = nil
                    removed.append(fp)
                    release(fp)
                }
            }
        }
        if g.alerts.isEmpty {
            groups[batch.group] = nil
            pruneSchedule()
            return (removed, g.key)
        }
        groups[batch.group] = g
        reschedule(batch.group)
        return (removed, nil)
    }

    private mutating func release(_ fp: AlertFingerprint) {
        guard let n = holders[fp] else { return }
        holders[fp] = n > 1 ? n - 1 : nil
    }

    /// Asks for an extra flush at `at` of the groups (already flushed once) holding an alert `matches`
    /// accepts.
    public mutating func requestFlush(at time: Date, where matches: (Alert) -> Bool) {
        for (id, g) in groups where g.hasFlushed && g.alerts.values.contains(where: matches) {
            groups[id]?.extraFlush = min(g.extraFlush ?? time, time)
            reschedule(id)
        }
    }

    /// Whether any group still holds the alert.
    public func holds(_ fp: AlertFingerprint) -> Bool { holders[fp] != nil }
}
