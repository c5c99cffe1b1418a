/// A float native histogram as Prometheus stores it: exponential buckets at `schema` (or custom bounds when
/// `schema == -53`), a zero bucket, and sparse positive and negative buckets described by spans.
///
/// Test files write it as `{{schema:0 sum:5 count:4 buckets:[1 2 1]}}`; bucket counts here are absolute
/// (not delta-encoded), which is how the engine uses them.
///
/// `==` is upstream's `FloatHistogram.Equals` (see `HistogramEquality.swift`): counts compared by bit
/// pattern, the counter reset hint ignored, and layouts equal when they describe the same spans.
public struct NativeHistogram: Hashable, Sendable {
    public enum CounterResetHint: String, Hashable, Sendable {
        case unknown, reset, notReset = "not_reset", gauge
    }

    public struct Span: Hashable, Sendable {
        public var offset: Int32
        public var length: UInt32
        public init(offset: Int32, length: UInt32) {
            self.offset = offset
            self.length = length
        }
    }

    public var schema: Int32 = 0
    public var zeroThreshold: Double = 0
    public var zeroCount: Double = 0
    public var count: Double = 0
    public var sum: Double = 0
    public var positiveSpans: [Span] = []
    public var positiveBuckets: [Double] = []
    public var negativeSpans: [Span] = []
    public var negativeBuckets: [Double] = []
    public var customValues: [Double] = []
    public var counterResetHint: CounterResetHint = .unknown

    public init() {}

    /// The schema of histograms whose bucket bounds are listed in `customValues`.
    public static let customBucketsSchema: Int32 = -53

    public var usesCustomBuckets: Bool { schema == NativeHistogram.customBucketsSchema }
}

extension NativeHistogram {
    /// Every count and the sum multiplied by `factor`, the layout unchanged (upstream `Mul`). A negative
    /// factor makes the result a gauge histogram: its counts can no longer be a counter's.
    /// For PromQL's `h * s` and `s * h`, compact the result afterwards (`compacted()`), as upstream does.
    public func scaled(by factor: Double) -> NativeHistogram {
        var h = self
        h.scale(by: factor)
        return h
    }

    public mutating func scale(by factor: Double) {
        zeroCount *= factor
        count *= factor
        sum *= factor
        for i in positiveBuckets.indices { positiveBuckets[i] *= factor }
        for i in negativeBuckets.indices { negativeBuckets[i] *= factor }
        if factor < 0 { counterResetHint = .gauge }
    }

    /// Every count and the sum divided by `divisor` (upstream `Div`). Dividing by zero leaves no buckets at
    /// all (count, sum and zero count become ±Inf or NaN); a negative divisor makes a gauge histogram.
    public func divided(by divisor: Double) -> NativeHistogram {
        var h = self
        h.divide(by: divisor)
        return h
    }

    public mutating func divide(by divisor: Double) {
        zeroCount /= divisor
        count /= divisor
        sum /= divisor
        if divisor == 0 {
            positiveBuckets = []
            negativeBuckets = []
            positiveSpans = []
            negativeSpans = []
            return
        }
        for i in positiveBuckets.indices { positiveBuckets[i] /= divisor }
        for i in negativeBuckets.indices { negativeBuckets[i] /= divisor }
        if divisor < 0 { counterResetHint = .gauge }
    }
}

extension NativeHistogram {
    /// Whether going from `previous` to this histogram means the counter was reset: the count, the zero
    /// bucket or any bucket went down, or the layout changed in a way only a restart explains.
    public func isCounterReset(after previous: NativeHistogram) -> Bool {
        if count < previous.count || zeroCount < previous.zeroCount { return true }
        if schema != previous.schema || zeroThreshold != previous.zeroThreshold || customValues != previous.customValues {
            return true
        }
        func byIndex(_ spans: [Span], _ buckets: [Double]) -> [Int32: Double] {
            var out: [Int32: Double] = [:]
            // Bucket indexes are int32 upstream and wrap there; so they do here.
            var index: Int32 = 0
            var k = 0
            for span in spans {
                index &+= span.offset
                for _ in 0..<span.length where k < buckets.count {
                    out[index] = buckets[k]
                    index &+= 1
                    k += 1
                }
            }
            return out
        }
        for (current, old) in [(byIndex(positiveSpans, positiveBuckets), byIndex(previous.positiveSpans, previous.positiveBuckets)),
                               (byIndex(negativeSpans, negativeBuckets), byIndex(previous.negativeSpans, previous.negativeBuckets))] {
            for (i, v) in old where (current[i] ?? 0) < v { return true }
        }
        return false
    }
}
