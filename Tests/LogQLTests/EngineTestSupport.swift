import Foundation
import Testing
import TimeSeries
@testable import LogQL

/// The Loki documentation pages the semantics cases encode; each case names the section (heading).
enum LokiDocs {
    static let logQueries = "https://grafana.com/docs/loki/latest/query/log_queries/"
    static let metricQueries = "https://grafana.com/docs/loki/latest/query/metric_queries/"
    static let query = "https://grafana.com/docs/loki/latest/query/"
    static let ip = "https://grafana.com/docs/loki/latest/query/ip/"
    static let templates = "https://grafana.com/docs/loki/latest/query/template_functions/"
    static let matchers = "https://grafana.com/docs/loki/latest/query/matchers/"
    static let api = "https://grafana.com/docs/loki/latest/reference/loki-http-api/"
}

let second: Int64 = 1_000_000_000

/// One stream of lines, the first at 1s, then one per second.
func store(_ lines: [String], labels: Labels = Labels(["app": "a"])) throws -> LogStore {
    var s = LogStore()
    try s.append(lines.enumerated().map { LogEntry(timestamp: Int64($0.offset + 1) * second, line: $0.element) }, to: labels)
    return s
}

/// A log query's entries, oldest first, each as `{labels} line`.
func logLines(_ query: String, _ s: LogStore, start: Int64 = 0, end: Int64 = 1_000 * second, limit: Int = 1000,
              direction: LogDirection = .forward) throws -> [String] {
    let r = try LogQLEngine().rangeQuery(query, start: start, end: end, step: second, limit: limit, direction: direction, store: s)
    guard case .streams(let streams) = r else { Issue.record("not streams: \(r)"); return [] }
    let flat = streams.flatMap { st in st.entries.map { (st.labels, $0) } }
    let ordered = flat.sorted { direction == .forward ? $0.1.timestamp < $1.1.timestamp : $0.1.timestamp > $1.1.timestamp }
    return ordered.map { "\($0.0) \($0.1.line)" }
}

/// A value as the tables write it: `%g`, six significant digits.
func fmt(_ v: Double) -> String { String(format: "%g", v) }

/// An instant metric query's samples, each as `{labels} value`, in the result's order.
func instant(_ query: String, at t: Int64, _ s: LogStore) throws -> [String] {
    switch try LogQLEngine().instantQuery(query, at: t, store: s) {
    case .vector(let v): return v.map { "\($0.labels) \(fmt($0.value))" }
    case .scalar(_, let v): return ["scalar \(fmt(v))"]
    default: Issue.record("unexpected result"); return []
    }
}

/// The fixture of the metric cases:
/// - `{app="a", pod="p1"}`: at 10s, 20s … 60s the lines `n=1 latency=100ms size=1KB` … `n=6 latency=600ms size=6KB`;
/// - `{app="a", pod="p2"}`: at 15s, 35s, 55s `n=10`, `n=20`, `n=30` (latency and size likewise);
/// - `{app="b"}`: at 5s the JSON line `{"n":"7"}`;
/// - `{app="bytes"}`: at 10s `aaaa`, at 20s `bb`;
/// - `{app="ctr"}`: a counter `v=` 0, 10, 20, 5 (a reset), 15 at 10s … 50s.
func metricFixture() throws -> LogStore {
    var s = LogStore()
    func line(_ n: Int) -> String { "n=\(n) latency=\(n * 100)ms size=\(n)KB" }
    try s.append((1...6).map { LogEntry(timestamp: Int64($0) * 10 * second, line: line($0)) }, to: Labels(["app": "a", "pod": "p1"]))
    try s.append([(15, 10), (35, 20), (55, 30)].map { LogEntry(timestamp: Int64($0.0) * second, line: line($0.1)) },
                 to: Labels(["app": "a", "pod": "p2"]))
    try s.append(LogEntry(timestamp: 5 * second, line: #"{"n":"7"}"#), to: Labels(["app": "b"]))
    try s.append([LogEntry(timestamp: 10 * second, line: "aaaa"), LogEntry(timestamp: 20 * second, line: "bb")], to: Labels(["app": "bytes"]))
    try s.append([0, 10, 20, 5, 15].enumerated().map { LogEntry(timestamp: Int64($0.offset + 1) * 10 * second, line: "v=\($0.element)") },
                 to: Labels(["app": "ctr"]))
    return s
}
