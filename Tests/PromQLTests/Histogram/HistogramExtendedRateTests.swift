import Testing
@testable import PromQL
import TimeSeries

/// `anchored` and `smoothed` rate/increase on histograms, cases from extended_vectors.test.
@Suite struct HistogramExtendedRateTests {
    static func series(step: Int64, _ bodies: [String], start: Int64 = 0) -> [HistogramSample] {
        bodies.enumerated().map { HistogramSample(t: start + Int64($0.offset) * step, h: HT.parse($0.element)) }
    }

    static func increase(_ s: [HistogramSample], at t: Int64, range: Int64, smoothed: Bool) -> HistogramFunctionResult {
        HistogramRate.extended(s, rangeStart: t - range, rangeEnd: t, rangeSeconds: Double(range) / 1000, smoothed: smoothed,
                               isCounter: true, isRate: false, metricName: "m")
    }

    @Test func anchoredIncrease() {
        var s: [HistogramSample] = []
        var h = HT.parse("schema:0 count:1 sum:1 buckets:[1] offset:1")
        for k in 0...7 {
            s.append(HistogramSample(t: Int64(k) * 15_000, h: h))
            _ = try? h.add(HT.parse("count:1 sum:1 buckets:[1] offset:1"))
        }
        // At 50s over 1m: left is the sample at 0s (the last at or before -10s is none, so the first), right 45s.
        let r = Self.increase(Array(s[0...3]), at: 50_000, range: 60_000, smoothed: false)
        #expect(r.histogram?.count == 3 && r.histogram?.sum == 3)
    }

    @Test func anchoredResetAtEnd() {
        let s = Self.series(step: 30_000, ["schema:0 sum:5 count:5 buckets:[5]", "schema:0 sum:10 count:10 buckets:[10]",
                                           "schema:0 sum:3 count:3 buckets:[3] counter_reset_hint:reset"])
        #expect(Self.increase(s, at: 70_000, range: 70_000, smoothed: false).histogram?.count == 8)
        let two = Self.series(step: 30_000, ["schema:0 sum:5 count:5 buckets:[5]", "schema:0 sum:3 count:3 buckets:[3] counter_reset_hint:reset"])
        #expect(Self.increase(two, at: 30_000, range: 30_000, smoothed: false).histogram?.count == 3)
    }

    @Test func smoothedResets() {
        let s = Self.series(step: 10_000, ["schema:0 sum:10 count:10 buckets:[10]", "schema:0 sum:5 count:5 buckets:[5] counter_reset_hint:reset",
                                           "schema:0 sum:2 count:2 buckets:[2] counter_reset_hint:reset", "schema:0 sum:4 count:4 buckets:[4]"])
        #expect(Self.increase(s, at: 15_000, range: 14_000, smoothed: true).histogram?.count == 5.5)
        let two = Self.series(step: 20_000, ["schema:0 sum:10 count:10 buckets:[10]", "schema:0 sum:5 count:5 buckets:[5] counter_reset_hint:reset"])
        #expect(Self.increase(two, at: 15_000, range: 10_000, smoothed: true).histogram?.count == 2.5)
    }

    @Test func smoothedRateAcrossResetAtLeftBoundary() {
        let s = Self.series(step: 10_000, ["schema:0 sum:396 count:396 buckets:[396] counter_reset_hint:not_reset",
                                           "schema:0 sum:110 count:110 buckets:[110] counter_reset_hint:reset",
                                           "schema:0 sum:194 count:194 buckets:[194] counter_reset_hint:not_reset"], start: 10_000)
        let r = HistogramRate.extended(s, rangeStart: 19_500, rangeEnd: 20_500, rangeSeconds: 1, smoothed: true,
                                       isCounter: true, isRate: true, metricName: "reset_boundary")
        #expect(r.histogram.map { HT.close($0.count, 9.7, 1e-9) } == true)
    }

    @Test func mixedBucketKindsWarn() {
        let s = Self.series(step: 30_000, ["schema:0 sum:1 count:1 buckets:[1]", "schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]",
                                           "schema:0 sum:5 count:4 buckets:[1 2 1]"])
        let r = Self.increase(s, at: 60_000, range: 60_000, smoothed: false)
        #expect(r.histogram == nil)
        #expect(r.annotations == [.mixedExponentialCustom(metricName: "m")])
    }

    @Test func smoothedInstantSelector() {
        let s = Self.series(step: 15_000, ["schema:0 sum:5 count:5 buckets:[5]", "schema:0 sum:10 count:10 buckets:[10]",
                                           "schema:0 sum:2 count:2 buckets:[2] counter_reset_hint:reset", "schema:0 sum:6 count:6 buckets:[6]"])
        let r = HistogramRate.smoothedValue(previous: s[1], next: s[2], at: 20_000, metricName: "reset_middle")
        #expect(r.histogram.map { HT.close($0.count, 0.6666666666666666) } == true)
        let plain = HistogramRate.smoothedValue(previous: s[0], next: s[1], at: 5_000, metricName: "m")
        #expect(plain.histogram.map { HT.close($0.count, 20.0 / 3) && HT.close($0.positiveBuckets[0], 20.0 / 3) } == true)
    }
}
