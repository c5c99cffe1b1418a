import TimeSeries

/// One log line of a stream: its time in nanoseconds since the epoch, the line, and the structured metadata
/// (Loki 3's per-entry labels) that came with it.
public struct LogEntry: Sendable, Hashable {
    public var timestamp: Int64
    public var line: String
    public var metadata: Labels

    public init(timestamp: Int64, line: String, metadata: Labels = .empty) {
        self.timestamp = timestamp
        self.line = line
        self.metadata = metadata
    }
}

/// A stream: a label set and its entries in time order (equal times keep the order they arrived in).
public struct LogStream: Sendable, Hashable {
    public var labels: Labels
    public var entries: [LogEntry]

    public init(labels: Labels, entries: [LogEntry] = []) {
        self.labels = labels
        self.entries = entries
    }

    /// The entries with `start <= timestamp < end`, found by binary search.
    public func entries(from start: Int64, before end: Int64) -> ArraySlice<LogEntry> {
        guard start < end else { return [] }
        let lo = firstIndex(atOrAfter: start)
        let hi = firstIndex(atOrAfter: end)
        return entries[lo..<max(lo, hi)]
    }

    /// Whether the stream has an entry with `start <= timestamp <= end`.
    public func hasEntries(from start: Int64, through end: Int64) -> Bool {
        guard start <= end else { return false }
        let i = firstIndex(atOrAfter: start)
        return i < entries.count && entries[i].timestamp <= end
    }

    /// Adds entries keeping the stream sorted, equal times in arrival order. Entries that come after the
    /// newest one (what an agent tailing a file sends) are appended; others are sorted among themselves
    /// and merged in, so an out-of-order batch costs a pass over the stream rather than a full sort.
    mutating func insert(_ newEntries: [LogEntry]) {
        guard let first = newEntries.first else { return }
        let batchInOrder = newEntries.indices.dropFirst().allSatisfy { newEntries[$0 - 1].timestamp <= newEntries[$0].timestamp }
        if batchInOrder, entries.last.map({ first.timestamp >= $0.timestamp }) ?? true {
            entries.append(contentsOf: newEntries)
            return
        }
        // Swift's sort is not stable; the arrival offset breaks ties so equal times keep their order.
        let batch = batchInOrder ? newEntries : newEntries.enumerated()
            .sorted { $0.element.timestamp != $1.element.timestamp ? $0.element.timestamp < $1.element.timestamp : $0.offset < $1.offset }
            .map(\.element)
        // Only the entries from the batch's earliest time on need merging; older ones stay where they are.
        let split = firstIndex(atOrAfter: batch[0].timestamp)
        var merged: [LogEntry] = []
        merged.reserveCapacity(entries.count - split + batch.count)
        var i = split, j = 0
        while i < entries.count || j < batch.count {
            // On equal times the stored entry goes first: it arrived earlier.
            if j == batch.count || (i < entries.count && entries[i].timestamp <= batch[j].timestamp) {
                merged.append(entries[i]); i += 1
            } else {
                merged.append(batch[j]); j += 1
            }
        }
        entries.replaceSubrange(split..., with: merged)
    }

    /// Drops the entries older than `t`; returns how many.
    mutating func removeEntries(before t: Int64) -> Int {
        let n = firstIndex(atOrAfter: t)
        entries.removeFirst(n)
        return n
    }

    func firstIndex(atOrAfter t: Int64) -> Int {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if entries[mid].timestamp < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// The in-memory log store the local LogQL engine reads: streams keyed by their label sets.
///
/// Entries may be appended in any order and at any time (Loki accepts out-of-order writes); each stream is
/// kept sorted by time with a stable insertion, so a selection is two binary searches.
public struct LogStore: Sendable {
    public private(set) var streams: [Labels: LogStream] = [:]
    /// The most entries the store holds; appending past it is refused, so a test file or a push cannot
    /// exhaust memory.
    public var maxEntries: Int
    public private(set) var entryCount = 0

    public init(maxEntries: Int = 10_000_000) {
        self.maxEntries = maxEntries
    }

    public init(_ streams: [LogStream], maxEntries: Int = 10_000_000) throws(LogStoreError) {
        self.init(maxEntries: maxEntries)
        for s in streams { try append(s.entries, to: s.labels) }
    }

    /// Adds entries to the stream `labels` (created when new). A stream needs at least one label, as in Loki.
    public mutating func append(_ newEntries: [LogEntry], to labels: Labels) throws(LogStoreError) {
        if labels.isEmpty { throw LogStoreError("a stream needs at least one label") }
        let (total, overflow) = entryCount.addingReportingOverflow(newEntries.count)
        if overflow || total > maxEntries {
            throw LogStoreError("the store holds at most \(maxEntries) entries")
        }
        var stream = streams.removeValue(forKey: labels) ?? LogStream(labels: labels)
        stream.insert(newEntries)
        streams[labels] = stream
        entryCount = total
    }

    public mutating func append(_ entry: LogEntry, to labels: Labels) throws(LogStoreError) {
        try append([entry], to: labels)
    }

    /// Drops every entry older than `t` (retention), and streams left empty; returns how many entries went.
    @discardableResult
    public mutating func removeEntries(before t: Int64) -> Int {
        var removed = 0
        for labels in Array(streams.keys) {
            guard var stream = streams.removeValue(forKey: labels) else { continue }
            removed += stream.removeEntries(before: t)
            if !stream.entries.isEmpty { streams[labels] = stream }
        }
        entryCount -= removed
        return removed
    }

    /// The streams every matcher accepts (a missing label reads as the empty string), sorted by labels.
    public func select(_ matchers: [LabelMatcher]) -> [LogStream] {
        streams.values
            .filter { s in matchers.allSatisfy { $0.matches(s.labels[$0.name] ?? "") } }
            .sorted { $0.labels < $1.labels }
    }

    /// Every label name of the streams (not of structured metadata), sorted.
    public var labelNames: [String] {
        Set(streams.keys.flatMap { $0.map(\.name) }).sorted()
    }
}

public struct LogStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
