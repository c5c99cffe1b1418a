import Foundation
import TimeSeries

/// `histogram_quantile` and `histogram_fraction` on native histograms (upstream `HistogramQuantile` and
/// `HistogramFraction` in promql/quantile.go).
///
/// Interpolation inside a bucket is exponential (linear on a log2 scale, where exponential buckets are
/// evenly spaced) for exponential buckets, and linear for the zero bucket and for custom buckets, like
/// classic histograms. Observations of NaN count in `count` but in no bucket, and make `sum` NaN.
extension NativeHistogram {
    /// The `q`-quantile (0 ≤ q ≤ 1; below gives -Inf, above +Inf, NaN gives NaN) and the annotations to
    /// report. `metricName` only goes into the annotation texts.
    public func quantile(_ q: Double, metricName: String = "") -> (value: Double, annotations: [HistogramAnnotation]) {
        if q < 0 { return (-.infinity, []) }
        if q > 1 { return (.infinity, []) }
        if count == 0 || q.isNaN { return (.nan, []) }
        var annotations: [HistogramAnnotation] = []

        // From the low end when there may be NaN observations (they are in no bucket, so counting from the
        // top would be off) or for the lower half; otherwise from the top, which is more precise there.
        let forward = sum.isNaN || q < 0.5
        let buckets = forward ? allBuckets() : allBucketsReversed()
        var rank = forward ? q * count : (1 - q) * count
        var seen = 0.0
        var position = 0
        var bucket = HistogramBucket(lower: 0, upper: 0, lowerInclusive: false, upperInclusive: false, count: 0, index: 0)
        while position < buckets.count {
            bucket = buckets[position]
            position += 1
            if bucket.count == 0 { continue }
            seen += bucket.count
            if seen >= rank { break }
        }
        if !usesCustomBuckets && bucket.lower < 0 && bucket.upper > 0 {
            // In the zero bucket: with buckets on one side only, the zero bucket is taken to end at 0.
            if negativeBuckets.isEmpty && !positiveBuckets.isEmpty {
                bucket.lower = 0
            } else if positiveBuckets.isEmpty && !negativeBuckets.isEmpty {
                bucket.upper = 0
            }
        } else if usesCustomBuckets {
            if bucket.lower == -.infinity {
                // The first custom bucket reaches down to -Inf; treat it as starting at 0 unless it is
                // entirely non-positive.
                if bucket.upper <= 0 { return (bucket.upper, annotations) }
                bucket.lower = 0
            } else if bucket.upper == .infinity {
                return (bucket.lower, annotations)
            }
        }
        // Rounding can make the bucket total exceed count.
        if seen > count { seen = count }
        if seen < rank {
            if sum.isNaN {
                annotations.append(.quantileNaNResult(metricName: metricName))
                return (.nan, annotations)
            }
            // Should not happen; a precision issue or a broken histogram. Upstream falls back to the upper
            // bound of the highest bucket.
            return (bucket.upper, annotations)
        }
        if forward {
            rank -= seen - bucket.count
        } else {
            rank = seen - rank
        }
        if sum.isNaN {
            // Sum NaN without observations missing from the buckets means ±Inf were observed; only a count
            // above the bucket total means NaN observations, which skew the result.
            while position < buckets.count {
                seen += buckets[position].count
                position += 1
            }
            if seen < count { annotations.append(.quantileNaNSkew(metricName: metricName)) }
        }
        let fraction = rank / bucket.count
        if usesCustomBuckets || (bucket.lower <= 0 && bucket.upper >= 0) {
            return (bucket.lower + (bucket.upper - bucket.lower) * fraction, annotations)
        }
        let logLower = GoFloatMath.log2(Swift.abs(bucket.lower))
        let logUpper = GoFloatMath.log2(Swift.abs(bucket.upper))
        if bucket.lower > 0 {
            return (GoFloatMath.exp2(logLower + (logUpper - logLower) * fraction), annotations)
        }
        // A negative bucket: mirrored.
        return (-GoFloatMath.exp2(logUpper + (logLower - logUpper) * (1 - fraction)), annotations)
    }

    /// The estimated share of observations between `lower` and `upper`, and the annotations to report.
    public func fraction(lower: Double, upper: Double, metricName: String = "") -> (value: Double, annotations: [HistogramAnnotation]) {
        if count == 0 || lower.isNaN || upper.isNaN { return (.nan, []) }
        if lower >= upper { return (0, []) }
        var annotations: [HistogramAnnotation] = []
        let buckets = allBuckets()
        var seen = 0.0, rank = 0.0, lowerRank = 0.0, upperRank = 0.0
        var lowerSet = false, upperSet = false
        var position = 0
        while position < buckets.count {
            var b = buckets[position]
            position += 1
            seen += b.count
            var zeroBucket = false
            if b.lower <= 0 && b.upper >= 0 {
                zeroBucket = true
                if negativeBuckets.isEmpty && !positiveBuckets.isEmpty {
                    b.lower = 0
                } else if positiveBuckets.isEmpty && !negativeBuckets.isEmpty {
                    b.upper = 0
                }
            }
            let linear = usesCustomBuckets || zeroBucket
            func interpolate(_ v: Double) -> Double {
                // A bucket reaching down to -Inf cannot be interpolated into; like the +Inf bucket, it
                // contributes nothing partial (upstream returns its whole count as the rank).
                if linear && b.lower == -.infinity { return b.count }
                return rank + b.count * b.fractionBelow(v, linear: linear)
            }
            if !lowerSet && b.lower >= lower {
                lowerRank = rank
                lowerSet = true
            }
            if !upperSet && b.lower >= upper {
                upperRank = rank
                upperSet = true
            }
            if lowerSet && upperSet { break }
            if !lowerSet && b.lower < lower && b.upper > lower {
                lowerRank = interpolate(lower)
                lowerSet = true
            }
            if !upperSet && b.lower < upper && b.upper > upper {
                upperRank = interpolate(upper)
                upperSet = true
            }
            if lowerSet && upperSet { break }
            rank += b.count
        }
        var total = count
        if sum.isNaN {
            // NaN observations are in count but in no bucket; they are left out of every fraction.
            while position < buckets.count {
                seen += buckets[position].count
                position += 1
            }
            if seen < count { annotations.append(.fractionNaNs(metricName: metricName)) }
            total = seen
        }
        if !lowerSet || lowerRank > total { lowerRank = total }
        if !upperSet || upperRank > total { upperRank = total }
        return ((upperRank - lowerRank) / count, annotations)
    }
}
