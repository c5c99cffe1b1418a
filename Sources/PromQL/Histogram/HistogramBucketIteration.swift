import TimeSeries

/// Walking a histogram's buckets with their bounds, as upstream's bucket iterators do. These return arrays:
/// histograms in PromQL have at most a few hundred buckets, and arrays keep the callers simple.
extension NativeHistogram {
    /// Positive buckets in ascending order (upstream `PositiveBucketIterator`), empty ones included.
    public var positiveBucketList: [HistogramBucket] { bucketList(positive: true) }

    /// Negative buckets starting next to zero and going down (upstream `NegativeBucketIterator`).
    public var negativeBucketList: [HistogramBucket] { bucketList(positive: false) }

    /// The zero bucket `[-zeroThreshold, zeroThreshold]`; custom-bucket histograms have none.
    public var zeroBucket: HistogramBucket {
        HistogramBucket(lower: -zeroThreshold, upper: zeroThreshold, lowerInclusive: true, upperInclusive: true,
                        count: zeroCount, index: 0)
    }

    /// Negative, zero (when populated) and positive buckets from the lowest to the highest
    /// (upstream `AllBucketIterator`). A bucket reaching into the zero bucket is cut at the threshold.
    public func allBuckets() -> [HistogramBucket] {
        var out = negativeBucketList.reversed().map(clippedAtZeroBucket)
        if zeroCount > 0 && !usesCustomBuckets { out.append(zeroBucket) }
        out += positiveBucketList.map(clippedAtZeroBucket)
        return out
    }

    /// The buckets of `allBuckets()` from the highest to the lowest (upstream `AllReverseBucketIterator`).
    public func allBucketsReversed() -> [HistogramBucket] {
        var out = positiveBucketList.reversed().map(clippedAtZeroBucket)
        if zeroCount > 0 && !usesCustomBuckets { out.append(zeroBucket) }
        out += negativeBucketList.map(clippedAtZeroBucket)
        return out
    }

    private func clippedAtZeroBucket(_ b: HistogramBucket) -> HistogramBucket {
        var b = b
        if b.upper < 0 && b.upper > -zeroThreshold {
            b.upper = -zeroThreshold
        } else if b.lower > 0 && b.lower < zeroThreshold {
            b.lower = zeroThreshold
        }
        return b
    }

    /// One side's buckets, merged down to `targetSchema` (≤ `schema`) and skipping the leading buckets whose
    /// upper bound is ≤ `absoluteStartValue` (exponential schemas only), as upstream's
    /// `floatBucketIterator(positive, absoluteStartValue, targetSchema)`.
    func bucketList(positive: Bool, absoluteStartValue: Double = 0, targetSchema: Int32? = nil) -> [HistogramBucket] {
        let target = targetSchema ?? schema
        let merged = Self.mergedEntries(positive ? positiveSparse : negativeSparse, from: schema, to: target)
        var out: [HistogramBucket] = []
        out.reserveCapacity(merged.count)
        var reachedStart = absoluteStartValue == 0
        for e in merged {
            if !reachedStart && Self.isExponential(target)
                && ExponentialBounds.upperBound(index: e.index, schema: target) <= absoluteStartValue {
                continue
            }
            reachedStart = true
            out.append(bucket(index: e.index, count: e.count, positive: positive, schema: target))
        }
        return out
    }

    /// Merges buckets that fall into one bucket of the lower `target` schema, summing their counts in order.
    static func mergedEntries(_ entries: [SparseBucket], from origin: Int32, to target: Int32) -> [SparseBucket] {
        guard origin != target, origin != customBucketsSchema else { return entries }
        var out: [SparseBucket] = []
        for e in entries {
            let t = targetIndex(e.index, from: origin, to: target)
            if let last = out.last, last.index == t {
                out[out.count - 1].count += e.count
            } else {
                out.append(SparseBucket(index: t, count: 0 + e.count))
            }
        }
        return out
    }

    func bucket(index: Int32, count: Double, positive: Bool, schema: Int32) -> HistogramBucket {
        let custom = schema == Self.customBucketsSchema
        let values = positive ? customValues : []
        var b = HistogramBucket(lower: 0, upper: 0, lowerInclusive: false, upperInclusive: false, count: count, index: index)
        if positive {
            b.upper = Self.bound(index: index, schema: schema, customValues: values)
            b.lower = Self.bound(index: index &- 1, schema: schema, customValues: values)
        } else {
            b.lower = -Self.bound(index: index, schema: schema, customValues: values)
            b.upper = -Self.bound(index: index &- 1, schema: schema, customValues: values)
        }
        if custom {
            b.lowerInclusive = index == 0
            b.upperInclusive = true
        } else {
            b.lowerInclusive = b.lower < 0
            b.upperInclusive = b.upper > 0
        }
        return b
    }
}
