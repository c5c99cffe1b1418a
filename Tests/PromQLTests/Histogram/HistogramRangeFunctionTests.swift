import Testing
@testable import PromQL
import TimeSeries

/// Cases from native_histograms.test: the evaluator would pass these windows (samples in (start, end]).
@Suite struct HistogramRangeFunctionTests {
    static func series(step: Int64, _ bodies: [String]) -> [HistogramSample] {
        bodies.enumerated().map { HistogramSample(t: Int64($0.offset) * step, h: HT.parse($0.element)) }
    }

    static func increasing(_ base: String, _ inc: String, times: Int, step: Int64) -> [HistogramSample] {
        var h = HT.parse(base)
        let d = HT.parse(inc)
        var out = [HistogramSample(t: 0, h: h)]
        for k in 1...times {
            _ = try? h.add(d)
            out.append(HistogramSample(t: Int64(k) * step, h: h))
        }
        return out
    }

    @Test func rateOfIncreasingHistogram() {
        let s = Self.increasing("schema:0 sum:4 count:4 buckets:[1 2 1]", "sum:2 count:1 buckets:[1] offset:1", times: 10, step: 300_000)
        let window = s[9...10]  // (40m, 50m]
        let r = HistogramRate.extrapolated(window[...], rangeStart: 2_400_000, rangeEnd: 3_000_000, rangeSeconds: 600,
                                           isCounter: true, isRate: true, metricName: "incr_histogram")
        #expect(r.annotations.isEmpty)
        let expected = HT.parse("count:0.0033333333333333335 sum:0.006666666666666667 offset:1 buckets:[0.0033333333333333335]")
        #expect(r.histogram.map { HT.same($0, expected) } == true)
        #expect(r.histogram?.counterResetHint == .gauge)
    }

    @Test func increaseWithResetInOneBucket() {
        let s = Self.series(step: 300_000, ["schema:0 count:4 sum:5 buckets:[1 2 1]", "schema:0 count:5 sum:6 buckets:[1 1 3]",
                                            "schema:0 count:6 sum:7 buckets:[1 2 3]"])
        let r = HistogramRate.extrapolated(s[...], rangeStart: -300_000, rangeEnd: 600_000, rangeSeconds: 900,
                                           isCounter: true, isRate: false, metricName: "reset_in_bucket")
        #expect(r.annotations.isEmpty)
        #expect(r.histogram.map { HT.same($0, HT.parse("count:9 sum:10.5 buckets:[1.5 3 4.5]")) } == true)
    }

    @Test func rateAtSchemaOne() {
        let s = Self.increasing("schema:1 count:12 sum:18.4 z_bucket:2 z_bucket_w:0.001 buckets:[1 2 0 1 1] n_buckets:[1 2 0 1 1]",
                                "schema:1 count:9 sum:18.4 z_bucket:1 z_bucket_w:0.001 buckets:[1 1 0 1 1] n_buckets:[1 1 0 1 1]",
                                times: 20, step: 15_000)
        // rate(histogram_rate[45s]) at 5m: samples at 4m30s, 4m45s, 5m.
        let r = HistogramRate.extrapolated(s[18...20], rangeStart: 255_000, rangeEnd: 300_000, rangeSeconds: 45,
                                           isCounter: true, isRate: true, metricName: "histogram_rate")
        let e = HT.parse("schema:1 count:0.6 sum:1.2266666666666652 z_bucket:0.06666666666666667 z_bucket_w:0.001 buckets:[0.06666666666666667 0.06666666666666667 0 0.06666666666666667 0.06666666666666667] n_buckets:[0.06666666666666667 0.06666666666666667 0 0.06666666666666667 0.06666666666666667]")
        guard let h = r.histogram else { Issue.record("no result"); return }
        #expect(HT.close(h.count, e.count) && HT.close(h.sum, e.sum, 1e-9) && HT.close(h.zeroCount, e.zeroCount))
        #expect(h.compacted().positiveBuckets.count == 4)
        #expect(r.annotations.isEmpty)
    }

    @Test func gaugeHistogramInRateWarns() {
        let s = Self.series(step: 30_000, ["schema:0 sum:1 count:1 buckets:[1] counter_reset_hint:gauge",
                                           "schema:0 sum:2 count:2 buckets:[2] counter_reset_hint:gauge",
                                           "schema:0 sum:3 count:3 buckets:[3] counter_reset_hint:gauge"])
        let two = HistogramRate.extrapolated(s[0...1], rangeStart: -30_000, rangeEnd: 30_000, rangeSeconds: 60,
                                             isCounter: true, isRate: true, metricName: "some_metric")
        #expect(two.annotations.map(\.message) == ["PromQL warning: this native histogram metric is not a counter: \"some_metric\""])
        #expect(two.histogram.map { HT.same($0, HT.parse("count:0.03333333333333333 sum:0.03333333333333333 buckets:[0.03333333333333333]")) } == true)
        let three = HistogramRate.extrapolated(s[...], rangeStart: -30_000, rangeEnd: 60_000, rangeSeconds: 90,
                                               isCounter: true, isRate: true, metricName: "some_metric")
        #expect(three.annotations == [.notCounter(metricName: "some_metric")])
        #expect(three.histogram.map { HT.close($0.count, 0.03333333333333333) } == true)
    }

