import TimeSeries
/// Upstream `FloatHistogram.String()`: `{count:4, sum:5, [-2,-1):1, [-0.001,0.001]:2, (0.5,1]:1}`.
/// `count_values` uses it as the label value for histograms, and error messages print it.
/// Populated buckets only, from the most negative up; numbers in Go's `%g`.
extension NativeHistogram: CustomStringConvertible {
    public var description: String {
        var s = "{count:" + GoFloat.formatG(count) + ", sum:" + GoFloat.formatG(sum)
        for b in negativeBucketList.reversed() where b.count != 0 { s += ", " + b.description }
        if zeroCount != 0 { s += ", " + zeroBucket.description }
        for b in positiveBucketList where b.count != 0 { s += ", " + b.description }
        return s + "}"
    }

    /// Upstream `TestExpression()`: the `{{…}}` notation of the test scripts, after compacting to one span
    /// per side. Used to print expected/actual values when a script comparison fails.
    public var testExpression: String {
        let m = compacted(maxEmptyBuckets: Int.max / 4)
        var parts: [String] = []
        if m.schema != 0 { parts.append("schema:\(m.schema)") }
        if m.count != 0 { parts.append("count:" + GoFloat.formatG(m.count)) }
        if m.sum != 0 { parts.append("sum:" + GoFloat.formatG(m.sum)) }
        if m.zeroCount != 0 { parts.append("z_bucket:" + GoFloat.formatG(m.zeroCount)) }
        if m.zeroThreshold != 0 { parts.append("z_bucket_w:" + GoFloat.formatG(m.zeroThreshold)) }
        if m.usesCustomBuckets { parts.append("custom_values:[" + m.customValues.map(GoFloat.formatG).joined(separator: " ") + "]") }
        switch m.counterResetHint {
        case .unknown: break
        case .reset: parts.append("counter_reset_hint:reset")
        case .notReset: parts.append("counter_reset_hint:not_reset")
        case .gauge: parts.append("counter_reset_hint:gauge")
        }
        func side(_ key: String, _ offsetKey: String, _ spans: [Span], _ buckets: [Double]) {
            if let first = spans.first, first.offset != 0 { parts.append("\(offsetKey):\(first.offset)") }
            if !buckets.isEmpty { parts.append("\(key):[" + buckets.map(GoFloat.formatG).joined(separator: " ") + "]") }
        }
        side("buckets", "offset", m.positiveSpans, m.positiveBuckets)
        side("n_buckets", "n_offset", m.negativeSpans, m.negativeBuckets)
        return "{{" + parts.joined(separator: " ") + "}}"
    }
}
