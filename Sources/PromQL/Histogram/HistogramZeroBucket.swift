import TimeSeries

/// Widening zero buckets, so that histograms with different zero thresholds can be added (upstream
/// `reconcileZeroBuckets`, `zeroCountForLargerThreshold`, `trimBucketsInZeroBucket`). The wider threshold
/// wins; buckets below it move into the zero bucket, and if the threshold falls inside a populated bucket
/// it is raised to that bucket's upper bound, since observations cannot be split.
extension NativeHistogram {
    /// The zero count (and its Kahan compensation, when `compensation` is given) this histogram would have
    /// with a zero threshold of `largerThreshold` (≥ the current one), and the threshold actually needed.
    func zeroCount(forLargerThreshold largerThreshold: Double, compensation c: NativeHistogram?)
        -> (zeroCount: Double, threshold: Double, compensation: Double) {
        var cZero = c?.zeroCount ?? 0
        var threshold = largerThreshold
        if threshold == zeroThreshold { return (zeroCount, threshold, cZero) }
        let positive = positiveBucketList
        let negative = negativeBucketList
        // Upstream restarts with the positive side when a negative bucket moves the threshold, without
        // resetting the compensation term; we do the same to get the same bits.
        outer: while true {
            var hZero = zeroCount
            for (k, b) in positive.enumerated() {
                if b.lower >= threshold { break }
                (hZero, cZero) = KahanSum.increment(b.count, hZero, cZero)
                if let c, k < c.positiveBuckets.count { (hZero, cZero) = KahanSum.increment(c.positiveBuckets[k], hZero, cZero) }
                if b.upper > threshold {
                    if b.count != 0 { threshold = b.upper }
                    break
                }
            }
            for (k, b) in negative.enumerated() {
                if b.upper <= -threshold { break }
                (hZero, cZero) = KahanSum.increment(b.count, hZero, cZero)
                if let c, k < c.negativeBuckets.count { (hZero, cZero) = KahanSum.increment(c.negativeBuckets[k], hZero, cZero) }
                if b.lower < -threshold {
                    if b.count != 0 {
                        threshold = -b.lower
                        continue outer
                    }
                    break
                }
            }
            return (hZero, threshold, cZero)
        }
    }

    /// Zeroes the buckets now inside the zero bucket (their counts are already in the zero count) and
    /// compacts, as upstream does by (ab)using `Compact(0)`; the compensation histogram follows along.
    mutating func trimBucketsInZeroBucket(compensation c: inout NativeHistogram?) {
        var pos = Self.sparse(positiveSpans, positiveBuckets, compensation: c?.positiveBuckets)
        var neg = Self.sparse(negativeSpans, negativeBuckets, compensation: c?.negativeBuckets)
        let posBounds = positiveBucketList
        for k in pos.indices {
            if posBounds[k].lower >= zeroThreshold { break }
            pos[k].count = 0
            pos[k].compensation = 0
        }
        let negBounds = negativeBucketList
        for k in neg.indices {
            if negBounds[k].upper <= -zeroThreshold { break }
            neg[k].count = 0
            neg[k].compensation = 0
        }
        pos = Self.compactEntries(pos, maxEmptyBuckets: 0)
        neg = Self.compactEntries(neg, maxEmptyBuckets: 0)
        setPositive(pos)
        setNegative(neg)
        if var comp = c {
            comp.setCompensationLayout(from: self, positive: pos, negative: neg)
            c = comp
        }
    }

    /// Makes this histogram and `other` agree on the zero threshold by widening this one; returns the zero
    /// count `other` would have at that threshold (its compensation part is always 0 upstream, since the
    /// other side is never a compensated sum).
    mutating func reconcileZeroBuckets(with other: NativeHistogram, compensation c: inout NativeHistogram?) -> Double {
        var otherZeroCount = other.zeroCount
        var otherThreshold = other.zeroThreshold
        // NaN thresholds would never agree; upstream would spin forever, we stop.
        var rounds = 0
        while otherThreshold != zeroThreshold && rounds < 1000 {
            rounds += 1
            if zeroThreshold > otherThreshold {
                (otherZeroCount, otherThreshold, _) = other.zeroCount(forLargerThreshold: zeroThreshold, compensation: nil)
            }
            if otherThreshold > zeroThreshold {
                let r = zeroCount(forLargerThreshold: otherThreshold, compensation: c)
                zeroCount = r.zeroCount
                zeroThreshold = r.threshold
                c?.zeroCount = r.compensation
                trimBucketsInZeroBucket(compensation: &c)
            }
        }
        return otherZeroCount
    }

    /// Gives a compensation histogram the layout of its sum: same schema, threshold, bounds and spans, with
    /// the compensation values taken from the sparse entries.
    mutating func setCompensationLayout(from h: NativeHistogram, positive: [SparseBucket], negative: [SparseBucket]) {
        schema = h.schema
        zeroThreshold = h.zeroThreshold
        customValues = h.customValues
        positiveSpans = h.positiveSpans
        positiveBuckets = positive.map(\.compensation)
        negativeSpans = h.negativeSpans
        negativeBuckets = negative.map(\.compensation)
    }
}
