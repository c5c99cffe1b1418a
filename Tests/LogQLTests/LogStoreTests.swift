import Testing
import TimeSeries
@testable import LogQL

/// The store keeps every stream in time order whatever order entries arrive in (Loki accepts out-of-order
/// writes), equal times in arrival order, and drops what retention says is too old.
struct LogStoreTests {
    static let labels = Labels(["job": "a"])

    static func lines(_ store: LogStore) -> [String] {
        store.streams[labels]?.entries.map { "\($0.timestamp):\($0.line)" } ?? []
    }

    @Test func appendsInOrderAndMergesOutOfOrderBatches() throws {
        var store = LogStore()
        try store.append([LogEntry(timestamp: 10, line: "a"), LogEntry(timestamp: 20, line: "b")], to: Self.labels)
        // After the newest: appended.
        try store.append([LogEntry(timestamp: 20, line: "c"), LogEntry(timestamp: 30, line: "d")], to: Self.labels)
        // Older and unsorted, with times equal to stored ones: merged, stored entries first on a tie.
        try store.append([LogEntry(timestamp: 25, line: "e"), LogEntry(timestamp: 5, line: "f"),
                          LogEntry(timestamp: 20, line: "g"), LogEntry(timestamp: 5, line: "h")], to: Self.labels)
        #expect(Self.lines(store) == ["5:f", "5:h", "10:a", "20:b", "20:c", "20:g", "25:e", "30:d"])
        #expect(store.entryCount == 8)
    }

    @Test func randomArrivalOrderEndsSortedAndStable() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var store = LogStore()
            var all: [LogEntry] = []
            for batch in 0..<10 {
                let entries = (0..<Int.random(in: 0...20, using: &generator)).map { i in
                    LogEntry(timestamp: Int64.random(in: 0...30, using: &generator), line: "\(batch)-\(i)")
                }
                all += entries
                try store.append(entries, to: Self.labels)
            }
            // The expected order: by time, then by arrival.
            let expected = all.enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }
                .map { "\($0.element.timestamp):\($0.element.line)" }
            #expect(Self.lines(store) == expected)
        }
    }

    @Test func retentionDropsOldEntriesAndEmptyStreams() throws {
        var store = LogStore()
        try store.append([LogEntry(timestamp: 1, line: "a"), LogEntry(timestamp: 5, line: "b")], to: Self.labels)
        try store.append([LogEntry(timestamp: 2, line: "c")], to: Labels(["job": "b"]))
        #expect(store.removeEntries(before: 3) == 2)
        #expect(store.entryCount == 1)
        #expect(store.streams.count == 1)
        #expect(Self.lines(store) == ["5:b"])
        #expect(store.streams[Self.labels]?.hasEntries(from: 5, through: 5) == true)
        #expect(store.streams[Self.labels]?.hasEntries(from: 6, through: 100) == false)
    }

    @Test func theEntryLimitHolds() throws {
        var store = LogStore(maxEntries: 2)
        try store.append([LogEntry(timestamp: 1, line: "a"), LogEntry(timestamp: 2, line: "b")], to: Self.labels)
        #expect(throws: LogStoreError.self) { try store.append(LogEntry(timestamp: 3, line: "c"), to: Self.labels) }
        #expect(store.entryCount == 2)
    }
}