    static let mixed = series(step: 30_000, ["schema:0 sum:1 count:1 buckets:[1]", "schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]",
                                             "schema:0 sum:5 count:4 buckets:[1 2 1]", "schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]"])

    @Test func mixedExponentialAndCustomBuckets() {
        for (range, start, end) in [(0...2, Int64(-30_000), Int64(60_000)), (1...3, 0, 90_000)] {
            let r = HistogramRate.extrapolated(Self.mixed[range], rangeStart: start, rangeEnd: end, rangeSeconds: 90,
                                               isCounter: true, isRate: true, metricName: "some_metric")
            #expect(r.histogram == nil)
            #expect(r.annotations == [.mixedExponentialCustom(metricName: "some_metric")])
        }
    }

    @Test func resetBetweenBucketKindsDropsTheFirstSample() {
        let r = HistogramRate.extrapolated(Self.mixed[1...2], rangeStart: 0, rangeEnd: 60_000, rangeSeconds: 60,
                                           isCounter: true, isRate: true, metricName: "some_metric")
        #expect(r.annotations.isEmpty)
        let e = HT.parse("count:0.08333333333333333 sum:0.10416666666666666 counter_reset_hint:gauge buckets:[0.020833333333333332 0.041666666666666664 0.020833333333333332]")
        #expect(r.histogram.map { HT.same($0, e) } == true)
        let r2 = HistogramRate.extrapolated(Self.mixed[0...1], rangeStart: -30_000, rangeEnd: 30_000, rangeSeconds: 60,
                                            isCounter: true, isRate: true, metricName: "some_metric")
        let e2 = HT.parse("schema:-53 sum:0.03333333333333333 count:0.03333333333333333 custom_values:[5 10] buckets:[0.03333333333333333]")
        #expect(r2.histogram.map { HT.same($0, e2) } == true)
    }

    static let nhcb = series(step: 360_000, ["schema:-53 sum:1 count:1 custom_values:[5] buckets:[1]", "schema:-53 sum:1 count:1 custom_values:[5] buckets:[1]",
                                             "schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]", "schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]"])

    @Test func deltaIncreaseRateAcrossMismatchedCustomBounds() {
        let empty = HT.parse("schema:-53 custom_values:[5]")
        let delta = HistogramRate.extrapolated(Self.nhcb[1...3], rangeStart: 300_000, rangeEnd: 1_080_000, rangeSeconds: 780,
                                               isCounter: false, isRate: false, metricName: "nhcb_metric")
        #expect(Set(delta.annotations) == [.notGauge(metricName: "nhcb_metric"), .mismatchedCustomBuckets(.subtraction)])
        #expect(HistogramAnnotation.mismatchedCustomBuckets(.subtraction).message == "PromQL info: mismatched custom buckets were reconciled during subtraction")
        #expect(delta.histogram.map { HT.same($0, empty) } == true)
        let increase = HistogramRate.extrapolated(Self.nhcb[1...3], rangeStart: 300_000, rangeEnd: 1_080_000, rangeSeconds: 780,
                                                  isCounter: true, isRate: false, metricName: "nhcb_metric")
        #expect(increase.histogram.map { HT.same($0, empty) } == true)
        #expect(HistogramRate.resets(Self.nhcb[1...3]) == 0)
        #expect(HistogramRate.changes(Self.nhcb[1...3]) == 1)
        #expect(HistogramRate.changes(Self.nhcb[0...2]) == 1)
    }

