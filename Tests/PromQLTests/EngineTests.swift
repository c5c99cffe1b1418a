import Testing
import TimeSeries
@testable import PromQL

/// Direct checks of the evaluator on small hand-made data; the upstream scripts cover the rest.
@Suite struct EngineTests {
    /// `http_requests{job="api", instance="0|1"}` growing by 10 (instance 0) and 20 (instance 1) per minute
    /// from t=0 to t=10m, and a gauge.
    func store() throws -> SeriesStore {
        var s = SeriesStore()
        for i in 0...10 {
            let t = Int64(i) * 60_000
            s.append(Labels(["__name__": "http_requests_total", "job": "api", "instance": "0"]), t: t, v: Double(i) * 10)
            s.append(Labels(["__name__": "http_requests_total", "job": "api", "instance": "1"]), t: t, v: Double(i) * 20)
            s.append(Labels(["__name__": "temperature", "room": "a"]), t: t, v: 20 + Double(i % 3))
        }
        return s
    }

    func vector(_ q: String, at t: Int64, delayed: Bool = false) throws -> [InstantSample] {
        var options = Engine.Options()
        options.delayedNameRemoval = delayed
        let result = try Engine(options: options).instantQuery(q, at: t, source: try store())
        guard case .vector(let v) = result.value else { Issue.record("not a vector: \(result.value)"); return [] }
        return v.sorted { $0.labels < $1.labels }
    }

    @Test func selectorTakesLatestSampleWithinLookback() throws {
        let v = try vector(#"http_requests_total{instance="0"}"#, at: 150_000)
        #expect(v.map(\.value) == [20])
        #expect(try vector("http_requests_total", at: 60_000 * 16).isEmpty)  // older than 5m
    }

    @Test func rateExtrapolates() throws {
        let v = try vector("rate(http_requests_total[5m])", at: 600_000)
        #expect(v.count == 2)
        #expect(abs(v[0].value - 10.0 / 60) < 1e-12)
        #expect(abs(v[1].value - 20.0 / 60) < 1e-12)
        #expect(v[0].labels == Labels(["job": "api", "instance": "0"]))
    }

    @Test func sumByAndBinaryMatching() throws {
        let v = try vector("sum by (job) (http_requests_total)", at: 600_000)
        #expect(v.map(\.value) == [300])
        let ratio = try vector(#"http_requests_total / on(job) group_left sum by (job) (http_requests_total)"#, at: 600_000)
        #expect(ratio.map(\.value) == [100.0 / 300, 200.0 / 300])
    }

    @Test func comparisonFiltersAndBoolReturnsZeroOrOne() throws {
        #expect(try vector("http_requests_total > 150", at: 600_000).count == 1)
        let b = try vector("http_requests_total > bool 150", at: 600_000)
        #expect(b.map(\.value) == [0, 1])
        #expect(b.allSatisfy { $0.labels.metricName == nil })
    }

    @Test func rangeQueryIsSortedMatrix() throws {
        let result = try Engine().rangeQuery("temperature * 2", start: 0, end: 120_000, step: 60_000, source: try store())
        guard case .matrix(let m) = result.value else { Issue.record("not a matrix"); return }
        #expect(m.count == 1)
        #expect(m[0].floats.map(\.v) == [40, 42, 44])
        #expect(m[0].labels == Labels(["room": "a"]))
    }

    @Test func subqueryAndOverTime() throws {
        let v = try vector("max_over_time(temperature[10m:1m])", at: 600_000)
        #expect(v.map(\.value) == [22])
        #expect(try vector("last_over_time(temperature[5m])", at: 600_000).first?.labels.metricName == "temperature")
    }

    @Test func delayedNameRemovalKeepsNameForLabelReplace() throws {
        let v = try vector(#"label_replace(rate(http_requests_total[5m]), "n", "$1", "__name__", "(.*)")"#, at: 600_000, delayed: true)
        #expect(v.map { $0.labels["n"] } == ["http_requests_total", "http_requests_total"])
        #expect(v.allSatisfy { $0.labels.metricName == nil })
    }

    @Test func absentGivesEqualityLabels() throws {
        let v = try vector(#"absent(nope{job="x", env=~"p.*"})"#, at: 0)
        #expect(v.map(\.labels) == [Labels(["job": "x"])])
    }

    @Test func errorsAreReported() throws {
        #expect(throws: QueryError.self) { try self.vector("sum(", at: 0) }
        // Two series with the same labels after the name is dropped.
        var s = SeriesStore()
        s.append(Labels(["__name__": "a", "x": "1"]), t: 0, v: 1)
        s.append(Labels(["__name__": "b", "x": "1"]), t: 0, v: 1)
        #expect(throws: QueryError.self) { try Engine().instantQuery(#"abs({x="1"})"#, at: 0, source: s) }
    }
}

/// Annotation texts print numbers as Go's `%g` (exponent form from 1e6 on), count_values labels as 'f'.
@Suite struct EngineNumberTextTests {
    @Test func annotationsUseGoG() throws {
        var s = SeriesStore()
        s.append(Labels(["__name__": "x"]), t: 0, v: 1_000_000)
        let r = try Engine().instantQuery("quantile(2000000, x)", at: 0, source: s)
        #expect(r.annotations.warnings == ["PromQL warning: quantile value should be between 0 and 1, got 2e+06 (1:10)"])
        let c = try Engine().instantQuery(#"count_values("v", x)"#, at: 0, source: s)
        guard case .vector(let v) = c.value else { Issue.record("not a vector"); return }
        #expect(v.first?.labels["v"] == "1000000")
    }
}
