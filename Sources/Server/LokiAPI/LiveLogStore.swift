import LogQL
import Rules
import TimeSeries

/// The log store behind Vigil's Loki-compatible API: a `LogStore` that pushes write to and queries read
/// snapshots of, with a bound on its size and an optional retention period.
///
/// Queries take a snapshot (the store is a value, so that is a reference copy) and run outside the actor, so
/// a long query never holds up pushes. The price is copy-on-write: the first push to a stream after a
/// snapshot copies that stream's entries. For the store's uses — a demo, tests, a homelab's few hundred
/// thousand lines — that is cheap; it is not a replacement for Loki's chunk storage.
public actor LiveLogStore {
    public struct Configuration: Sendable {
        /// The most entries held; a push past it is refused (429), so agents keep their lines and retry.
        public var maxEntries: Int
        /// Entries older than this (by their own timestamps, against the clock) are dropped; nil keeps all.
        public var retention: Duration?

        public init(maxEntries: Int = 1_000_000, retention: Duration? = nil) {
            self.maxEntries = maxEntries
            self.retention = retention
        }
    }

    /// What a push did.
    public struct PushOutcome: Sendable, Equatable {
        public var acceptedEntries = 0
        /// Streams refused, each with the reason and where it is in the request.
        public var refused: [String] = []
        /// True when the store was full and entries were refused for that reason alone.
        public var full = false
    }

    public let configuration: Configuration
    private var store: LogStore
    /// Injected so retention is tested without waiting.
    public nonisolated let clock: any RuleClock
    private var lastRetentionPass: Int64?

    public init(configuration: Configuration = Configuration(), clock: any RuleClock = SystemRuleClock()) {
        self.configuration = configuration
        self.store = LogStore(maxEntries: configuration.maxEntries)
        self.clock = clock
    }

    public var entryCount: Int { store.entryCount }
    public var streamCount: Int { store.streams.count }

    /// The store as it is now, for a query.
    public func snapshot() -> LogStore {
        applyRetention()
        return store
    }

    /// Adds streams of entries (labels already validated).
    public func push(_ streams: [(labels: Labels, entries: [LogEntry])]) -> PushOutcome {
        applyRetention()
        var outcome = PushOutcome()
        for s in streams where !s.entries.isEmpty {
            do {
                try store.append(s.entries, to: s.labels)
                outcome.acceptedEntries += s.entries.count
            } catch {
                outcome.full = true
                outcome.refused.append("\(s.labels): \(error.message)")
            }
        }
        return outcome
    }

    /// Drops what is past retention, at most once a second of the clock (a pass visits every stream).
    private func applyRetention() {
        guard let retention = configuration.retention else { return }
        let t = clock.nowNanoseconds()
        if let last = lastRetentionPass, t >= last, t.subtractingReportingOverflow(last).partialValue < 1_000_000_000 { return }
        lastRetentionPass = t
        let (seconds, attoseconds) = retention.components
        // A retention of centuries keeps everything; below that the nanoseconds fit in Int64.
        guard seconds < 9_000_000_000 else { return }
        let cutoff = t.subtractingReportingOverflow(seconds * 1_000_000_000 + attoseconds / 1_000_000_000).partialValue
        store.removeEntries(before: cutoff)
    }
}