    @Test func overTimeAcrossMismatchedCustomBounds() {
        let sum = HistogramOverTime.sum(Self.nhcb[0...2], metricName: "nhcb_metric")
        #expect(sum.annotations == [.mismatchedCustomBuckets(.aggregation)])
        #expect(sum.annotations.first?.message == "PromQL info: mismatched custom buckets were reconciled during aggregation")
        #expect(sum.histogram.map { HT.same($0, HT.parse("schema:-53 count:3 sum:3 custom_values:[5] buckets:[3]")) } == true)
        let avg = HistogramOverTime.average(Self.nhcb[0...2], metricName: "nhcb_metric")
        #expect(avg.histogram.map { HT.same($0, HT.parse("schema:-53 count:1 sum:1 custom_values:[5] buckets:[1]")) } == true)
        let avg18 = HistogramOverTime.average(Self.nhcb[1...3], metricName: "nhcb_metric")
        #expect(avg18.histogram.map { HT.same($0, HT.parse("schema:-53 count:1 sum:1 custom_values:[5] buckets:[1]")) } == true)
        #expect(HistogramOverTime.last(Self.nhcb[0...2]) == Self.nhcb[2].h)
        #expect(HistogramOverTime.first(Self.nhcb[0...2]) == Self.nhcb[0].h)
        let mixed = HistogramOverTime.sum(Self.mixed[0...1], metricName: "some_metric")
        #expect(mixed.histogram == nil && mixed.annotations == [.mixedExponentialCustom(metricName: "some_metric")])
    }

    @Test func instantRateAndDelta() {
        let a = HistogramSample(t: 0, h: HT.parse("schema:0 sum:1 count:1 buckets:[1]"))
        let b = HistogramSample(t: 10_000, h: HT.parse("schema:0 sum:3 count:3 buckets:[3]"))
        let irate = HistogramRate.instant(previous: a, last: b, isRate: true, metricName: "m")
        #expect(irate.annotations.isEmpty)
        #expect(irate.histogram.map { HT.same($0, HT.parse("sum:0.2 count:0.2 buckets:[0.2]")) } == true)
        let idelta = HistogramRate.instant(previous: a, last: b, isRate: false, metricName: "m")
        #expect(idelta.annotations == [.notGauge(metricName: "m")])
        #expect(idelta.histogram.map { HT.same($0, HT.parse("sum:2 count:2 buckets:[2]")) } == true)
        // A reset: irate is the last histogram per second.
        let reset = HistogramRate.instant(previous: b, last: HistogramSample(t: 20_000, h: a.h), isRate: true, metricName: "m")
        #expect(reset.histogram.map { HT.same($0, HT.parse("sum:0.1 count:0.1 buckets:[0.1]")) } == true)
        #expect(HistogramRate.instant(previous: a, last: HistogramSample(t: 0, h: b.h), isRate: true, metricName: "m").histogram == nil)
    }

    @Test func aggregationSumAndAverage() {
        var sum = HistogramSummation(.sum, first: HT.parse("schema:0 sum:0 count:0 buckets:[1] counter_reset_hint:reset"))
        sum.add(HT.parse("schema:0 sum:2 count:1 buckets:[1] counter_reset_hint:not_reset"), metricName: "x")
        let r = sum.result()
        #expect(r.annotations.map(\.message) == ["PromQL warning: conflicting counter resets during histogram aggregation"])
        #expect(r.histogram.map { HT.same($0, HT.parse("sum:2 count:1 buckets:[2]")) } == true)
        var avg = HistogramSummation(.average, first: HT.parse("schema:0 sum:4 count:4 buckets:[1 2 1]"))
        avg.add(HT.parse("schema:1 sum:8 count:8 buckets:[2 2 4 4]"), metricName: "x")
        // Schema 1 buckets 0..3 reduce to schema-0 buckets 0:2, 1:6, 2:4 (index 0 at schema 1 merges into 0).
        #expect(avg.result().histogram.map { HT.same($0, HT.parse("sum:6 count:6 buckets:[1.5 4 2.5]")) } == true)
        var bad = HistogramSummation(.sum, first: HT.parse("count:1 buckets:[1]"))
        bad.add(HT.parse("schema:-53 count:1 custom_values:[1] buckets:[1]"), metricName: "m")
        #expect(bad.incompatible)
        #expect(bad.result() == HistogramFunctionResult(histogram: nil, annotations: [.mixedExponentialCustom(metricName: "m")]))
    }

    @Test func kahanSumIsMoreExactThanPlainSum() {
        var s = HistogramSummation(.sum, first: HT.parse("sum:1 count:1 buckets:[1]"))
        for _ in 0..<10 { s.add(HT.parse("sum:1e-16 count:1e-16 buckets:[1e-16]"), metricName: "m") }
        let h = s.result().histogram!
        #expect(h.sum == 1.000000000000001)
        #expect(h.positiveBuckets == [1.000000000000001])
    }

    @Test func averageSwitchesToIncrementalMeanOnOverflow() {
        var avg = HistogramSummation(.average, first: HT.parse("sum:1e308 count:1e308 buckets:[1e308]"))
        avg.add(HT.parse("sum:1e308 count:1e308 buckets:[1e308]"), metricName: "m")
        avg.add(HT.parse("sum:1e308 count:1e308 buckets:[1e308]"), metricName: "m")
        let h = avg.result().histogram!
        #expect(HT.close(h.count, 1e308))
        #expect(HT.close(h.positiveBuckets[0], 1e308))
    }
}
