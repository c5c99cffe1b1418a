import Testing
@testable import PromQL
import TimeSeries

/// The trim operators, with cases from native_histograms.test.
@Suite struct HistogramTrimTests {
    static let h = HT.parse("schema:0 sum:123.75 count:34 z_bucket:1 z_bucket_w:0.001 buckets:[2 4 8 16] n_buckets:[1 2]")
    static let h2 = HT.parse("schema:2 sum:12.8286080906 count:28 z_bucket:1 z_bucket_w:0.001 buckets:[1 2 4 7 3] n_buckets:[1 5 3 1]")

    static func check(_ got: NativeHistogram, _ body: String) -> Bool {
        let e = HT.parse(body).compacted()
        let g = got.compacted()
        guard g.schema == e.schema, HT.close(g.count, e.count, 1e-9), HT.close(g.sum, e.sum, 1e-9),
              HT.close(g.zeroCount, e.zeroCount), g.zeroThreshold == e.zeroThreshold,
              g.positiveSpans == e.positiveSpans, g.negativeSpans == e.negativeSpans,
              g.positiveBuckets.count == e.positiveBuckets.count, g.negativeBuckets.count == e.negativeBuckets.count else {
            return false
        }
        return zip(g.positiveBuckets + g.negativeBuckets, e.positiveBuckets + e.negativeBuckets).allSatisfy { HT.close($0, $1, 1e-9) }
    }

    @Test(arguments: [
        (-Double.infinity, false, "schema:0 sum:123.75 count:34 z_bucket:1 z_bucket_w:0.001 buckets:[2 4 8 16] n_buckets:[1 2]"),
        (Double.infinity, true, "schema:0 sum:123.75 count:34 z_bucket:1 z_bucket_w:0.001 buckets:[2 4 8 16] n_buckets:[1 2]"),
        (Double.infinity, false, "schema:0 z_bucket_w:0.001"),
        (-Double.infinity, true, "schema:0 z_bucket_w:0.001"),
        (0, false, "schema:0 sum:120.20840280171308 count:30.5 z_bucket:0.5 z_bucket_w:0.001 buckets:[2 4 8 16]"),
        (0, true, "schema:0 sum:-3.53578390593273768 count:3.5 z_bucket:0.5 z_bucket_w:0.001 n_buckets:[1 2]"),
        (1.4142135624, true, "count:8 sum:0.2570938865989847 z_bucket:1 z_bucket_w:0.001 buckets:[2 2] n_buckets:[1 2]"),
        (1.4142135624, false, "count:26 sum:116.50067065070982 z_bucket_w:0.001 buckets:[0 2 8 16]"),
        (2, true, "count:10 sum:3.5355339059327373 z_bucket:1 z_bucket_w:0.001 buckets:[2 4] n_buckets:[1 2]"),
        (2, false, "count:24 sum:113.13708498984761 z_bucket_w:0.001 offset:2 buckets:[8 16]"),
        (-1, false, "count:32 sum:119.50104602052653 z_bucket:1 z_bucket_w:0.001 buckets:[2 4 8 16] n_buckets:[1]"),
        (-1, true, "count:2 sum:-2.8284271247461903 z_bucket_w:0.001 n_offset:1 n_buckets:[2]"),
    ] as [(Double, Bool, String)])
    func exponential(rhs: Double, keepBelow: Bool, expected: String) {
        let got = HistogramBinaryOperation.trim(Self.h, rhs, keepBelow: keepBelow)
        #expect(Self.check(got, expected), "\(keepBelow ? "</" : ">/") \(rhs): \(got.testExpression)")
    }

    @Test(arguments: [
        (1.13, true, "schema:2 count:13.410582181123704 sum:-9.385798726068233 z_bucket:1 z_bucket_w:0.001 buckets:[1 1.410582181123704] n_buckets:[1 5 3 1]"),
        (1.13, false, "schema:2 count:14.589417818876296 sum:22.168126492693734 z_bucket_w:0.001 offset:1 buckets:[0.589417818876296 4 7 3]"),
        (-1.3, false, "schema:2 count:25.54213947904476 sum:16.29588491217537 z_bucket:1 z_bucket_w:0.001 buckets:[1 2 4 7 3] n_buckets:[1 5 1.54213947904476]"),
        (-1.3, true, "schema:2 count:2.45786052095524 sum:-3.5189307983595066 z_bucket_w:0.001 n_offset:2 n_buckets:[1.45786052095524 1]"),
    ] as [(Double, Bool, String)])
    func schemaTwo(rhs: Double, keepBelow: Bool, expected: String) {
        let got = HistogramBinaryOperation.trim(Self.h2, rhs, keepBelow: keepBelow)
        #expect(Self.check(got, expected), "\(keepBelow ? "</" : ">/") \(rhs): \(got.testExpression)")
    }

    @Test func binaryAddAndSubtract() {
        let a = HT.parse("count:1 sum:1 buckets:[1] counter_reset_hint:reset")
        let b = HT.parse("count:1 sum:1 buckets:[1] counter_reset_hint:not_reset")
        let r = HistogramBinaryOperation.add(a, b)
        #expect(r.annotations.map(\.message) == ["PromQL warning: conflicting counter resets during histogram addition"])
        let d = HistogramBinaryOperation.subtract(a, a)
        #expect(d.histogram?.counterResetHint == .gauge)
        #expect(d.histogram?.positiveBuckets == [])
        let bad = HistogramBinaryOperation.add(a, HT.parse("schema:-53 count:1 custom_values:[1] buckets:[1]"))
        #expect(bad.histogram == nil)
        #expect(bad.annotations.map(\.message) == ["PromQL warning: incompatible bucket layout encountered for binary operator +"])
    }
}
