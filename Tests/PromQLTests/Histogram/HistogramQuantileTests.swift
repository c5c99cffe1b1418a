import Testing
@testable import PromQL

/// Expected values from native_histograms.test (Prometheus 3.14), which the script runner compares with a
/// relative tolerance of 1e-6; most match far more closely.
@Suite struct HistogramQuantileTests {
    static let q1 = HT.parse("schema:0 count:12 sum:100 z_bucket:2 z_bucket_w:0.001 buckets:[2 3 0 1 4]")
    static let q2 = HT.parse("schema:0 count:12 sum:100 z_bucket:2 z_bucket_w:0.001 n_buckets:[2 3 0 1 4]")
    static let q3 = HT.parse("schema:0 count:24 sum:100 z_bucket:4 z_bucket_w:0.001 buckets:[2 3 0 1 4] n_buckets:[2 3 0 1 4]")

    @Test(arguments: [
        (1.001, Double.infinity), (1, 16), (0.99, 15.67072476139083), (0.9, 12.99603834169977),
        (0.6, 4.594793419988138), (0.5, 1.5874010519681994), (0.1, 0.0006), (0, 0), (-1, -Double.infinity),
    ] as [(Double, Double)])
    func positiveBuckets(q: Double, expected: Double) {
        let (v, annos) = Self.q1.quantile(q)
        #expect(HT.close(v, expected), "q=\(q): \(v)")
        #expect(annos.isEmpty)
    }

    @Test(arguments: [
        (1, 0), (0.99, -0.00006), (0.9, -0.0006), (0.5, -1.5874010519681996), (0.1, -12.996038341699768), (0, -16),
    ] as [(Double, Double)])
    func negativeBuckets(q: Double, expected: Double) {
        #expect(HT.close(Self.q2.quantile(q).value, expected), "q=\(q)")
    }

    @Test(arguments: [
        (1, 16), (0.99, 15.34822590920423), (0.9, 10.556063286183155), (0.7, 1.2030250360821164), (0.55, 0.0006),
        (0.5, 0), (0.45, -0.0006), (0.3, -1.2030250360821169), (0.1, -10.556063286183155), (0.01, -15.34822590920423), (0, -16),
    ] as [(Double, Double)])
    func bothSides(q: Double, expected: Double) {
        #expect(HT.close(Self.q3.quantile(q).value, expected), "q=\(q)")
    }

    @Test func simpleCases() {
        #expect(HT.parse("schema:0 sum:5 count:4 buckets:[1 2 1]").quantile(0.5).value == 1.414213562373095)
        #expect(HT.parse("schema:0 sum:-5 count:4 n_buckets:[1 2 1]").quantile(0.5).value == -1.414213562373095)
        #expect(HT.parse("schema:0 z_bucket:1 z_bucket_w:0.5 sum:0.25 count:1").quantile(0.5).value == 0)
        // The quantile falls into a run of empty buckets: the lower bound of the next populated one.
        var balanced = HT.parse("schema:0 sum:4 count:4 buckets:[1 2 1]")
        _ = try? balanced.add(HT.parse("schema:0 sum:-4 count:4 n_buckets:[1 2 1]"))
        #expect(balanced.quantile(0.5).value == 0.5)
        #expect(HT.parse("").quantile(0.5).value.isNaN)
        #expect(Self.q1.quantile(.nan).value.isNaN)
    }

    @Test(arguments: [
        ("schema:-1 sum:6 count:5 buckets:[0 5]", 2.0), ("schema:0 sum:4 count:5 buckets:[0 5]", 1.4142135623730951),
        ("schema:1 sum:4 count:5 buckets:[0 5]", 1.189207), ("schema:-1 sum:6 count:5 buckets:[0 0 5]", 8.0),
        ("schema:0 sum:4 count:5 buckets:[0 0 5]", 2.82842712474619), ("schema:1 sum:4 count:5 buckets:[0 0 5]", 1.6817928305074292),
        ("schema:1 sum:4 count:5 n_buckets:[0 5]", -1.189207), ("schema:-1 sum:6 count:5 n_buckets:[0 0 5]", -8.0),
    ] as [(String, Double)])
    func resolutions(body: String, expected: Double) {
        #expect(HT.close(HT.parse(body).quantile(0.5).value, expected, 1e-6))
    }

