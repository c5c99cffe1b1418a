import PromQL
import Testing
@testable import PromQLTestScripts
import TimeSeries

@Suite struct ValueComparisonTests {
    @Test func relativeTolerance() {
        #expect(ValueComparison.floatsMatch(1, 1 + 1e-7))
        #expect(!ValueComparison.floatsMatch(1, 1 + 1e-5))
        #expect(ValueComparison.floatsMatch(1e300, 1e300 * (1 + 1e-7)))
        #expect(ValueComparison.floatsMatch(-3, -3.0000001))
    }

    @Test func zeroNeedsAnExactMatch() {
        #expect(ValueComparison.floatsMatch(0, 0))
        #expect(ValueComparison.floatsMatch(0, -0.0))
        #expect(!ValueComparison.floatsMatch(0, 1e-300))
        // Both below the smallest normal double: the tiny absolute floor applies and they match.
        #expect(ValueComparison.floatsMatch(1e-320, 2e-320))
    }

    @Test func nanAndStaleMarkers() {
        let otherNaN = Double(bitPattern: 0x7ff8_0000_0000_0001)
        #expect(ValueComparison.floatsMatch(.nan, otherNaN))
        #expect(ValueComparison.floatsMatch(StaleNaN.value, StaleNaN.value))
        #expect(!ValueComparison.floatsMatch(StaleNaN.value, .nan))
        #expect(!ValueComparison.floatsMatch(.nan, StaleNaN.value))
        #expect(!ValueComparison.floatsMatch(.nan, 1))
    }

    @Test func infinitiesMatchExactly() {
        #expect(ValueComparison.floatsMatch(.infinity, .infinity))
        #expect(!ValueComparison.floatsMatch(.infinity, -.infinity))
        #expect(!ValueComparison.floatsMatch(.infinity, .greatestFiniteMagnitude))
    }

    func histogram(_ buckets: [Double], spans: [NativeHistogram.Span], count: Double = 4, hint: NativeHistogram.CounterResetHint = .unknown) -> NativeHistogram {
        var h = NativeHistogram()
        h.count = count
        h.sum = 5
        h.positiveBuckets = buckets
        h.positiveSpans = spans
        h.counterResetHint = hint
        return h
    }

    @Test func histogramsCompareAfterCompaction() {
        let a = histogram([1, 0, 2, 1], spans: [.init(offset: 0, length: 4)])
        let b = histogram([1, 2, 1], spans: [.init(offset: 0, length: 1), .init(offset: 1, length: 2)])
        let c = histogram([0, 1, 0, 2, 1, 0], spans: [.init(offset: -1, length: 3), .init(offset: 0, length: 0), .init(offset: 0, length: 3)])
        #expect(ValueComparison.histogramsMatch(expected: a, actual: b, counterResetHintSet: false))
        #expect(ValueComparison.histogramsMatch(expected: b, actual: c, counterResetHintSet: false))
        let shifted = histogram([1, 2, 1], spans: [.init(offset: 1, length: 1), .init(offset: 1, length: 2)])
        #expect(!ValueComparison.histogramsMatch(expected: a, actual: shifted, counterResetHintSet: false))
        let tolerant = histogram([1, 0, 2.0000001, 1], spans: [.init(offset: 0, length: 4)], count: 4.0000001)
        #expect(ValueComparison.histogramsMatch(expected: a, actual: tolerant, counterResetHintSet: false))
    }

    @Test func counterResetHintOnlyWhenSpelledOut() {
        let gauge = histogram([1], spans: [.init(offset: 0, length: 1)], hint: .gauge)
        let unknown = histogram([1], spans: [.init(offset: 0, length: 1)])
        #expect(ValueComparison.histogramsMatch(expected: unknown, actual: gauge, counterResetHintSet: false))
        #expect(!ValueComparison.histogramsMatch(expected: unknown, actual: gauge, counterResetHintSet: true))
    }

    @Test func customBoundsMustBeEqual() {
        var a = histogram([1], spans: [.init(offset: 0, length: 1)])
        a.schema = -53
        a.customValues = [1, 2]
        var b = a
        b.customValues = [1, 3]
        #expect(!ValueComparison.histogramsMatch(expected: a, actual: b, counterResetHintSet: false))
    }

    @Test func testExpressionUsesOneSpan() {
        let h = histogram([1, 2, 1], spans: [.init(offset: 1, length: 1), .init(offset: 1, length: 2)])
        #expect(ValueComparison.testExpression(h) == "{{count:4 sum:5 offset:1 buckets:[1 0 2 1]}}")
    }

    @Test func goFloatFormat() {
        #expect(GoFloatFormat.format(1) == "1")
        #expect(GoFloatFormat.format(0.1) == "0.1")
        #expect(GoFloatFormat.format(100000) == "100000")
        #expect(GoFloatFormat.format(1e6) == "1e+06")
        #expect(GoFloatFormat.format(123456789) == "1.23456789e+08")
        #expect(GoFloatFormat.format(0.0001) == "0.0001")
        #expect(GoFloatFormat.format(0.00001) == "1e-05")
        #expect(GoFloatFormat.format(-2.5) == "-2.5")
        #expect(GoFloatFormat.format(.infinity) == "+Inf")
        #expect(GoFloatFormat.format(.nan) == "NaN")
    }
}
