import TimeSeries

/// The trim operators of Prometheus 3.14 (upstream `FloatHistogram.TrimBuckets`): `h </ x` keeps the
/// observations below x (`isUpperTrim`), `h >/ x` those above x. Buckets entirely on the far side are
/// emptied, a bucket containing x keeps its interpolated share (linear for custom buckets, log-scale for
/// exponential ones, linear in the zero bucket). Count and sum are then re-estimated from the kept buckets,
/// each bucket's observations placed at its midpoint (geometric for exponential buckets).
extension NativeHistogram {
    public func trimmed(_ rhs: Double, isUpperTrim: Bool) -> NativeHistogram {
        var h = self
        h.trimBuckets(rhs, isUpperTrim: isUpperTrim)
        return h
    }

    public mutating func trimBuckets(_ rhs: Double, isUpperTrim: Bool) {
        var updatedCount = 0.0, updatedSum = 0.0
        var trimmedAny = false
        let custom = usesCustomBuckets
        var hasPositive = false, hasNegative = false

        func process(_ buckets: [HistogramBucket], _ counts: inout [Double], positive: Bool, seen: inout Bool) {
            for (i, bucket) in buckets.enumerated() where bucket.count != 0 {
                seen = true
                let keepAll = isUpperTrim ? bucket.upper <= rhs : bucket.lower >= rhs
                let contains = isUpperTrim ? bucket.lower < rhs : bucket.upper > rhs
                if keepAll {
                    updatedCount += bucket.count
                    updatedSum += Self.trimMidpoint(bucket.lower, bucket.upper, positive: positive, linear: custom) * bucket.count
                } else if contains {
                    let (keep, midpoint) = Self.bucketTrim(bucket, rhs, isUpperTrim: isUpperTrim, positive: positive, custom: custom)
                    updatedCount += keep
                    updatedSum += midpoint * keep
                    if counts[i] != keep {
                        counts[i] = keep
                        trimmedAny = true
                    }
                } else {
                    counts[i] = 0
                    trimmedAny = true
                }
            }
        }
        process(positiveBucketList, &positiveBuckets, positive: true, seen: &hasPositive)
        process(negativeBucketList, &negativeBuckets, positive: false, seen: &hasNegative)

        if zeroCount > 0 {
            let (keep, midpoint) = Self.zeroBucketTrim(zeroBucket, rhs, hasNegative: hasNegative, hasPositive: hasPositive,
                                                       isUpperTrim: isUpperTrim)
            if zeroCount != keep {
                zeroCount = keep
                trimmedAny = true
            }
            updatedSum += midpoint * keep
            updatedCount += keep
        }
        if trimmedAny {
            count = updatedCount
            sum = updatedSum
            compact()
        }
    }

    /// Upstream `computeMidpoint`: where the observations of the surviving part of a bucket are assumed.
    static func trimMidpoint(_ lower: Double, _ upper: Double, positive: Bool, linear: Bool) -> Double {
        if lower.isInfinite {
            if upper.isInfinite { return 0 }
            return upper > 0 ? upper / 2 : upper
        }
        if upper.isInfinite { return lower }
        if linear { return (lower + upper) / 2 }
        let geoMean = Swift.abs(lower * upper).squareRoot()
        return positive ? geoMean : -geoMean
    }

    /// Upstream `computeBucketTrim`: the kept count of a bucket containing `rhs` and its midpoint.
    static func bucketTrim(_ b: HistogramBucket, _ rhs: Double, isUpperTrim: Bool, positive: Bool, custom: Bool) -> (Double, Double) {
        if b.lower == -.infinity || b.upper == .infinity {
            return infinityBucketTrim(b, rhs, isUpperTrim: isUpperTrim)
        }
        let under: Double
        if rhs <= b.lower {
            under = 0
        } else if rhs >= b.upper {
            under = b.count
        } else {
            under = b.count * b.fractionBelow(rhs, linear: custom)
        }
        if isUpperTrim { return (under, trimMidpoint(b.lower, rhs, positive: positive, linear: custom)) }
        return (b.count - under, trimMidpoint(rhs, b.upper, positive: positive, linear: custom))
    }

    /// Upstream `handleInfinityBuckets`: buckets reaching to ±Inf cannot be interpolated into; a finite
    /// positive upper bound of the lowest custom bucket is treated as starting at 0.
    static func infinityBucketTrim(_ b: HistogramBucket, _ rhs: Double, isUpperTrim: Bool) -> (Double, Double) {
        func zeroIfInf(_ x: Double) -> Double { x.isInfinite ? 0 : x }
        if b.lower == -.infinity {
            if isUpperTrim {
                if rhs >= b.upper { return (b.count, 0) }
                if rhs > 0 && b.upper > 0 && b.upper != .infinity { return (b.count * rhs / b.upper, rhs / 2) }
                if b.upper <= 0 { return (b.count, rhs) }
                return (0, zeroIfInf(b.upper))
            }
            if rhs <= b.lower { return (b.count, 0) }
            if rhs >= 0 && b.upper > rhs && b.upper != .infinity { return (b.count * (1 - rhs / b.upper), (rhs + b.upper) / 2) }
            return (0, zeroIfInf(b.upper))
        }
        // Upper bound +Inf.
        if isUpperTrim { return (0, zeroIfInf(b.lower)) }
        if rhs >= b.lower { return (b.count, rhs) }
        return (0, zeroIfInf(b.lower))
    }

    /// Upstream `computeZeroBucketTrim`: linear inside the zero bucket, which counts as [0, t] or [-t, 0]
    /// when the histogram only has buckets on one side.
    static func zeroBucketTrim(_ z: HistogramBucket, _ rhs: Double, hasNegative: Bool, hasPositive: Bool,
                               isUpperTrim: Bool) -> (Double, Double) {
        var lower = z.lower, upper = z.upper
        if hasNegative && !hasPositive { upper = 0 }
        if hasPositive && !hasNegative { lower = 0 }
        let fraction: Double, midpoint: Double
        if isUpperTrim {
            if rhs <= lower { return (0, 0) }
            if rhs >= upper { return (z.count, (lower + upper) / 2) }
            fraction = (rhs - lower) / (upper - lower)
            midpoint = (lower + rhs) / 2
        } else {
            if rhs <= lower { return (z.count, (lower + upper) / 2) }
            if rhs >= upper { return (0, 0) }
            fraction = (upper - rhs) / (upper - lower)
            midpoint = (rhs + upper) / 2
        }
        return (z.count * fraction, midpoint)
    }
}
