import Rules

/// Sends alerts to a set of Alertmanagers with Prometheus's notifier semantics (`notifier/manager.go`
/// before per-Alertmanager send loops, the design of Prometheus 2.x):
///
/// - one queue of at most `queueCapacity` alerts (10,000); a batch larger than the capacity keeps its newest
///   alerts, and a full queue drops its oldest alerts, both counted as dropped;
/// - alerts leave in batches of at most `maxBatchSize` (64), each batch to every Alertmanager at once;
/// - a batch that reached no Alertmanager counts as dropped; each Alertmanager counts what it was sent and
///   its errors;
/// - `shutdown()` drains the queue before stopping (upstream's `DrainOnShutdown`).
///
/// External labels and alert relabelling are the caller's (the ruler applies them before `send`).
public actor AlertmanagerNotifier {
    public struct Configuration: Sendable, Hashable {
        public var queueCapacity: Int
        public var maxBatchSize: Int
        public init(queueCapacity: Int = 10_000, maxBatchSize: Int = 64) {
            self.queueCapacity = max(1, queueCapacity)
            self.maxBatchSize = max(1, maxBatchSize)
        }
    }

    /// Per Alertmanager: alerts delivered and alerts whose batch failed there.
    public struct TargetCounters: Sendable, Hashable {
        public var sent = 0
        public var errors = 0
        public init() {}
    }

    public let configuration: Configuration
    public let alertmanagers: [AlertmanagerClient]

    /// Alerts dropped: queue overflow, and batches no Alertmanager accepted.
    public private(set) var dropped = 0
    /// Keyed by each Alertmanager's `alertsURL`.
    public private(set) var targets: [String: TargetCounters] = [:]

    private var queue: [AlertNotification] = []
    private var sender: Task<Void, Never>?
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var closed = false

    public init(alertmanagers: [AlertmanagerClient], configuration: Configuration = Configuration()) {
        self.alertmanagers = alertmanagers
        self.configuration = configuration
        for am in alertmanagers { targets[am.alertsURL] = TargetCounters() }
    }

    public var queueLength: Int { queue.count }

    /// Queues alerts for sending; returns at once.
    public func send(_ alerts: [AlertNotification]) {
        guard !alerts.isEmpty else { return }
        if closed {
            dropped += alerts.count
            return
        }
        var incoming = alerts
        if incoming.count > configuration.queueCapacity {
            let d = incoming.count - configuration.queueCapacity
            dropped += d
            incoming.removeFirst(d)
        }
        let overflow = queue.count + incoming.count - configuration.queueCapacity
        if overflow > 0 {
            dropped += overflow
            queue.removeFirst(overflow)
        }
        queue += incoming
        if sender == nil { sender = Task { await self.sendLoop() } }
    }

    /// Waits until the queue is empty and no batch is out.
    public func drain() async {
        guard sender != nil || !queue.isEmpty else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// Drains, then refuses further alerts (counted as dropped) and closes the HTTP clients.
    public func shutdown() async {
        await drain()
        closed = true
        for am in alertmanagers { await am.shutdown() }
    }

    private func sendLoop() async {
        while !queue.isEmpty {
            let n = min(queue.count, configuration.maxBatchSize)
            let batch = Array(queue.prefix(n))
            queue.removeFirst(n)
            let results = await Self.sendAll(batch, to: alertmanagers)
            // With no Alertmanager configured nothing was attempted, and upstream counts nothing as dropped.
            var delivered = results.isEmpty
            for (url, ok) in results {
                if ok {
                    targets[url, default: TargetCounters()].sent += batch.count
                    delivered = true
                } else {
                    targets[url, default: TargetCounters()].errors += batch.count
                }
            }
            if !delivered { dropped += batch.count }
        }
        sender = nil
        let waiters = idleWaiters
        idleWaiters = []
        for w in waiters { w.resume() }
    }

    /// One batch to every Alertmanager concurrently; the outcome per Alertmanager.
    private static func sendAll(_ batch: [AlertNotification], to alertmanagers: [AlertmanagerClient]) async -> [(String, Bool)] {
        await withTaskGroup(of: (String, Bool).self) { group in
            for am in alertmanagers {
                group.addTask {
                    do {
                        try await am.post(batch)
                        return (am.alertsURL, true)
                    } catch {
                        return (am.alertsURL, false)
                    }
                }
            }
            var out: [(String, Bool)] = []
            for await r in group { out.append(r) }
            return out
        }
    }
}
