import TimeSeries

/// Compensated (Kahan–Neumaier) histogram addition, upstream `FloatHistogram.KahanAdd`: every count, the
/// sum and every bucket carries a compensation term in a parallel "compensation histogram" with the same
/// layout. `sum`, `avg`, `sum_over_time` and `avg_over_time` use it so results agree with upstream to the
/// bit; the final value is the sum plus its compensation (see `HistogramSummation`).
extension NativeHistogram {
    /// `self += other`, updating the compensation histogram `c` (created on first use, like upstream).
    public mutating func kahanAdd(_ other: NativeHistogram, compensation c: inout NativeHistogram?)
        throws(HistogramError) -> HistogramArithmeticOutcome {
        guard usesCustomBuckets == other.usesCustomBuckets else { throw .incompatibleSchema }
        var outcome = HistogramArithmeticOutcome()
        outcome.counterResetCollision = adjustCounterReset(other)
        if c == nil { c = newCompensationHistogram() }
        if !usesCustomBuckets {
            let otherZero = reconcileZeroBuckets(with: other, compensation: &c)
            var cz = c!.zeroCount
            (zeroCount, cz) = KahanSum.increment(otherZero, zeroCount, cz)
            // Upstream also adds the other side's (always zero) compensated zero count; that step still
            // clears the compensation when the zero count has become infinite.
            (zeroCount, cz) = KahanSum.increment(0, zeroCount, cz)
            c!.zeroCount = cz
        }
        var comp = c!
        (count, comp.count) = KahanSum.increment(other.count, count, comp.count)
        (sum, comp.sum) = KahanSum.increment(other.sum, sum, comp.sum)

        var mine = Self.sparse(positiveSpans, positiveBuckets, compensation: comp.positiveBuckets)
        if usesCustomBuckets {
            let merged: [SparseBucket]
            if Self.customBoundsMatch(customValues, other.customValues) {
                merged = Self.mergeBuckets(mine, other.positiveSparse, sign: 1, schema: schema, threshold: zeroThreshold, kahan: true)
            } else {
                outcome.customBoundsReconciled = true
                let bounds = Self.intersectBounds(customValues, other.customValues)
                merged = Self.combineMismatchedCustom(mine, boundsA: customValues, other.positiveSparse, boundsB: other.customValues,
                                                      subtract: false, bounds: bounds, aHasCompensation: true)
                customValues = bounds
            }
            setPositive(merged)
            comp.customValues = customValues
            comp.positiveSpans = positiveSpans
            comp.positiveBuckets = merged.map(\.compensation)
            c = comp
            return outcome
        }

        var mineNegative = Self.sparse(negativeSpans, negativeBuckets, compensation: comp.negativeBuckets)
        var theirs = other.positiveSparse
        var theirsNegative = other.negativeSparse
        if other.schema < schema {
            mine = Self.kahanMergedEntries(mine, from: schema, to: other.schema)
            mineNegative = Self.kahanMergedEntries(mineNegative, from: schema, to: other.schema)
            schema = other.schema
        } else if other.schema > schema {
            theirs = Self.kahanMergedEntries(theirs, from: other.schema, to: schema)
            theirsNegative = Self.kahanMergedEntries(theirsNegative, from: other.schema, to: schema)
        }
        let positive = Self.mergeBuckets(mine, theirs, sign: 1, schema: schema, threshold: zeroThreshold, kahan: true)
        let negative = Self.mergeBuckets(mineNegative, theirsNegative, sign: 1, schema: schema, threshold: zeroThreshold, kahan: true)
        setPositive(positive)
        setNegative(negative)
        comp.setCompensationLayout(from: self, positive: positive, negative: negative)
        c = comp
        return outcome
    }

    /// An all-zero compensation histogram with this histogram's layout (upstream
    /// `newCompensationHistogram`); it takes over the hint, which matters when it is finally added.
    func newCompensationHistogram() -> NativeHistogram {
        var c = NativeHistogram()
        c.counterResetHint = counterResetHint
        c.schema = schema
        c.zeroThreshold = zeroThreshold
        c.customValues = customValues
        c.positiveSpans = positiveSpans
        c.positiveBuckets = [Double](repeating: 0, count: positiveBuckets.count)
        c.negativeSpans = negativeSpans
        c.negativeBuckets = usesCustomBuckets ? [] : [Double](repeating: 0, count: negativeBuckets.count)
        return c
    }

    /// Upstream `HasOverflow`: an infinite count, sum, bucket or custom bound. `avg` switches to an
    /// incremental mean when the running sum overflows.
    public var hasOverflow: Bool {
        zeroCount.isInfinite || count.isInfinite || sum.isInfinite
            || positiveBuckets.contains(where: \.isInfinite) || negativeBuckets.contains(where: \.isInfinite)
            || customValues.contains(where: \.isInfinite)
    }
}
