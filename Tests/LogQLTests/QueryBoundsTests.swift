import Foundation
import Testing
import TimeSeries
@testable import LogQL

/// What one query may cost, whatever its pipeline: the cases the logql-eval fuzz target led to.

/// Counts the engine's looks at cancellation and cancels at the `at`-th.
private final class CancelAfter: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private let at: Int

    init(at: Int) { self.at = at }

    var count: Int { lock.withLock { calls } }

    func check() -> Bool {
        lock.withLock {
            calls += 1
            return calls >= at
        }
    }
}

private let tenLines = (1...10).map { "n=\($0) level=info" }

/// A pipeline with a parser or a template may spend long on one entry (`{{ repeat 9999999 "x" }}`), so the
/// clock and cancellation are looked at before every entry it reads, not only every few thousand entries.
@Test(arguments: [
    #"{app="a"} | line_format "{{ __line__ }}""#,
    #"{app="a"} | logfmt"#,
])
func costlyLogPipelinesLookAtCancellationBeforeEveryEntry(_ query: String) throws {
    let s = try store(tenLines)
    let cancel = CancelAfter(at: 3)
    let engine = LogQLEngine(isCancelled: { cancel.check() })
    #expect(throws: LogQLQueryError("the query was cancelled", kind: .canceled)) {
        _ = try engine.rangeQuery(query, start: 0, end: 100 * second, step: second, limit: 100, direction: .forward, store: s)
    }
    #expect(cancel.count == 3)
}

@Test func costlyMetricPipelinesLookAtCancellationBeforeEveryEntry() throws {
    let s = try store(tenLines)
    let cancel = CancelAfter(at: 3)
    let engine = LogQLEngine(isCancelled: { cancel.check() })
    #expect(throws: LogQLQueryError("the query was cancelled", kind: .canceled)) {
        _ = try engine.instantQuery(#"count_over_time({app="a"} | label_format x="{{ .n }}" [1m])"#, at: 60 * second, store: s)
    }
    #expect(cancel.count == 3)
}

@Test func lineFiltersAloneKeepTheBatchedCheck() throws {
    let s = try store(tenLines)
    let cancel = CancelAfter(at: 1)
    let engine = LogQLEngine(isCancelled: { cancel.check() })
    let r = try engine.rangeQuery(#"{app="a"} |= "n=1""#, start: 0, end: 100 * second, step: second, limit: 100, direction: .forward, store: s)
    guard case .streams(let streams) = r else { Issue.record("not streams: \(r)"); return }
    #expect(streams.flatMap(\.entries).map(\.line) == ["n=1 level=info", "n=10 level=info"])
    #expect(cancel.count == 0)
}

private func boundedEngine(_ maxBytes: Int) -> LogQLEngine {
    var options = LogQLEngine.Options()
    options.maxFormattedBytes = maxBytes
    return LogQLEngine(options: options)
}

private func entries(_ engine: LogQLEngine, _ query: String, _ s: LogStore) throws -> [String] {
    let r = try engine.rangeQuery(query, start: 0, end: 100 * second, step: second, limit: 100, direction: .forward, store: s)
    guard case .streams(let streams) = r else { Issue.record("not streams: \(r)"); return [] }
    return streams.flatMap { st in st.entries.map { "\(st.labels) \($0.line)" } }
}

/// A template makes a line or label value of any size from a short line; past `maxFormattedBytes` it is a
/// `TemplateFormatErr` and the line or label stays as it was, so a query's memory stays bounded.
@Test func formattedLinesAndLabelsAreBounded() throws {
    let s = try store(["short"])
    let engine = boundedEngine(16)
    // 10 bytes: within the bound.
    #expect(try entries(engine, #"{app="a"} | line_format "{{ __line__ }}{{ __line__ }}""#, s) == [#"{app="a"} shortshort"#])
    // 20 bytes: the line stays, the error says why.
    #expect(try entries(engine, #"{app="a"} | line_format "{{ __line__ }}{{ __line__ }}{{ __line__ }}{{ __line__ }}""#, s) == [
        #"{__error__="TemplateFormatErr", __error_details__="line_format: the result is 20 bytes, more than the limit of 16", app="a"} short"#,
    ])
    #expect(try entries(engine, #"{app="a"} | label_format x="{{ __line__ }}{{ __line__ }}{{ __line__ }}{{ __line__ }}", y="{{ __line__ }}""#, s) == [
        #"{__error__="TemplateFormatErr", __error_details__="label_format: the result is 20 bytes, more than the limit of 16", app="a", y="short"} short"#,
    ])
    // The default bound lets the same lines through.
    #expect(try entries(LogQLEngine(), #"{app="a"} | line_format "{{ __line__ }}{{ __line__ }}{{ __line__ }}{{ __line__ }}""#, s) == [
        #"{app="a"} shortshortshortshort"#,
    ])
}