    @Test func nanObservations() {
        let allNaN = HT.parse("schema:0 count:3 sum:NaN")
        let someNaN = HT.parse("schema:0 count:15 sum:NaN buckets:[12]")
        for q in [1, 0.81] {
            #expect(allNaN.quantile(q, metricName: "m").value.isNaN)
            #expect(allNaN.quantile(q, metricName: "m").annotations == [.quantileNaNResult(metricName: "m")])
            #expect(someNaN.quantile(q, metricName: "m").value.isNaN)
            #expect(someNaN.quantile(q, metricName: "m").annotations == [.quantileNaNResult(metricName: "m")])
        }
        #expect(someNaN.quantile(0.8).value == 1)
        #expect(someNaN.quantile(0.8, metricName: "m").annotations == [.quantileNaNSkew(metricName: "m")])
        #expect(someNaN.quantile(0.4).value == 0.7071067811865475)
        #expect(HistogramAnnotation.quantileNaNSkew(metricName: "histogram_nan").message
                == "PromQL info: input to histogram_quantile has NaN observations, result is skewed higher for metric name \"histogram_nan\"")
        let f = someNaN.fraction(lower: -.infinity, upper: 0.7071067811865475, metricName: "histogram_nan")
        #expect(HT.close(f.value, 0.4))
        #expect(f.annotations.map(\.message) == ["PromQL info: input to histogram_fraction has NaN observations, which are excluded from all fractions for metric name \"histogram_nan\""])
        #expect(HT.close(someNaN.fraction(lower: -.infinity, upper: .infinity).value, 0.8))
        #expect(allNaN.fraction(lower: -.infinity, upper: .infinity).value == 0)
    }

    static let f2 = HT.parse("schema:0 count:12 sum:100 z_bucket:2 z_bucket_w:0.001 buckets:[2 3 0 1 4]")

    @Test(arguments: [
        (0.0, Double.infinity, 1.0), (-Double.infinity, 0, 0), (-0.001, 0, 0), (0, 0.001, 0.16666666666666666),
        (0.001, .infinity, 0.8333333333333334), (0, 0.0005, 0.08333333333333333), (-.infinity, -0.001, 0), (1, 2, 0.25),
        (0, 1.5, 0.4795739585136224), (1.5, 2, 0.10375937481971091), (1, 8, 0.3333333333333333), (0, 6, 0.6320802083934297),
        (1, 6, 0.29874687506009634), (1.5, 6, 0.15250624987980724), (-2, -1, 0), (-6, -1.5, 0), (42, 3.1415, 0), (0, 0, 0),
        (42, 42, 0), (-.infinity, .infinity, 1),
    ] as [(Double, Double, Double)])
    func fractions(lower: Double, upper: Double, expected: Double) {
        let (v, annos) = Self.f2.fraction(lower: lower, upper: upper)
        #expect(HT.close(v, expected), "(\(lower), \(upper)): \(v)")
        #expect(annos.isEmpty)
    }

    @Test func fractionEdgeCases() {
        #expect(Self.f2.fraction(lower: 3.1415, upper: .nan).value.isNaN)
        #expect(Self.f2.fraction(lower: .nan, upper: 42).value.isNaN)
        #expect(HT.parse("").fraction(lower: 3.1415, upper: 42).value.isNaN)
        #expect(HT.parse("schema:0 sum:5 count:4 buckets:[1 2 1]").fraction(lower: 1, upper: 2).value == 0.5)
        #expect(HT.parse("schema:0 z_bucket:1 z_bucket_w:0.5 sum:0.25 count:1").fraction(lower: -0.5, upper: 0.5).value == 1)
        #expect(HT.parse("schema:0 sum:-5 count:4 n_buckets:[1 2 1]").fraction(lower: -2, upper: -1).value == 0.5)
        #expect(HT.close(HT.parse("schema:1 sum:4 count:5 buckets:[0 5]").fraction(lower: 0, upper: 1.189207).value, 0.5, 1e-6))
    }

    @Test func quantileAndFractionAreInverse() {
        #expect(HT.close(Self.f2.quantile(0.08333333333333333).value, 0.0005))
        #expect(HT.close(Self.f2.quantile(0.6320802083934297).value, 6))
    }

    @Test func customBuckets() {
        // Linear interpolation; the first bucket starts at 0 unless its upper bound is ≤ 0; +Inf bucket gives
        // its lower bound.
        let h = HT.h(schema: -53, count: 10, sum: 30, pos: [(0, 4)], pb: [2, 4, 2, 2], custom: [1, 5, 10])
        #expect(h.quantile(0.1).value == 0.5)
        #expect(h.quantile(0.4).value == 3)
        #expect(h.quantile(0.99).value == 10)
        let neg = HT.h(schema: -53, count: 2, sum: -3, pos: [(0, 2)], pb: [1, 1], custom: [-1, 5])
        #expect(neg.quantile(0.2).value == -1)
        #expect(h.fraction(lower: 0, upper: 3).value == 0.4)
        #expect(h.fraction(lower: 10, upper: .infinity).value == 0.2)
        // Inside the +Inf bucket nothing is interpolated.
        #expect(h.fraction(lower: 10, upper: 20).value == 0)
        #expect(h.fraction(lower: -5, upper: 1).value == 0.2)
    }

    @Test(arguments: [
        ("schema:2 count:4 sum:10 buckets:[1 0 0 0 1 0 0 1 1]", 1.0787993180043811, 1.163807968526718),
        ("schema:8 count:10 sum:10 buckets:[1 2 3 4]", 0.0048960313898237465, 2.3971123370139447e-05),
        ("schema:3 count:7 sum:62 z_bucket:1 buckets:[0 0 0 0 0 0 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 1 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 ] n_buckets:[0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 ]", 42.94723640026, 1844.4651144196398),
        ("schema:0 count:10 sum:-112946 z_bucket:0 n_buckets:[0 0 1 1 1 0 1 1 0 0 3 0 0 0 1 0 0 1]", 27556.344499842, 759352122.1939945),
        ("schema:0 count:10 sum:-100 z_bucket:0 n_buckets:[0 0 0 0 10]", 1.3137084989848, 1.725830020304794),
    ] as [(String, Double, Double)])
    func standardDeviation(body: String, stddev: Double, stdvar: Double) {
        let h = HT.parse(body)
        #expect(HT.close(h.standardDeviation, stddev, 1e-10))
        #expect(HT.close(h.variance, stdvar, 1e-12))
    }

    @Test func statisticsOfSpecialHistograms() {
        #expect(HT.parse("").average.isNaN)
        #expect(HT.parse("schema:0 sum:5 count:4 buckets:[1 2 1]").average == 1.25)
        #expect(HT.parse("schema:3 count:7 sum:NaN z_bucket:1 buckets:[1]").variance.isNaN)
        #expect(HT.parse("schema:3 count:7 sum:Inf z_bucket:1 buckets:[1]").standardDeviation == .infinity)
    }

    /// Classic histograms converted to custom buckets (histograms.test, at 50m).
    @Test func convertedClassicHistograms() {
        let positive = HT.h(schema: -53, count: 110, sum: 330, pos: [(0, 5)], pb: [0, 50, 20, 40, 0], custom: [0, 0.1, 0.2, 1])
        let negative = HT.h(schema: -53, count: 20, sum: 80, pos: [(0, 5)], pb: [0, 10, 10, 0, 0], custom: [-0.25, -0.2, -0.1, 0.3])
        #expect(positive.average == 3 && negative.average == 4)
        #expect(HT.close(positive.standardDeviation, 2.7435461458749795))
        #expect(HT.close(negative.standardDeviation, 4.187667907081458))
        #expect(HT.close(positive.variance, 7.527045454545455))
        #expect(HT.close(negative.variance, 17.5365625))
        #expect(HT.close(positive.fraction(lower: 0, upper: 0.2).value, 0.6363636363636364))
        #expect(negative.fraction(lower: 0, upper: 0.2).value == 0)
        let two = HT.h(schema: -53, count: 30, sum: 0, pos: [(0, 5)], pb: [0, 10, 10, 10, 0], custom: [0, 2, 4, 6])
        #expect(HT.close(two.fraction(lower: 0, upper: 4).value, 0.6666666666666666))
        #expect(two.fraction(lower: 0, upper: 6).value == 1)
        #expect(HT.close(two.fraction(lower: 0, upper: 3.5).value, 0.5833333333333334))
        // q(1/6), q(1/2), q(5/6) are in the middle of buckets.
        #expect(HT.close(two.quantile(1.0 / 6).value, 1))
        #expect(HT.close(two.quantile(0.5).value, 3))
        #expect(HT.close(two.quantile(5.0 / 6).value, 5))
        let cb = HT.parse("schema:-53 sum:5 count:4 custom_values:[5 10] buckets:[1 2 1]")
        #expect(cb.quantile(0.5).value == 7.5)
        #expect(cb.fraction(lower: 5, upper: 10).value == 0.5)
    }
}
