import Testing
@testable import PromQL
import TimeSeries

/// Kahan sums and means from native_histograms.test, compared as the script runner does (relative 1e-6
/// on every value, same layout after compaction).
@Suite struct HistogramSummationTests {
    static func close(_ got: NativeHistogram?, _ body: String) -> Bool {
        guard let got else { return false }
        let g = got.compacted(), e = HT.parse(body).compacted()
        func near(_ a: Double, _ b: Double) -> Bool { HT.close(a, b, 1e-6) }
        guard g.schema == e.schema, near(g.count, e.count), near(g.sum, e.sum), near(g.zeroCount, e.zeroCount),
              g.zeroThreshold == e.zeroThreshold, g.positiveSpans == e.positiveSpans, g.negativeSpans == e.negativeSpans else {
            return false
        }
        return zip(g.positiveBuckets + g.negativeBuckets, e.positiveBuckets + e.negativeBuckets).allSatisfy { near($0, $1) }
    }

    static func aggregate(_ kind: HistogramSummation.Kind, _ bodies: [String]) -> HistogramFunctionResult {
        var s = HistogramSummation(kind, first: HT.parse(bodies[0]))
        for b in bodies.dropFirst() { s.add(HT.parse(b), metricName: "m") }
        return s.result()
    }

    static func overTime(_ kind: HistogramSummation.Kind, _ bodies: [String]) -> HistogramFunctionResult {
        let samples = bodies.enumerated().map { HistogramSample(t: Int64($0.offset) * 60_000, h: HT.parse($0.element)) }
        return kind == .sum ? HistogramOverTime.sum(samples[...], metricName: "m") : HistogramOverTime.average(samples[...], metricName: "m")
    }

    static let histogramSum = [
        "schema:0 count:25 sum:3.1 z_bucket:4 z_bucket_w:0.001 buckets:[1 2 0 1 1] n_buckets:[2 4 0 0 1 9]",
        "schema:0 count:41 sum:1e100 z_bucket:5 z_bucket_w:0.001 buckets:[1 3 1 2 1 1 1] n_buckets:[0 1 4 2 7 0 0 0 0 5 5 2]",
        "schema:0 count:41 sum:-1e100 z_bucket:5 z_bucket_w:0.001 buckets:[1 3 1 2 1 1 1] n_buckets:[0 1 4 2 7 0 0 0 0 5 5 2]",
        "schema:1 count:0 sum:1.3 z_bucket:3 z_bucket_w:0.001 buckets:[2 4 2 3 2 2] n_buckets:[1 2 5 3 8 1 1 1 1 6 3]",
    ]

    @Test func sumAndAverageAcrossSchemasWithCancellingSums() {
        let sum = Self.aggregate(.sum, Self.histogramSum)
        #expect(sum.annotations.isEmpty)
        #expect(Self.close(sum.histogram, "schema:0 count:107 sum:4.4 z_bucket:17 z_bucket_w:0.001 buckets:[5 14 7 7 3 2 2] n_buckets:[3 13 19 6 17 18 0 0 0 10 10 4]"))
        let avg = Self.aggregate(.average, Self.histogramSum)
        #expect(Self.close(avg.histogram, "schema:0 count:26.75 sum:1.1 z_bucket:4.25 z_bucket_w:0.001 buckets:[1.25 3.5 1.75 1.75 0.75 0.5 0.5] n_buckets:[0.75 3.25 4.75 1.5 4.25 4.5 0 0 0 2.5 2.5 1]"))
        // Plain addition (the binary operator) of idx 0 and 3.
        let plus = HistogramBinaryOperation.add(HT.parse(Self.histogramSum[0]), HT.parse(Self.histogramSum[3]))
        #expect(Self.close(plus.histogram, "schema:0 count:25 sum:4.4 z_bucket:7 z_bucket_w:0.001 buckets:[3 8 5 3 1] n_buckets:[3 11 11 2 3 18]"))
    }

    static let incremental = [
        "schema:0 count:1.7976931348623157e+308 sum:5.30921651659898 z_bucket:1.78264e50 z_bucket_w:0.001 buckets:[1.78264E+50 1.78264E+215 1.78264E+219 3363.5121756487] n_buckets:[1178.20696291113 731.697776280323 715.201503759399 1386.11378876781 855.572553278132]",
        "schema:0 count:1e308 sum:0.961118537914768 z_bucket:0.76342771 z_bucket_w:0.001 buckets:[0.76342771 0.76342771 0.76342771 195.70084087969] n_buckets:[421.30382970055 0 450441.779]",
        "schema:0 count:1e-6 sum:1.62091361305318 z_bucket:1.9592258 z_bucket_w:0.001 buckets:[1.9592258 1.9592258 1.9592258 1135.74692279] n_buckets:[0 4504.41779 588.599358265103 40.3760942760943]",
        "schema:0 count:1e-6 sum:0.865089463758091 z_bucket:7.69805412 z_bucket_w:0.001 buckets:[2.258E+220 2.258E+220 2.3757689E+217 1078.68071312804] n_buckets:[349.905284031261 0 0 0.161173466838949 588.599358]",
        "schema:0 count:1e-6 sum:0.323055185914577 z_bucket:458.90154 z_bucket_w:0.001 buckets:[7.69805412 7.69805412 2.258E+220 3173.28218135701]",
        "schema:0 count:1e-6 sum:0.951811357687154 z_bucket:1.78264e50 z_bucket_w:0.001 buckets:[458.90154 458.90154 7.69805412 2178.35] n_buckets:[2054.92644438789 844.560108898123]",
        "schema:0 count:1e-6 sum:0 z_bucket:5 z_bucket_w:0.001 buckets:[0 0 1.78264E+219 376.770478890989]",
        "schema:0 count:1e-6 sum:0 z_bucket:0 z_bucket_w:0.001 buckets:[0 0 458.90154 250325.5] n_buckets:[0 0.0000000011353 0 608.697257]",
    ]

