import Testing
import TimeSeries
@testable import LogQL

/// An instant metric query over `metricFixture()` at `at` seconds and its samples as `{labels} value`
/// (values `%g`); `section` is the documentation page and heading the case encodes.
struct MetricCase: Sendable, CustomTestStringConvertible {
    var section: String
    var query: String
    var at: Int64
    var expected: [String]

    init(_ section: String, _ query: String, at: Int64, _ expected: [String]) {
        self.section = section
        self.query = query
        self.at = at
        self.expected = expected
    }

    var testDescription: String { "\(section) — \(query) @\(at)s" }
}

private let M = LokiDocs.metricQueries
private let Q = LokiDocs.query
private let p1 = #"{app="a", pod="p1"}"#
private let p2 = #"{app="a", pod="p2"}"#

let rangeAggregationCases: [MetricCase] = [
    .init(M + " Log range aggregations: count_over_time", #"count_over_time({app="a"}[1m])"#, at: 60, [p1 + " 6", p2 + " 3"]),
    .init(M + " Log range aggregations: the window is (t-range, t], the start excluded", #"count_over_time({app="a"}[10s])"#, at: 20, [p1 + " 1", p2 + " 1"]),
    .init(M + " Log range aggregations: an entry exactly at t is included", #"count_over_time({app="a", pod="p1"}[1s])"#, at: 30, [p1 + " 1"]),
    .init(M + " Log range aggregations: an entry exactly at t-range is excluded", #"count_over_time({app="a", pod="p1"}[10s])"#, at: 40, [p1 + " 1"]),
    .init(M + " Log range aggregations: a window without entries gives no sample", #"count_over_time({app="a", pod="p1"}[5s])"#, at: 15, []),
    .init(M + " Log range aggregations: with a line filter", #"count_over_time({app="a"} |= "n=1" [1m])"#, at: 60, [p1 + " 1", p2 + " 1"]),
    .init(M + " Log range aggregations: the range may follow the pipeline", #"count_over_time({app="a"} |= "n=2" [1m])"#, at: 60, [p1 + " 1", p2 + " 1"]),
    .init(M + " Log range aggregations: extracted labels split series", #"count_over_time({app="a", pod="p2"} | logfmt | drop latency, size [1m])"#, at: 60,
          [#"{app="a", n="10", pod="p2"} 1"#, #"{app="a", n="20", pod="p2"} 1"#, #"{app="a", n="30", pod="p2"} 1"#]),
    .init(M + " Log range aggregations: rate is entries per second", #"rate({app="a"}[1m])"#, at: 60, [p1 + " 0.1", p2 + " 0.05"]),
    .init(M + " Log range aggregations: bytes_over_time", #"bytes_over_time({app="bytes"}[1m])"#, at: 60, [#"{app="bytes"} 6"#]),
    .init(M + " Log range aggregations: bytes_rate", #"bytes_rate({app="bytes"}[1m])"#, at: 60, [#"{app="bytes"} 0.1"#]),
    .init(M + " Log range aggregations: bytes count the line after line_format", #"bytes_over_time({app="bytes"} | line_format "x" [1m])"#, at: 60, [#"{app="bytes"} 2"#]),
    .init(M + " Log range aggregations: absent_over_time with no entries", #"absent_over_time({app="nope"}[1m])"#, at: 60, [#"{app="nope"} 1"#]),
    .init(M + " Log range aggregations: absent_over_time with entries is empty", #"absent_over_time({app="a"}[1m])"#, at: 60, []),
    .init(M + " Log range aggregations: absent_over_time labels come from equality matchers only", #"absent_over_time({app="nope", pod=~"p.*"}[1m])"#, at: 60, [#"{app="nope"} 1"#]),
    .init(M + " Log range aggregations: absent_over_time after a filter that drops everything", #"absent_over_time({app="a"} |= "zzz" [1m])"#, at: 60, [#"{app="a"} 1"#]),
    .init(M + " Log range aggregations: absent_over_time before the first entry", #"absent_over_time({app="a"}[5s])"#, at: 5, [#"{app="a"} 1"#]),
    .init(Q + " Offset modifier: offset moves the window back", #"count_over_time({app="a"}[10s] offset 10s)"#, at: 30, [p1 + " 1", p2 + " 1"]),
    .init(Q + " Offset modifier: offset past the data", #"count_over_time({app="a"}[10s] offset 1h)"#, at: 60, []),
    .init(M + " Unwrapped range aggregations: sum_over_time", #"sum_over_time({app="a"} | logfmt | drop latency, size | unwrap n [1m])"#, at: 60,
          [p1 + " 21", p2 + " 60"]),
    .init(M + " Unwrapped range aggregations: the unwrapped label leaves the series labels", #"sum_over_time({app="a", pod="p1"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 21"]),
    .init(M + " Unwrapped range aggregations: avg_over_time", #"avg_over_time({app="a"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 3.5", p2 + " 20"]),
    .init(M + " Unwrapped range aggregations: max_over_time", #"max_over_time({app="a"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 6", p2 + " 30"]),
    .init(M + " Unwrapped range aggregations: min_over_time", #"min_over_time({app="a"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 1", p2 + " 10"]),
    .init(M + " Unwrapped range aggregations: first_over_time", #"first_over_time({app="a"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 1", p2 + " 10"]),
    .init(M + " Unwrapped range aggregations: last_over_time", #"last_over_time({app="a"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 6", p2 + " 30"]),
    .init(M + " Unwrapped range aggregations: stdvar_over_time (population)", #"stdvar_over_time({app="a"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 2.91667", p2 + " 66.6667"]),
    .init(M + " Unwrapped range aggregations: stddev_over_time (population)", #"stddev_over_time({app="a"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 1.70783", p2 + " 8.16497"]),
    .init(M + " Unwrapped range aggregations: quantile_over_time interpolates", #"quantile_over_time(0.5, {app="a"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 3.5", p2 + " 20"]),
    .init(M + " Unwrapped range aggregations: quantile_over_time 0.9", #"quantile_over_time(0.9, {app="a", pod="p1"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 5.5"]),
    .init(M + " Unwrapped range aggregations: quantile_over_time above 1 is +Inf", #"quantile_over_time(2, {app="a", pod="p1"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " inf"]),
    .init(M + " Unwrapped range aggregations: rate sums values per second", #"rate({app="a", pod="p1"} | logfmt | keep app, pod, n | unwrap n [1m])"#, at: 60, [p1 + " 0.35"]),
    .init(M + " Unwrapped range aggregations: rate_counter treats values as a counter with resets", #"rate_counter({app="ctr"} | logfmt | unwrap v [1m])"#, at: 50, [#"{app="ctr"} 0.583333"#]),
    .init(M + " Unwrapped range aggregations: duration() converts to seconds", #"sum_over_time({app="a", pod="p1"} | logfmt | keep app, pod, latency | unwrap duration(latency) [1m])"#, at: 60, [p1 + " 2.1"]),
    .init(M + " Unwrapped range aggregations: duration_seconds() is duration()", #"max_over_time({app="a", pod="p2"} | logfmt | keep app, pod, latency | unwrap duration_seconds(latency) [1m])"#, at: 60, [p2 + " 3"]),
    .init(M + " Unwrapped range aggregations: bytes() converts sizes", #"max_over_time({app="a", pod="p1"} | logfmt | keep app, pod, size | unwrap bytes(size) [1m])"#, at: 60, [p1 + " 6000"]),
    .init(M + " Unwrapped range aggregations: grouping by merges series before aggregating", #"max_over_time({app="a"} | logfmt | unwrap n [1m]) by (app)"#, at: 60, [#"{app="a"} 30"#]),
    .init(M + " Unwrapped range aggregations: grouping without", #"min_over_time({app="a"} | logfmt | keep app, pod, n | unwrap n [1m]) without (app)"#, at: 60, [#"{pod="p1"} 1"#, #"{pod="p2"} 10"#]),
    .init(M + " Unwrapped range aggregations: avg_over_time by an empty grouping", #"avg_over_time({app="a"} | logfmt | unwrap n [1m]) by ()"#, at: 60, ["{} 9"]),
    .init(M + " Unwrapped range aggregations: post-unwrap __error__ filter drops bad values", #"sum_over_time({app=~"a|b"} | json | unwrap n | __error__="" [1m])"#, at: 60, [#"{app="b"} 7"#]),
    .init(M + " Unwrapped range aggregations: a label filter after unwrap", #"count_over_time({app="a"} | logfmt | n > 4 | keep app [1m])"#, at: 60, [#"{app="a"} 5"#]),
]

let moreRangeCases: [MetricCase] = [
    .init(M + " Log range aggregations: pattern-extracted labels split series", #"sum(count_over_time({app="a"} | pattern "n=<n> <_>" [1m]))"#, at: 60, ["{} 9"]),
    .init(M + " Log range aggregations: regexp-extracted labels", #"count_over_time({app="a", pod="p2"} | regexp `n=(?P<tens>\d)0 ` | keep app, tens [1m])"#, at: 60,
          [#"{app="a", tens="1"} 1"#, #"{app="a", tens="2"} 1"#, #"{app="a", tens="3"} 1"#]),
    .init(M + " Log range aggregations: json over JSON lines", #"count_over_time({app="b"} | json [1m])"#, at: 60, [#"{app="b", n="7"} 1"#]),
    .init(M + " Log range aggregations: rate times the range is the count", #"rate({app="a", pod="p1"}[1m]) * 60"#, at: 60, [p1 + " 6"]),
    .init(M + " Log range aggregations: sum by a label no series has", #"sum by (level) (count_over_time({app="a"}[1m]))"#, at: 60, ["{} 9"]),
    .init(M + " Log range aggregations: a label filter in the pipeline", #"sum(count_over_time({app="a"} | logfmt | latency >= 1s [1m]))"#, at: 60, ["{} 3"]),
    .init(M + " Unwrapped range aggregations: the documentation's quantile by path shape", #"quantile_over_time(0.99, {app="a"} | logfmt | __error__="" | unwrap duration(latency) [1m]) by (pod)"#, at: 60,
          [#"{pod="p1"} 0.595"#, #"{pod="p2"} 2.98"#]),
    .init(M + " Unwrapped range aggregations: unwrap of a plain number with a unit fails", #"sum_over_time({app="a"} | logfmt | unwrap latency | __error__="" [1m])"#, at: 60, []),
    .init(M + " Unwrapped range aggregations: sum by outside the range aggregation", #"sum by (pod) (sum_over_time({app="a"} | logfmt | unwrap n [1m]))"#, at: 60, [#"{pod="p1"} 21"#, #"{pod="p2"} 60"#]),
    .init(M + " Unwrapped range aggregations: structured values keep series apart until grouped", #"count(sum_over_time({app="a"} | logfmt | unwrap n [1m]))"#, at: 60, ["{} 9"]),
]

let vectorAggregationCases: [MetricCase] = [
    .init(M + " Built-in aggregation operators: approx_topk behaves as topk here", #"approx_topk(1, count_over_time({app="a"}[1m]))"#, at: 60, [p1 + " 6"]),
    .init(M + " Built-in aggregation operators: sum", #"sum(count_over_time({app="a"}[1m]))"#, at: 60, ["{} 9"]),
    .init(M + " Built-in aggregation operators: sum by", #"sum by (pod) (count_over_time({app="a"}[1m]))"#, at: 60, [#"{pod="p1"} 6"#, #"{pod="p2"} 3"#]),
    .init(M + " Built-in aggregation operators: sum by after the expression", #"sum(count_over_time({app="a"}[1m])) by (app)"#, at: 60, [#"{app="a"} 9"#]),
    .init(M + " Built-in aggregation operators: sum without", #"sum without (pod) (count_over_time({app="a"}[1m]))"#, at: 60, [#"{app="a"} 9"#]),
    .init(M + " Built-in aggregation operators: avg", #"avg(count_over_time({app="a"}[1m]))"#, at: 60, ["{} 4.5"]),
    .init(M + " Built-in aggregation operators: min", #"min(count_over_time({app="a"}[1m]))"#, at: 60, ["{} 3"]),
    .init(M + " Built-in aggregation operators: max", #"max(count_over_time({app="a"}[1m]))"#, at: 60, ["{} 6"]),
    .init(M + " Built-in aggregation operators: count", #"count(count_over_time({app=~".+"}[1m]))"#, at: 60, ["{} 5"]),
    .init(M + " Built-in aggregation operators: stddev", #"stddev(count_over_time({app="a"}[1m]))"#, at: 60, ["{} 1.5"]),
    .init(M + " Built-in aggregation operators: stdvar", #"stdvar(count_over_time({app="a"}[1m]))"#, at: 60, ["{} 2.25"]),
    .init(M + " Built-in aggregation operators: topk keeps labels, largest first", #"topk(1, count_over_time({app="a"}[1m]))"#, at: 60, [p1 + " 6"]),
    .init(M + " Built-in aggregation operators: topk by", #"topk by (app) (1, count_over_time({app=~"a|ctr"}[1m]))"#, at: 60, [p1 + " 6", #"{app="ctr"} 5"#]),
    .init(M + " Built-in aggregation operators: topk larger than the vector", #"topk(10, count_over_time({app="a"}[1m]))"#, at: 60, [p1 + " 6", p2 + " 3"]),
    .init(M + " Built-in aggregation operators: bottomk", #"bottomk(1, count_over_time({app="a"}[1m]))"#, at: 60, [p2 + " 3"]),
    .init(M + " Built-in aggregation operators: sort ascending", #"sort(count_over_time({app=~"a|bytes"}[1m]))"#, at: 60, [#"{app="bytes"} 2"#, p2 + " 3", p1 + " 6"]),
    .init(M + " Built-in aggregation operators: sort_desc", #"sort_desc(count_over_time({app=~"a|bytes"}[1m]))"#, at: 60, [p1 + " 6", p2 + " 3", #"{app="bytes"} 2"#]),
    .init(M + " Built-in aggregation operators: nested aggregations", #"max(sum by (pod) (count_over_time({app="a"}[1m])))"#, at: 60, ["{} 6"]),
    .init(M + " Built-in aggregation operators: aggregating an empty vector is empty", #"sum(count_over_time({app="nope"}[1m]))"#, at: 60, []),
]

let binaryOperatorCases: [MetricCase] = [
    .init(Q + " Arithmetic operators: vector * scalar", #"count_over_time({app="a"}[1m]) * 2"#, at: 60, [p1 + " 12", p2 + " 6"]),
    .init(Q + " Arithmetic operators: scalar - vector", #"10 - count_over_time({app="a"}[1m])"#, at: 60, [p1 + " 4", p2 + " 7"]),
    .init(Q + " Arithmetic operators: division by zero is +Inf", #"count_over_time({app="a"}[1m]) / 0"#, at: 60, [p1 + " inf", p2 + " inf"]),
    .init(Q + " Arithmetic operators: modulo", #"count_over_time({app="a"}[1m]) % 4"#, at: 60, [p1 + " 2", p2 + " 3"]),
    .init(Q + " Arithmetic operators: power", #"count_over_time({app="a"}[1m]) ^ 2"#, at: 60, [p1 + " 36", p2 + " 9"]),
    .init(Q + " Arithmetic operators: literals only give a scalar", "1 + 2 * 3", at: 60, ["scalar 7"]),
    .init(Q + " Arithmetic operators: ^ is right associative", "2 ^ 3 ^ 2", at: 60, ["scalar 512"]),
    .init(Q + " Arithmetic operators: vector + vector matches identical labels", #"count_over_time({app="a"}[1m]) + count_over_time({app="a"}[1m])"#, at: 60, [p1 + " 12", p2 + " 6"]),
    .init(Q + " Arithmetic operators: unmatched series are dropped", #"count_over_time({app="a"}[1m]) + count_over_time({app="a", pod="p1"}[1m])"#, at: 60, [p1 + " 12"]),
    .init(Q + " Comparison operators: filter", #"count_over_time({app="a"}[1m]) > 4"#, at: 60, [p1 + " 6"]),
    .init(Q + " Comparison operators: bool gives 0 or 1", #"count_over_time({app="a"}[1m]) > bool 4"#, at: 60, [p1 + " 1", p2 + " 0"]),
    .init(Q + " Comparison operators: scalar on the left keeps the vector's value", #"4 < count_over_time({app="a"}[1m])"#, at: 60, [p1 + " 6"]),
    .init(Q + " Comparison operators: ==", #"count_over_time({app="a"}[1m]) == 3"#, at: 60, [p2 + " 3"]),
    .init(Q + " Comparison operators: !=", #"count_over_time({app="a"}[1m]) != 3"#, at: 60, [p1 + " 6"]),
    .init(Q + " Comparison operators: >=", #"count_over_time({app="a"}[1m]) >= 3"#, at: 60, [p1 + " 6", p2 + " 3"]),
    .init(Q + " Comparison operators: <=", #"count_over_time({app="a"}[1m]) <= 3"#, at: 60, [p2 + " 3"]),
    .init(Q + " Comparison operators: <", #"count_over_time({app="a"}[1m]) < 3"#, at: 60, []),
    .init(Q + " Comparison operators: between scalars with bool", "2 > bool 1", at: 60, ["scalar 1"]),
    .init(Q + " Comparison operators: vector to vector", #"count_over_time({app="a"}[1m]) > count_over_time({app="a"}[30s])"#, at: 60, [p1 + " 6", p2 + " 3"]),
    .init(Q + " Comparison operators: vector to vector with bool", #"count_over_time({app="a"}[1m]) == bool count_over_time({app="a"}[30s])"#, at: 60, [p1 + " 0", p2 + " 0"]),
    .init(Q + " Logical and set operators: and", #"count_over_time({app="a"}[1m]) and count_over_time({app="a", pod="p2"}[1m])"#, at: 60, [p2 + " 3"]),
    .init(Q + " Logical and set operators: or", #"count_over_time({app="a", pod="p1"}[1m]) or count_over_time({app="a"}[1m]) * 10"#, at: 60, [p1 + " 6", p2 + " 30"]),
    .init(Q + " Logical and set operators: unless", #"count_over_time({app="a"}[1m]) unless count_over_time({app="a", pod="p2"}[1m])"#, at: 60, [p1 + " 6"]),
    .init(Q + " Logical and set operators: and on()", #"count_over_time({app="a"}[1m]) and on () vector(1)"#, at: 60, [p1 + " 6", p2 + " 3"]),
    .init(Q + " Vector matching: on", #"sum by (app, pod) (count_over_time({app="a"}[1m])) / on (app) group_left sum by (app) (count_over_time({app="a"}[1m]))"#, at: 60,
          [p1 + " 0.666667", p2 + " 0.333333"]),
    .init(Q + " Vector matching: ignoring", #"count_over_time({app="a"}[1m]) - ignoring (pod) group_left sum by (app) (count_over_time({app="a"}[1m]))"#, at: 60,
          [p1 + " -3", p2 + " -6"]),
    .init(Q + " Vector matching: one-to-one with on keeps only the on labels", #"count_over_time({app="a", pod="p1"}[1m]) + on (app) sum by (app) (count_over_time({app="a"}[1m]))"#, at: 60,
          [#"{app="a"} 15"#]),
    .init(Q + " Vector matching: group_right: the right side is the many side", #"sum by (app) (count_over_time({app="a"}[1m])) * on (app) group_right count_over_time({app="a"}[1m])"#, at: 60,
          [p1 + " 54", p2 + " 27"]),
    .init(Q + " Vector matching: group_left(label) adds the label of the one side",
          #"sum by (app) (count_over_time({app="a"}[1m])) + on (app) group_left (pod) label_replace(vector(1), "app", "a", "", "") * 0"#, at: 60,
          [#"{app="a"} 9"#]),
    .init(Q + " Functions: vector() has no labels", "vector(5)", at: 60, ["{} 5"]),
    .init(Q + " Functions: vector() in arithmetic", #"vector(5) + 1"#, at: 60, ["{} 6"]),
    .init(Q + " Functions: label_replace adds a label from a capture", #"label_replace(count_over_time({app="a"}[1m]), "short", "$1", "pod", "p(.*)")"#, at: 60,
          [#"{app="a", pod="p1", short="1"} 6"#, #"{app="a", pod="p2", short="2"} 3"#]),
    .init(Q + " Functions: label_replace without a match leaves the labels", #"label_replace(count_over_time({app="a"}[1m]), "short", "$1", "pod", "x(.*)")"#, at: 60, [p1 + " 6", p2 + " 3"]),
    .init(Q + " Functions: label_replace regex is anchored", #"label_replace(count_over_time({app="a"}[1m]), "x", "y", "pod", "1")"#, at: 60, [p1 + " 6", p2 + " 3"]),
    .init(Q + " Functions: label_replace to empty removes the label", #"label_replace(count_over_time({app="a", pod="p1"}[1m]), "pod", "", "pod", ".*")"#, at: 60, [#"{app="a"} 6"#]),
]

@Test(arguments: rangeAggregationCases + moreRangeCases + vectorAggregationCases + binaryOperatorCases)
func metricSemantics(_ c: MetricCase) throws {
    let got = try instant(c.query, at: c.at * second, try metricFixture())
    #expect(got == c.expected)
}

// MARK: Errors in metric queries

/// https://grafana.com/docs/loki/latest/query/metric_queries/ "Unwrapped range aggregations": a sample that
/// keeps `__error__` fails the query, and the message says how to skip it.
@Test(arguments: [
    (#"sum_over_time({app="b"} | json | unwrap missing [1m])"#, "SampleExtractionErr"),
    (#"count_over_time({app="a"} | json [1m])"#, "JSONParserErr"),
    (#"count_over_time({app="a"} | logfmt | latency > 1 [1m])"#, "LabelFilterErr"),
    (#"count_over_time({app="a"} | line_format "{{ unixToTime \"z\" }}" [1m])"#, "TemplateFormatErr"),
    (#"sum_over_time({app="a"} | logfmt | unwrap duration(n) [1m])"#, "SampleExtractionErr"),
    (#"sum_over_time({app="a"} | logfmt | unwrap bytes(latency) [1m])"#, "SampleExtractionErr"),
])
func pipelineErrorsFailMetricQueries(_ query: String, _ expected: String) throws {
    let s = try metricFixture()
    do {
        let r = try LogQLEngine().instantQuery(query, at: 60 * second, store: s)
        Issue.record("expected a pipeline error, got \(r)")
    } catch {
        #expect(error.message.hasPrefix("pipeline error: '\(expected)' for series: '{"), "\(error.message)")
        #expect(error.kind == .execution)
    }
}

@Test func pipelineErrorMessageNamesTheError() throws {
    // The first error an entry meets is the one reported (logfmt's, before json's and unwrap's).
    let s = try metricFixture()
    do {
        _ = try LogQLEngine().instantQuery(#"sum_over_time({app="b"} | logfmt --strict | json | unwrap n [1m])"#, at: 60 * second, store: s)
        Issue.record("expected an error")
    } catch {
        #expect(error.message.hasPrefix("pipeline error: 'LogfmtParserErr'"))
        #expect(error.message.contains("Use a label filter to intentionally skip this error"))
        #expect(error.kind == .execution)
    }
}

/// https://grafana.com/docs/loki/latest/query/ "Binary operators": a many-to-many match is an error.
@Test func manyToManyMatchingIsAnError() throws {
    #expect(throws: LogQLQueryError.self) {
        _ = try LogQLEngine().instantQuery(#"count_over_time({app="a"}[1m]) + on (app) count_over_time({app="a"}[1m])"#, at: 60 * second, store: try metricFixture())
    }
}

/// https://grafana.com/docs/loki/latest/reference/loki-http-api/ "Query logs at a single point in time":
/// log queries are range queries only.
@Test func logQueriesAreNotInstantQueries() throws {
    #expect(throws: LogQLQueryError.self) {
        _ = try LogQLEngine().instantQuery(#"{app="a"}"#, at: 60 * second, store: try metricFixture())
    }
}
