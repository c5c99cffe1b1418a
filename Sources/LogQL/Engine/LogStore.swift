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
        var stream = streams[labels] ?? LogStream(labels: labels)
        let wasSorted = stream.entries.last.map { last in newEntries.first.map { $0.timestamp >= last.timestamp } ?? true } ?? true
        stream.entries.append(contentsOf: newEntries)
        let inOrder = newEntries.indices.dropFirst().allSatisfy { newEntries[$0 - 1].timestamp <= newEntries[$0].timestamp }
        if !(wasSorted && inOrder) {
            // A stable sort keeps entries with equal timestamps in arrival order.
            stream.entries = stream.entries.enumerated()
                .sorted { $0.element.timestamp != $1.element.timestamp ? $0.element.timestamp < $1.element.timestamp : $0.offset < $1.offset }
                .map(\.element)
        }
        streams[labels] = stream
        entryCount = total
    }

    public mutating func append(_ entry: LogEntry, to labels: Labels) throws(LogStoreError) {
        try append([entry], to: labels)
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