    @Test func incrementalAverage() {
        let expected = "schema:0 count:3.497116418577895e+307 sum:1.2539005843658437 z_bucket:4.4566e49 z_bucket_w:0.001 buckets:[2.8225e+219 2.822522283e+219 3.271129711125e+219 32728.442914086805] n_buckets:[500.5428151288539 760.0844593974477 56468.19748275306 254.4185391888429 180.5214889097665]"
        #expect(Self.close(Self.aggregate(.average, Self.incremental).histogram, expected))
        #expect(Self.close(Self.overTime(.average, Self.incremental).histogram, expected))
        let sum = Self.overTime(.sum, Self.incremental).histogram
        #expect(Self.close(sum, "schema:0 count:Inf sum:10.03120467492675 z_bucket:3.56528e+50 z_bucket_w:0.001 buckets:[2.258e+220 2.2580178264e+220 2.6169037689e+220 261827.54331269444] n_buckets:[4004.342521030831 6080.675675179582 451745.57986202446 2035.3483135107433 1444.171911278132]"))
    }

    @Test func overTimeWithCancellation() {
        let a = ["schema:0 count:25 sum:1234.5 z_bucket:4 z_bucket_w:0.001 buckets:[1 2 0 1 1] n_buckets:[2 4 0 0 1 9]",
                 "schema:0 count:41 sum:2345.6 z_bucket:5 z_bucket_w:0.001 buckets:[1 3 1 2 1 1 1] n_buckets:[0 1 4 2 7 0 0 0 0 5 5 2]",
                 "schema:0 count:41 sum:1111.1 z_bucket:5 z_bucket_w:0.001 buckets:[1 3 1 2 1 1 1] n_buckets:[0 1 4 2 7 0 0 0 0 5 5 2]",
                 "schema:1 count:0"]
        #expect(Self.close(Self.overTime(.sum, a).histogram, "schema:0 count:107 sum:4691.2 z_bucket:14 z_bucket_w:0.001 buckets:[3 8 2 5 3 2 2] n_buckets:[2 6 8 4 15 9 0 0 0 10 10 4]"))
        #expect(Self.close(Self.overTime(.average, a).histogram, "schema:0 count:26.75 sum:1172.8 z_bucket:3.5 z_bucket_w:0.001 buckets:[0.75 2 0.5 1.25 0.75 0.5 0.5] n_buckets:[0.5 1.5 2 1 3.75 2.25 0 0 0 2.5 2.5 1]"))
        let b = ["schema:0 count:1 sum:1", "schema:0 count:2 sum:1e100", "schema:0 count:3 sum:1", "schema:0 count:4 sum:-1e100"]
        #expect(Self.close(Self.overTime(.sum, b).histogram, "schema:0 count:10 sum:2"))
        #expect(Self.close(Self.overTime(.average, b).histogram, "schema:0 count:2.5 sum:0.5"))
        let c = ["schema:0 count:1 sum:5.3", "schema:0 count:2 sum:1e100", "schema:0 count:3 sum:1", "schema:0 count:4 sum:-1e100",
                 "schema:0 count:5 sum:2", "schema:0 count:6 sum:1e50", "schema:0 count:7 sum:-1e50"]
        #expect(Self.close(Self.overTime(.sum, c).histogram, "schema:0 count:28 sum:8.3"))
        #expect(Self.close(Self.overTime(.average, c).histogram, "schema:0 count:4 sum:1.1857142857142857"))
        let d = ["schema:0 count:1.7976931348623157e+308 sum:5.3", "schema:0 count:1e308 sum:1e100", "schema:0 count:1e-6 sum:-1e100",
                 "schema:0 count:1e-6 sum:1", "schema:0 count:1e-6 sum:1e50", "schema:0 count:1e-6 sum:-1e50", "schema:0 count:1e-6 sum:0"]
        #expect(Self.close(Self.overTime(.sum, d).histogram, "schema:0 count:Inf sum:6.3"))
        #expect(Self.close(Self.overTime(.average, d).histogram, "schema:0 count:3.9967044783747367e+307 sum:0.9"))
    }
}
