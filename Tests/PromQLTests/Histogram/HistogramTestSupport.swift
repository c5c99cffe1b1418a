@testable import PromQL
import TimeSeries

/// Builders for histograms in tests: the test-script notation, or upstream's Go struct fields.
enum HT {
    /// `{{…}}` body as in the promqltest scripts.
    static func parse(_ body: String) -> NativeHistogram {
        do { return try HistogramNotation.parse(body) } catch { fatalError("bad histogram \(body): \(error.message)") }
    }

    static func h(schema: Int32 = 0, zeroThreshold: Double = 0, zeroCount: Double = 0, count: Double = 0, sum: Double = 0,
                  pos: [(Int32, UInt32)] = [], pb: [Double] = [], neg: [(Int32, UInt32)] = [], nb: [Double] = [],
                  custom: [Double] = [], hint: NativeHistogram.CounterResetHint = .unknown) -> NativeHistogram {
        var h = NativeHistogram()
        h.schema = schema
        h.zeroThreshold = zeroThreshold
        h.zeroCount = zeroCount
        h.count = count
        h.sum = sum
        h.positiveSpans = pos.map { .init(offset: $0.0, length: $0.1) }
        h.positiveBuckets = pb
        h.negativeSpans = neg.map { .init(offset: $0.0, length: $0.1) }
        h.negativeBuckets = nb
        h.customValues = custom
        h.counterResetHint = hint
        return h
    }

    /// Equal as upstream's tests and the script runner see it: after `Compact(0)`, by `Equals`.
    static func same(_ a: NativeHistogram, _ b: NativeHistogram) -> Bool {
        a.compacted() == b.compacted()
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a == b { return true }
        return Swift.abs(a - b) <= tolerance * Swift.max(Swift.abs(a), Swift.abs(b))
    }
}
