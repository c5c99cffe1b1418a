import TimeSeries

/// One sample waiting to be written: a float or a native histogram.
public struct PendingSample: Sendable, Hashable {
    public var labels: Labels
    public var t: Int64
    public var value: Double
    public var histogram: NativeHistogram?

    public init(labels: Labels, t: Int64, value: Double) {
        self.labels = labels
        self.t = t
        self.value = value
        self.histogram = nil
    }

    public init(labels: Labels, t: Int64, histogram: NativeHistogram) {
        self.labels = labels
        self.t = t
        self.value = 0
        self.histogram = histogram
    }
}

/// The remote write queue: samples are appended without waiting, sent in batches by one sender, and the
/// buffer is bounded.
///
/// - A batch goes when `maxSamplesPerSend` samples wait, when the oldest has waited `batchSendDeadline`,
///   on `flush()`, and on `shutdown()` (Prometheus's `max_samples_per_send` and `batch_send_deadline`).
/// - At most `capacity` samples wait; appending to a full queue drops the oldest waiting samples and
///   counts them, so memory stays bounded when the receiver is down.
/// - `flush()` returns once every sample appended before it was sent, failed or dropped: the ruler flushes
///   between rules so that a later rule can query what an earlier one recorded.
/// - `shutdown()` drains the queue (bounded by the client's retries) and stops.
public actor RemoteWriteQueue {
    public struct Configuration: Sendable, Hashable {
        public var capacity: Int
        public var maxSamplesPerSend: Int
        public var batchSendDeadline: Duration

        public init(capacity: Int = 10_000, maxSamplesPerSend: Int = 2_000, batchSendDeadline: Duration = .seconds(5)) {
            self.capacity = max(1, capacity)
            self.maxSamplesPerSend = max(1, maxSamplesPerSend)
            self.batchSendDeadline = batchSendDeadline
        }
    }

    /// Samples by outcome, for metrics (`prometheus_remote_storage_samples_*`-like counters).
    public struct Counters: Sendable, Hashable {
        public var sent = 0
        public var failed = 0
        public var dropped = 0
        public var batchesSent = 0
        public var batchesFailed = 0
        public init() {}
    }

    public let configuration: Configuration
    private let client: RemoteWriteClient
    private let sleeper: any Sleeper
    private let onFailure: (@Sendable (BackendError) -> Void)?

    public private(set) var counters = Counters()
    /// The last send error, for a health page.
    public private(set) var lastError: BackendError?

    // Waiting samples are `pending[head...]`; the sequence number of `pending[head]` is `headSeq`, and each
    // appended sample gets the next number. The consumed prefix is dropped from the array now and then.
    private var pending: [PendingSample] = []
    private var head = 0
    private var headSeq: UInt64 = 0
    private var nextSeq: UInt64 = 0
    /// Sequence number of the first sample of the batch being sent.
    private var inFlightSeq: UInt64?
    /// Send partial batches until `headSeq` reaches this (set by flush, deadline and shutdown).
    private var forcedUpTo: UInt64 = 0
    private var flushWaiters: [(target: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
    private var sender: Task<Void, Never>?
    private var deadlineTimer: Task<Void, Never>?
    private var closed = false

    public init(client: RemoteWriteClient, configuration: Configuration = Configuration(), sleeper: any Sleeper = TaskSleeper(),
                onFailure: (@Sendable (BackendError) -> Void)? = nil) {
        self.client = client
        self.configuration = configuration
        self.sleeper = sleeper
        self.onFailure = onFailure
    }

    public var waitingCount: Int { pending.count - head }

    /// Queues samples. After `shutdown()` they are dropped (and counted).
    public func append(_ samples: [PendingSample]) {
        guard !samples.isEmpty else { return }
        if closed {
            counters.dropped += samples.count
            return
        }
        pending.append(contentsOf: samples)
        nextSeq += UInt64(samples.count)
        let overflow = waitingCount - configuration.capacity
        if overflow > 0 {
            head += overflow
            headSeq += UInt64(overflow)
            counters.dropped += overflow
            compact()
            resumeFlushWaiters()
        }
        if waitingCount >= configuration.maxSamplesPerSend {
            startSender()
        } else if deadlineTimer == nil {
            startDeadlineTimer()
        }
    }

    /// Waits until every sample appended so far has been sent, has failed, or was dropped.
    public func flush() async {
        let target = nextSeq
        guard oldestUnfinished < target else { return }
        forcedUpTo = max(forcedUpTo, target)
        startSender()
        await withCheckedContinuation { continuation in
            flushWaiters.append((target, continuation))
        }
    }

    /// Sends what waits, then stops: later appends are dropped. Returns when the queue is empty.
    public func shutdown() async {
        closed = true
        deadlineTimer?.cancel()
        deadlineTimer = nil
        await flush()
        await sender?.value
    }

    // MARK: Sending

    /// The first sequence number not yet finished (in flight, or waiting); `nextSeq` when all are done.
    private var oldestUnfinished: UInt64 { inFlightSeq ?? headSeq }

    private func startSender() {
        guard sender == nil else { return }
        sender = Task { await self.sendLoop() }
    }

    private func startDeadlineTimer() {
        let deadline = configuration.batchSendDeadline
        let sleeper = self.sleeper
        deadlineTimer = Task {
            do { try await sleeper.sleep(for: deadline) } catch { return }
            // The task runs on the actor, so this call does not suspend.
            self.deadlineReached()
        }
    }

    private func deadlineReached() {
        deadlineTimer = nil
        forcedUpTo = max(forcedUpTo, nextSeq)
        if waitingCount > 0 { startSender() }
    }

    private func sendLoop() async {
        while let (batch, firstSeq) = takeBatch() {
            inFlightSeq = firstSeq
            do {
                try await client.send(Self.group(batch))
                counters.sent += batch.count
                counters.batchesSent += 1
            } catch {
                counters.failed += batch.count
                counters.batchesFailed += 1
                lastError = error
                onFailure?(error)
            }
            inFlightSeq = nil
            resumeFlushWaiters()
        }
        sender = nil
        // Samples appended while the last batch was out and not yet due wait for the deadline.
        if waitingCount > 0 && deadlineTimer == nil && !closed { startDeadlineTimer() }
    }

    private func takeBatch() -> ([PendingSample], UInt64)? {
        let waiting = waitingCount
        guard waiting > 0 else { return nil }
        guard waiting >= configuration.maxSamplesPerSend || headSeq < forcedUpTo || closed else { return nil }
        let n = min(waiting, configuration.maxSamplesPerSend)
        let batch = Array(pending[head..<(head + n)])
        let firstSeq = headSeq
        head += n
        headSeq += UInt64(n)
        compact()
        return (batch, firstSeq)
    }

    private func resumeFlushWaiters() {
        let done = oldestUnfinished
        var still: [(UInt64, CheckedContinuation<Void, Never>)] = []
        for waiter in flushWaiters {
            if waiter.target <= done { waiter.continuation.resume() } else { still.append(waiter) }
        }
        flushWaiters = still
    }

    /// Drops the consumed prefix once it is at least half the array, so appends stay amortized O(1).
    private func compact() {
        if head > 0 && head * 2 >= pending.count {
            pending.removeFirst(head)
            head = 0
        }
    }

    /// Samples grouped into series, series in order of first appearance, samples in append order.
    static func group(_ samples: [PendingSample]) -> [RemoteWriteSeries] {
        var index: [Labels: Int] = [:]
        var series: [RemoteWriteSeries] = []
        for s in samples {
            let i: Int
            if let existing = index[s.labels] {
                i = existing
            } else {
                i = series.count
                index[s.labels] = i
                series.append(RemoteWriteSeries(labels: s.labels))
            }
            if let h = s.histogram {
                series[i].histograms.append(HistogramSample(t: s.t, h: h))
            } else {
                series[i].samples.append(Sample(t: s.t, v: s.value))
            }
        }
        return series
    }
}
