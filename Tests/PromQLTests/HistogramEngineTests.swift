import Testing
import TimeSeries
@testable import PromQL

/// The evaluator's use of the native histogram library: functions, aggregation, operators and range
/// functions on small hand-made histograms.
@Suite struct HistogramEngineTests {
    func histogram(_ notation: String) throws -> NativeHistogram {
        try HistogramNotation.parse(notation)
    }

    /// `h_total{i="a|b"}`: a counter histogram growing by one observation in bucket 1 per minute.
    func store() throws -> SeriesStore {
        var s = SeriesStore()
        for i in 0...10 {
            let t = Int64(i) * 60_000
            for name in ["a", "b"] {
                let h = try histogram("schema:0 sum:\(i) count:\(i) buckets:[\(i)]")
                s.append(Labels(["__name__": "h_total", "i": name]), t: t, histogram: h)
            }
            s.append(Labels(["__name__": "f", "i": "a"]), t: t, v: Double(i))
        }
        return s
    }

    func vector(_ q: String, at t: Int64) throws -> [InstantSample] {
        let result = try Engine().instantQuery(q, at: t, source: try store())
        guard case .vector(let v) = result.value else { Issue.record("not a vector: \(result.value)"); return [] }
        return v.sorted { $0.labels < $1.labels }
    }

    @Test func histogramCountAndSum() throws {
        let v = try vector("histogram_count(h_total)", at: 600_000)
        #expect(v.map(\.value) == [10, 10])
        #expect(v.allSatisfy { $0.histogram == nil && $0.labels.metricName == nil })
        #expect(try vector("histogram_sum(h_total)", at: 300_000).map(\.value) == [5, 5])
    }

    @Test func sumOfHistogramsAddsCounts() throws {
        let v = try vector("sum(h_total)", at: 600_000)
        #expect(v.count == 1)
        #expect(v.first?.histogram?.count == 20)
    }

    @Test func rateOfHistograms() throws {
        let v = try vector("rate(h_total[5m])", at: 600_000)
        #expect(v.count == 2)
        let count = v.first?.histogram?.count ?? .nan
        #expect(abs(count - 1.0 / 60) < 1e-12)
    }

    @Test func histogramTimesScalarAndQuantile() throws {
        #expect(try vector("histogram_count(h_total * 2)", at: 600_000).map(\.value) == [20, 20])
        let q = try vector("histogram_quantile(1, h_total)", at: 600_000)
        #expect(q.count == 2)
        #expect(q.allSatisfy { $0.value > 0.5 && $0.value <= 1 })
    }

    @Test func mixedFloatAndHistogramWindowWarns() throws {
        var s = try store()
        s.append(Labels(["__name__": "h_total", "i": "a"]), t: 630_000, v: 1)
        let result = try Engine().instantQuery("sum_over_time(h_total{i=\"a\"}[2m])", at: 660_000, source: s)
        guard case .vector(let v) = result.value else { Issue.record("not a vector"); return }
        #expect(v.isEmpty)
        #expect(result.annotations.warnings.contains { $0.contains("encountered a mix of histograms and floats") })
    }

    @Test func anchoredIncreaseAndSmoothedSelector() throws {
        // f grows by one per minute: anchored increase over 5m is exactly 5, a smoothed read halfway is 9.5.
        let inc = try vector("increase(f[5m] anchored)", at: 600_000)
        #expect(inc.map(\.value) == [5])
        let smoothed = try vector("f smoothed", at: 570_000)
        #expect(smoothed.map(\.value) == [9.5])
    }
}
