import Testing
import TimeSeries
@testable import LogQL

private func matrix(_ query: String, start: Int64, end: Int64, step: Int64, _ s: LogStore) throws -> [String] {
    guard case .matrix(let m) = try LogQLEngine().rangeQuery(query, start: start * second, end: end * second, step: step * second, store: s) else {
        Issue.record("not a matrix"); return []
    }
    return m.map { series in "\(series.labels) " + series.floats.map { "\($0.t / second):\(fmt($0.v))" }.joined(separator: " ") }
}

// MARK: Range evaluation — https://grafana.com/docs/loki/latest/reference/loki-http-api/ "Query logs within a
// range of time" (metric queries are evaluated at start, start + step, … up to end) and
// https://grafana.com/docs/loki/latest/query/metric_queries/ "Range Vector aggregation".

@Test func rangeQueryEvaluatesEveryStepIncludingEnd() throws {
    let got = try matrix(#"count_over_time({app="a", pod="p1"}[10s])"#, start: 10, end: 60, step: 10, try metricFixture())
    #expect(got == [#"{app="a", pod="p1"} 10:1 20:1 30:1 40:1 50:1 60:1"#])
}

@Test func rangeQueryStepsStartAtStartNotAtMultiplesOfStep() throws {
    // Steps 5, 15, … 55: windows (t-10s, t] hold the entries at 10, 20, … 50; 60 is after the last step.
    let got = try matrix(#"count_over_time({app="a", pod="p1"}[10s])"#, start: 5, end: 60, step: 10, try metricFixture())
    #expect(got == [#"{app="a", pod="p1"} 15:1 25:1 35:1 45:1 55:1"#])
}

@Test func rangeQueryWindowsOverlapWhenRangeExceedsStep() throws {
    let got = try matrix(#"count_over_time({app="a", pod="p1"}[30s])"#, start: 30, end: 60, step: 10, try metricFixture())
    #expect(got == [#"{app="a", pod="p1"} 30:3 40:3 50:3 60:3"#])
}

@Test func rangeQueryWithOffset() throws {
    let got = try matrix(#"count_over_time({app="a", pod="p1"}[10s] offset 20s)"#, start: 40, end: 60, step: 10, try metricFixture())
    #expect(got == [#"{app="a", pod="p1"} 40:1 50:1 60:1"#])
}

@Test func rangeQueryOfAggregation() throws {
    let got = try matrix(#"sum(count_over_time({app="a"}[20s]))"#, start: 20, end: 60, step: 20, try metricFixture())
    // (0,20]: 10, 15, 20 → 3; (20,40]: 30, 35, 40 → 3; (40,60]: 50, 55, 60 → 3.
    #expect(got == ["{} 20:3 40:3 60:3"])
}

@Test func rangeQueryOfLiteralsIsOneSeriesWithoutLabels() throws {
    #expect(try matrix("1 + 1", start: 0, end: 20, step: 10, try metricFixture()) == ["{} 0:2 10:2 20:2"])
}

@Test func rangeQueryAbsentOverTimeOnlyWhereEmpty() throws {
    let got = try matrix(#"absent_over_time({app="b"}[10s])"#, start: 0, end: 30, step: 10, try metricFixture())
    // The only {app="b"} entry is at 5s: the window (0, 10] has it.
    #expect(got == [#"{app="b"} 0:1 20:1 30:1"#])
}

@Test func rangeQueryRefusesTooManyPointsAndBadSteps() throws {
    let s = try metricFixture()
    #expect(throws: LogQLQueryError.self) {
        _ = try LogQLEngine().rangeQuery(#"count_over_time({app="a"}[1m])"#, start: 0, end: 20_000 * second, step: second, store: s)
    }
    #expect(throws: LogQLQueryError.self) {
        _ = try LogQLEngine().rangeQuery(#"count_over_time({app="a"}[1m])"#, start: 0, end: second, step: 0, store: s)
    }
    #expect(throws: LogQLQueryError.self) {
        _ = try LogQLEngine().rangeQuery(#"count_over_time({app="a"}[1m])"#, start: 2 * second, end: second, step: second, store: s)
    }
}

@Test func extremeTimesDoNotTrap() throws {
    let s = try metricFixture()
    for (start, end) in [(Int64.min, Int64.min), (Int64.max, Int64.max), (Int64.min, Int64.min + 1000)] {
        _ = try? LogQLEngine().rangeQuery(#"count_over_time({app="a"}[1m] offset -1h)"#, start: start, end: end, step: 1, store: s)
        _ = try? LogQLEngine().instantQuery(#"count_over_time({app="a"}[1y] offset 1y)"#, at: start, store: s)
    }
    _ = try? LogQLEngine().rangeQuery(#"{app="a"}"#, start: Int64.min, end: Int64.max, step: 1, store: s)
    // Entries at the ends of time, read by every range function over the widest window.
    var edge = LogStore()
    try edge.append([LogEntry(timestamp: .min, line: "v=1"), LogEntry(timestamp: -1, line: "v=1e308"),
                     LogEntry(timestamp: .max, line: "v=-1e308")], to: Labels(["app": "e"]))
    for op in RangeOperation.allCases where op.unwrapRule != .forbidden {
        let parameter = op.takesParameter ? "0.5, " : ""
        for t in [Int64.min, 0, Int64.max] {
            _ = try? LogQLEngine().instantQuery(#"\#(op.rawValue)(\#(parameter){app="e"} | logfmt | unwrap v [292y])"#, at: t, store: edge)
        }
    }
    for op in RangeOperation.allCases where op.unwrapRule != .required {
        _ = try? LogQLEngine().instantQuery(#"\#(op.rawValue)({app="e"}[292y] offset -292y)"#, at: .max, store: edge)
    }
}

// MARK: Log queries — https://grafana.com/docs/loki/latest/reference/loki-http-api/ "Query logs within a range
// of time": `start` is inclusive, `end` exclusive, `limit` entries at most, `direction` forward or backward.

private func fiveLines() throws -> LogStore { try store(["l1", "l2", "l3", "l4", "l5"]) }

@Test func logQueryStartInclusiveEndExclusive() throws {
    #expect(try logLines(#"{app="a"}"#, fiveLines(), start: 2 * second, end: 4 * second) == [#"{app="a"} l2"#, #"{app="a"} l3"#])
}

@Test func logQueryBackwardReturnsTheNewest() throws {
    #expect(try logLines(#"{app="a"}"#, fiveLines(), limit: 2, direction: .backward) == [#"{app="a"} l5"#, #"{app="a"} l4"#])
    guard case .streams(let streams) = try LogQLEngine().rangeQuery(#"{app="a"}"#, start: 0, end: 10 * second, step: second, limit: 2, direction: .backward, store: try fiveLines()) else {
        Issue.record("not streams"); return
    }
    // Within a stream, entries come in the query's direction.
    #expect(streams.first?.entries.map(\.line) == ["l5", "l4"])
}

@Test func logQueryForwardReturnsTheOldest() throws {
    #expect(try logLines(#"{app="a"}"#, fiveLines(), limit: 2, direction: .forward) == [#"{app="a"} l1"#, #"{app="a"} l2"#])
}

@Test func logQueryLimitAppliesAcrossStreams() throws {
    var s = LogStore()
    try s.append([1, 3, 5].map { LogEntry(timestamp: Int64($0) * second, line: "a\($0)") }, to: Labels(["app": "a"]))
    try s.append([2, 4, 6].map { LogEntry(timestamp: Int64($0) * second, line: "b\($0)") }, to: Labels(["app": "b"]))
    #expect(try logLines(#"{app=~"a|b"}"#, s, limit: 3, direction: .backward) == [#"{app="b"} b6"#, #"{app="a"} a5"#, #"{app="b"} b4"#])
    #expect(try logLines(#"{app=~"a|b"}"#, s, limit: 3, direction: .forward) == [#"{app="a"} a1"#, #"{app="b"} b2"#, #"{app="a"} a3"#])
}

@Test func logQueryLimitCountsKeptLinesOnly() throws {
    #expect(try logLines(#"{app="a"} != "l5""#, fiveLines(), limit: 1, direction: .backward) == [#"{app="a"} l4"#])
}

@Test func logQueryGroupsByPipelineLabels() throws {
    let s = try store(["level=info", "level=error", "level=info"])
    guard case .streams(let streams) = try LogQLEngine().rangeQuery(#"{app="a"} | logfmt"#, start: 0, end: 10 * second, step: second, direction: .forward, store: s) else {
        Issue.record("not streams"); return
    }
    #expect(streams.map { "\($0.labels) \($0.entries.count)" } == [#"{app="a", level="error"} 1"#, #"{app="a", level="info"} 2"#])
}

@Test func logQueryLimitAboveMaximumIsRefused() throws {
    #expect(throws: LogQLQueryError.self) { _ = try logLines(#"{app="a"}"#, fiveLines(), limit: 5_001) }
}

// MARK: Stream selection — https://grafana.com/docs/loki/latest/query/log_queries/ "Log stream selector".

private func selectorStore() throws -> LogStore {
    var s = LogStore()
    try s.append(LogEntry(timestamp: second, line: "x"), to: Labels(["app": "a", "env": "prod"]))
    try s.append(LogEntry(timestamp: second, line: "y"), to: Labels(["app": "b", "env": "dev"]))
    try s.append(LogEntry(timestamp: second, line: "z"), to: Labels(["app": "c"]))
    return s
}

@Test(arguments: [
    (#"{app="a"}"#, ["x"]),
    (#"{app=~".+", app!="a"}"#, ["y", "z"]),
    (#"{app=~"a|b"}"#, ["x", "y"]),
    (#"{env=~".+", app=~"a|"}"#, ["x"]),
    (#"{app=~".+", app!~"a|b"}"#, ["z"]),
    (#"{app=~".+", env!="prod"}"#, ["y", "z"]),
    (#"{app=~".+", env=""}"#, ["z"]),
    (#"{app=~"(?i)A"}"#, ["x"]),
    (#"{app=~"a.*", env="prod"}"#, ["x"]),
    (#"{env=~"d.v"}"#, ["y"]),
])
func streamSelectorMatchers(_ query: String, _ expected: [String]) throws {
    let lines = try logLines(query, selectorStore()).map { String($0.split(separator: " ").last ?? "") }
    #expect(lines.sorted() == expected)
}

// MARK: The store.

@Test func storeSortsOutOfOrderAppendsStably() throws {
    var s = LogStore()
    let labels = Labels(["app": "a"])
    try s.append([LogEntry(timestamp: 3, line: "c"), LogEntry(timestamp: 1, line: "a")], to: labels)
    try s.append([LogEntry(timestamp: 2, line: "b1"), LogEntry(timestamp: 2, line: "b2")], to: labels)
    try s.append(LogEntry(timestamp: 1, line: "a2"), to: labels)
    #expect(s.streams[labels]?.entries.map(\.line) == ["a", "a2", "b1", "b2", "c"])
    #expect(s.entryCount == 5)
    #expect(s.labelNames == ["app"])
}

@Test func storeBoundsEntriesAndRefusesEmptyLabels() throws {
    var s = LogStore(maxEntries: 2)
    try s.append([LogEntry(timestamp: 1, line: "a"), LogEntry(timestamp: 2, line: "b")], to: Labels(["app": "a"]))
    #expect(throws: LogStoreError.self) { try s.append(LogEntry(timestamp: 3, line: "c"), to: Labels(["app": "a"])) }
    #expect(throws: LogStoreError.self) { try s.append(LogEntry(timestamp: 3, line: "c"), to: Labels.empty) }
    #expect(s.entryCount == 2)
}

@Test func queriesStopAtTheScanBudget() throws {
    var options = LogQLEngine.Options()
    options.maxEntriesScanned = 3
    let engine = LogQLEngine(options: options)
    let s = try metricFixture()
    #expect(throws: LogQLQueryError.self) { _ = try engine.instantQuery(#"count_over_time({app="a"}[1m])"#, at: 60 * second, store: s) }
    #expect(throws: LogQLQueryError.self) {
        _ = try engine.rangeQuery(#"{app="a"}"#, start: 0, end: 100 * second, step: second, limit: 100, store: s)
    }
}

@Test func badPipelinesAreBadData() throws {
    let s = try metricFixture()
    for q in [#"{app="a"} | regexp "(no names)""#, #"{app="a"} | pattern "plain""#, #"{app="a"} |> "<named>""#,
              #"{app="a"} | json x="a[""#, #"{app="a"} |= ip("not-an-ip")"#, #"{app="a"} | line_format "{{ nosuchfn }}""#] {
        do {
            _ = try LogQLEngine().rangeQuery(q, start: 0, end: second, step: second, store: s)
            Issue.record("accepted \(q)")
        } catch {
            #expect(error.kind == .badData, "\(q): \(error)")
        }
    }
}

@Test func cancelledAndTimedOutQueriesStop() throws {
    var s = LogStore()
    try s.append((0..<20_000).map { LogEntry(timestamp: Int64($0) * 1_000_000, line: "n=\($0)") }, to: Labels(["app": "a"]))
    let cancelled = LogQLEngine(isCancelled: { true })
    #expect(throws: LogQLQueryError("the query was cancelled", kind: .canceled)) {
        _ = try cancelled.instantQuery(#"count_over_time({app="a"}[1m])"#, at: 60 * second, store: s)
    }
    #expect(throws: LogQLQueryError("the query was cancelled", kind: .canceled)) {
        _ = try cancelled.rangeQuery(#"{app="a"}"#, start: 0, end: 60 * second, step: second, limit: 5000, direction: .forward, store: s)
    }
    var options = LogQLEngine.Options()
    options.timeout = .zero
    #expect(throws: LogQLQueryError("the query timed out", kind: .timeout)) {
        _ = try LogQLEngine(options: options).rangeQuery(#"count_over_time({app="a"}[1m])"#, start: 0, end: 60 * second, step: second, store: s)
    }
}
