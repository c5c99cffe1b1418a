/// Upstream `FloatHistogram.Equals`: data equality, not mathematical equality. Count, sum, zero count and
/// bucket counts compare by bit pattern (so NaN equals the same NaN, and 0 differs from -0); the zero
/// threshold and custom bounds compare as numbers; spans must describe the same layout, where zero-length
/// spans may sit in between. The counter reset hint is not part of it. PromQL's `==` and `!=` between
/// histograms use this on compacted histograms.
extension NativeHistogram {
    public static func == (a: NativeHistogram, b: NativeHistogram) -> Bool {
        guard a.schema == b.schema, a.count.bitPattern == b.count.bitPattern, a.sum.bitPattern == b.sum.bitPattern else {
            return false
        }
        if a.usesCustomBuckets && !customBoundsMatch(a.customValues, b.customValues) { return false }
        guard a.zeroThreshold == b.zeroThreshold, a.zeroCount.bitPattern == b.zeroCount.bitPattern else { return false }
        return spansMatch(a.negativeSpans, b.negativeSpans) && bitsMatch(a.negativeBuckets, b.negativeBuckets)
            && spansMatch(a.positiveSpans, b.positiveSpans) && bitsMatch(a.positiveBuckets, b.positiveBuckets)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(schema)
        hasher.combine(count.bitPattern)
        hasher.combine(sum.bitPattern)
        hasher.combine(zeroCount.bitPattern)
        hasher.combine(zeroThreshold == 0 ? 0 : zeroThreshold)
        if usesCustomBuckets { hasher.combine(customValues.count) }
        for s in Self.normalizedSpans(positiveSpans) { hasher.combine(s.offset); hasher.combine(s.length) }
        for b in positiveBuckets { hasher.combine(b.bitPattern) }
        for s in Self.normalizedSpans(negativeSpans) { hasher.combine(s.offset); hasher.combine(s.length) }
        for b in negativeBuckets { hasher.combine(b.bitPattern) }
    }

    /// Upstream `CustomBucketBoundsMatch`: same length, numerically equal bounds.
    public static func customBoundsMatch(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 }
    }

    static func bitsMatch(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// Spans with zero-length ones folded into the offset of the next non-empty span, and trailing empty
    /// ones dropped: two span lists match (upstream `spansMatch`) exactly when these are equal.
    static func normalizedSpans(_ spans: [Span]) -> [Span] {
        var out: [Span] = []
        var pendingOffset: Int32 = 0
        for s in spans {
            if s.length == 0 {
                pendingOffset &+= s.offset
                continue
            }
            out.append(Span(offset: s.offset &+ pendingOffset, length: s.length))
            pendingOffset = 0
        }
        return out
    }

    static func spansMatch(_ a: [Span], _ b: [Span]) -> Bool {
        normalizedSpans(a) == normalizedSpans(b)
    }
}