@Test func templateErrorDetailsAreCutAtTheBound() throws {
    let s = try store(["short"])
    let query = #"{app="a"} | line_format "{{ div 1 0 }}""#
    let full = try entries(LogQLEngine(), query, s)
    #expect(full.count == 1 && full[0].contains("integer divide by zero"))
    let cut = try entries(boundedEngine(16), query, s)
    // `template: line:1` is the first 16 bytes of Go's message.
    #expect(cut == [#"{__error__="TemplateFormatErr", __error_details__="template: line:1", app="a"} short"#])
    // Cut at a character, never inside one.
    #expect(FormatStages.details("aé", 2) == "a")
    #expect(FormatStages.details("aé", 3) == "aé")
}

/// A log query keeps at most `limit` entries while it reads, not `limit` from every stream, and stops
/// reading a stream once none of its entries could be returned.
@Test(arguments: LogDirection.allCases)
func logQueryStopsReadingAStreamOnceNoneOfItsEntriesCanBeReturned(_ direction: LogDirection) throws {
    var s = LogStore()
    // {app="a"} is read first: its one line is older (forward) or newer (backward) than all of {app="b"}.
    let kept: Int64 = direction == .forward ? 1 : 1_000
    try s.append(LogEntry(timestamp: kept * second, line: "keep"), to: Labels(["app": "a"]))
    try s.append((2...101).map { LogEntry(timestamp: Int64($0) * second, line: "drop \($0)") }, to: Labels(["app": "b"]))
    var options = LogQLEngine.Options()
    options.maxEntriesScanned = 10
    let r = try LogQLEngine(options: options).rangeQuery(#"{app=~"a|b"} |= "keep""#, start: 0, end: 2_000 * second, step: second,
                                                        limit: 1, direction: direction, store: s)
    guard case .streams(let streams) = r else { Issue.record("not streams: \(r)"); return }
    #expect(streams.flatMap(\.entries).map(\.line) == ["keep"])
}

/// Merging stream by stream gives what one stable sort of every kept entry gives: the query's direction,
/// then stream order, then the order each stream was read in.
@Test func logQueryMergeMatchesOneStableSort() throws {
    var rng = SplitMix64(state: 7)
    for round in 0..<200 {
        var s = LogStore()
        let streamCount = Int(rng.next() % 4) + 1
        var all: [(labels: Labels, entries: [LogEntry])] = []
        for k in 0..<streamCount {
            // Few distinct times, so equal times across and within streams are common.
            let entries = (0..<Int(rng.next() % 12)).map { i in
                LogEntry(timestamp: Int64(rng.next() % 6) * second, line: "s\(k) e\(i) \(rng.next() % 3 == 0 ? "x" : "y")")
            }
            let labels = Labels(["app": "a", "s": "\(k)"])
            if !entries.isEmpty { try s.append(entries, to: labels) }
            if let stored = s.streams[labels] { all.append((labels: labels, entries: stored.entries)) }
        }
        let limit = Int(rng.next() % 8)
        let direction: LogDirection = rng.next() % 2 == 0 ? .forward : .backward
        let r = try LogQLEngine().rangeQuery(#"{app="a"} != "x""#, start: 0, end: 5 * second, step: second, limit: limit,
                                             direction: direction, store: s)
        guard case .streams(let streams) = r else { Issue.record("not streams: \(r)"); return }
        // The reference: every kept entry in the store's order and read direction, one stable sort, the first `limit`.
        var candidates: [(labels: Labels, entry: LogEntry)] = []
        for st in all.sorted(by: { $0.labels < $1.labels }) {
            let inRange = st.entries.filter { $0.timestamp < 5 * second && !$0.line.contains("x") }
            let read = direction == .forward ? inRange : inRange.reversed()
            candidates += read.map { (labels: st.labels, entry: $0) }
        }
        let expected = candidates.enumerated().sorted { a, b in
            if a.element.entry.timestamp != b.element.entry.timestamp {
                return direction.precedes(a.element.entry.timestamp, b.element.entry.timestamp)
            }
            return a.offset < b.offset
        }.prefix(limit).map(\.element)
        var grouped: [Labels: [String]] = [:]
        for e in expected { grouped[e.labels, default: []].append(e.entry.line) }
        var got: [Labels: [String]] = [:]
        for st in streams { got[st.labels] = st.entries.map(\.line) }
        #expect(got == grouped, "round \(round), limit \(limit), \(direction)")
    }
}
