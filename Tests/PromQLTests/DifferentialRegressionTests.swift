import Testing
import TimeSeries
@testable import PromQL

/// Bugs the differential run against Prometheus (Tests/DifferentialTests) found, each checked against
/// the answer Prometheus gave.
@Suite struct DifferentialRegressionTests {
    /// Two metrics with the same other labels, sampled at different times.
    func store() -> SeriesStore {
        var s = SeriesStore()
        for i in 0...10 {
            s.append(Labels(["__name__": "a", "job": "x"]), t: Int64(i) * 60_000 + 1_000, v: Double(i))
            s.append(Labels(["__name__": "b", "job": "x"]), t: Int64(i) * 60_000 + 2_000, v: Double(i))
        }
        s.append(Labels(["__name__": "c", "job": "y"]), t: 1_000, v: 1)
        s.append(Labels(["__name__": "d", "job": "y"]), t: 600_000, v: 1)
        return s
    }

    /// `timestamp()` drops the metric name; two series that then share labels at one step are an error, as
    /// for every function (Prometheus 2.42 and 3.x: "vector cannot contain metrics with the same labelset").
    /// Vigil returned both series.
    @Test func timestampOfCollidingSeriesIsAnError() throws {
        #expect(throws: QueryError.self) {
            try Engine().instantQuery(#"timestamp({__name__=~"a|b"})"#, at: 300_000, source: store())
        }
        #expect(throws: QueryError.self) {
            try Engine().rangeQuery(#"timestamp({__name__=~"a|b"})"#, start: 0, end: 600_000, step: 60_000, source: store())
        }
    }

    /// Series that share labels only at different steps of a range query are merged, not an error.
    @Test func timestampOfSeriesMeetingAtNoStepIsMerged() throws {
        let result = try Engine().rangeQuery(#"timestamp({__name__=~"c|d"})"#, start: 60_000, end: 900_000, step: 300_000, source: store())
        guard case .matrix(let m) = result.value else { Issue.record("not a matrix: \(result.value)"); return }
        #expect(m.count == 1)
        #expect(m.first?.labels == Labels(["job": "y"]))
        // c's sample at 1 s is seen at 60 s (lookback 5 m); d's at 600 s from 660 s on.
        #expect(m.first?.floats == [Sample(t: 60_000, v: 1), Sample(t: 660_000, v: 600)])
    }
}
