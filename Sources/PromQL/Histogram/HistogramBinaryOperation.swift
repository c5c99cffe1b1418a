import TimeSeries

/// The element-wise histogram cases of PromQL's binary operators (upstream `vectorElemBinop`). Results
/// are compacted as upstream does. Combinations not listed here (`h + s`, `h ^ h`, `h < h`, …) drop the
/// element with the evaluator's "incompatible sample types" info.
public enum HistogramBinaryOperation {
    /// `h1 + h2`. Mixed exponential/custom buckets give no result and a warning.
    public static func add(_ lhs: NativeHistogram, _ rhs: NativeHistogram) -> HistogramFunctionResult {
        combine(lhs, rhs, subtract: false)
    }

    /// `h1 - h2`; the result is a gauge histogram.
    public static func subtract(_ lhs: NativeHistogram, _ rhs: NativeHistogram) -> HistogramFunctionResult {
        combine(lhs, rhs, subtract: true)
    }

    private static func combine(_ lhs: NativeHistogram, _ rhs: NativeHistogram, subtract: Bool) -> HistogramFunctionResult {
        var h = lhs
        let operation: HistogramAnnotation.Operation = subtract ? .subtraction : .addition
        do {
            let outcome = subtract ? try h.subtract(rhs) : try h.add(rhs)
            var annotations: [HistogramAnnotation] = []
            if outcome.counterResetCollision { annotations.append(.counterResetCollision(operation)) }
            if outcome.customBoundsReconciled { annotations.append(.mismatchedCustomBuckets(operation)) }
            if subtract { h.counterResetHint = .gauge }
            h.compact()
            return HistogramFunctionResult(histogram: h, annotations: annotations)
        } catch {
            return HistogramFunctionResult(histogram: nil, annotations: [.incompatibleBucketLayoutInBinOp(op: subtract ? "-" : "+")])
        }
    }

    /// `h * s` and `s * h`.
    public static func multiply(_ h: NativeHistogram, by factor: Double) -> NativeHistogram {
        h.scaled(by: factor).compacted()
    }

    /// `h / s`.
    public static func divide(_ h: NativeHistogram, by divisor: Double) -> NativeHistogram {
        h.divided(by: divisor).compacted()
    }

    /// `h </ x` (keep observations below x) and `h >/ x` (keep those above).
    public static func trim(_ h: NativeHistogram, _ x: Double, keepBelow: Bool) -> NativeHistogram {
        h.trimmed(x, isUpperTrim: keepBelow)
    }

    /// `h1 == h2` / `h1 != h2` filter on upstream `Equals` (the hint is ignored); the kept value is `h1`.
    public static func equal(_ lhs: NativeHistogram, _ rhs: NativeHistogram) -> Bool { lhs == rhs }
}
