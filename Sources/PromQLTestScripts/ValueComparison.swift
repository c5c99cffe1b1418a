import PromQL
import TimeSeries

/// The comparison rules of upstream's runner for single values.
public enum ValueComparison {
    /// Relative tolerance for floats (upstream's `defaultEpsilon`).
    public static let epsilon = 1e-6

    /// `almost.Equal` with the stale-marker rule: a stale marker equals only another stale marker, any other
    /// NaN equals any other NaN, infinities must match exactly, and near zero the allowed difference is
    /// `epsilon × smallest normal double` (in practice: exact).
    public static func floatsMatch(_ a: Double, _ b: Double, epsilon: Double = epsilon) -> Bool {
        if StaleNaN.isStale(a) || StaleNaN.isStale(b) { return StaleNaN.isStale(a) && StaleNaN.isStale(b) }
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let minNormal = Double.leastNormalMagnitude
        let absSum = abs(a) + abs(b)
        let diff = abs(a - b)
        if a == 0 || b == 0 || absSum < minNormal { return diff < epsilon * minNormal }
        return diff / min(absSum, Double.greatestFiniteMagnitude) < epsilon
    }

    /// Upstream's `compareNativeHistogram` applied to both sides after `Compact(0)`: schema, zero threshold,
    /// custom bounds (when expected uses them) and bucket layout must be equal; counts and sums use the float
    /// tolerance; the counter-reset hint is compared only when the expectation spelled it out.
    public static func histogramsMatch(expected: NativeHistogram, actual: NativeHistogram, counterResetHintSet: Bool) -> Bool {
        let exp = expected.compacted(maxEmptyBuckets: 0)
        let cur = actual.compacted(maxEmptyBuckets: 0)
        guard exp.schema == cur.schema,
              floatsMatch(exp.count, cur.count),
              floatsMatch(exp.sum, cur.sum) else { return false }
        if exp.usesCustomBuckets && exp.customValues != cur.customValues { return false }
        guard exp.zeroThreshold == cur.zeroThreshold, floatsMatch(exp.zeroCount, cur.zeroCount) else { return false }
        // After compaction there are no empty spans, so spans compare directly.
        guard exp.negativeSpans == cur.negativeSpans, bucketsMatch(exp.negativeBuckets, cur.negativeBuckets),
              exp.positiveSpans == cur.positiveSpans, bucketsMatch(exp.positiveBuckets, cur.positiveBuckets) else {
            return false
        }
        if counterResetHintSet && exp.counterResetHint != cur.counterResetHint { return false }
        return true
    }

    static func bucketsMatch(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { floatsMatch($0, $1) }
    }

    /// Upstream's `TestExpression`: the histogram in test-file notation, compacted to one span per side.
    public static func testExpression(_ histogram: NativeHistogram) -> String {
        let m = histogram.compacted(maxEmptyBuckets: Int.max)
        var parts: [String] = []
        if m.schema != 0 { parts.append("schema:\(m.schema)") }
        if m.count != 0 { parts.append("count:\(GoFloatFormat.format(m.count))") }
        if m.sum != 0 { parts.append("sum:\(GoFloatFormat.format(m.sum))") }
        if m.zeroCount != 0 { parts.append("z_bucket:\(GoFloatFormat.format(m.zeroCount))") }
        if m.zeroThreshold != 0 { parts.append("z_bucket_w:\(GoFloatFormat.format(m.zeroThreshold))") }
        if m.usesCustomBuckets { parts.append("custom_values:\(GoFloatFormat.format(m.customValues))") }
        if m.counterResetHint != .unknown { parts.append("counter_reset_hint:\(m.counterResetHint.rawValue)") }
        func add(_ bucketsKey: String, _ offsetKey: String, _ buckets: [Double], _ spans: [NativeHistogram.Span]) {
            if let span = spans.first, span.offset != 0 { parts.append("\(offsetKey):\(span.offset)") }
            if !buckets.isEmpty { parts.append("\(bucketsKey):\(GoFloatFormat.format(buckets))") }
        }
        add("buckets", "offset", m.positiveBuckets, m.positiveSpans)
        add("n_buckets", "n_offset", m.negativeBuckets, m.negativeSpans)
        return "{{" + parts.joined(separator: " ") + "}}"
    }
}
