import Backends

/// What the ruler's outputs did — samples remote-written, alerts sent to external Alertmanagers — summed
/// over the backplanes of every reload, so the counters only grow.
struct OutputCounts: Sendable {
    struct RemoteWrite: Sendable { var sent = 0, failed = 0, dropped = 0, pending = 0 }
    struct Alertmanager: Sendable { var sent = 0, errors = 0 }

    /// By remote write name (its `name`, else its URL without query string or password).
    var remoteWrite: [String: RemoteWrite] = [:]
    /// By the Alertmanager's alerts URL (password hidden).
    var alertmanagers: [String: Alertmanager] = [:]
    var alertsDropped = 0
    var queueLength = 0
    var queueCapacity = 0

    /// The counters of a backplane being retired: totals carry over; queue lengths and capacities do not.
    mutating func addTotals(of other: OutputCounts) {
        for (name, r) in other.remoteWrite {
            var mine = remoteWrite[name] ?? RemoteWrite()
            mine.sent += r.sent
            mine.failed += r.failed
            mine.dropped += r.dropped
            remoteWrite[name] = mine
        }
        for (url, a) in other.alertmanagers {
            var mine = alertmanagers[url] ?? Alertmanager()
            mine.sent += a.sent
            mine.errors += a.errors
            alertmanagers[url] = mine
        }
        alertsDropped += other.alertsDropped
    }

    /// This backplane's counters plus `retired` totals.
    func adding(_ retired: OutputCounts) -> OutputCounts {
        var total = self
        total.addTotals(of: retired)
        return total
    }
}

extension Backplane {
    /// The counters of this backplane's queues and notifier now.
    func outputCounts() async -> OutputCounts {
        var counts = OutputCounts()
        for (queue, name) in zip(remoteWriteQueues, remoteWriteNames) {
            let c = await queue.counters
            var r = counts.remoteWrite[name] ?? OutputCounts.RemoteWrite()
            r.sent += c.sent
            r.failed += c.failed
            r.dropped += c.dropped
            r.pending += await queue.waitingCount
            counts.remoteWrite[name] = r
        }
        if let notifier {
            for (url, t) in await notifier.targets {
                counts.alertmanagers[url] = OutputCounts.Alertmanager(sent: t.sent, errors: t.errors)
            }
            counts.alertsDropped = await notifier.dropped
            counts.queueLength = await notifier.queueLength
            counts.queueCapacity = await notifier.configuration.queueCapacity
        }
        return counts
    }
}
