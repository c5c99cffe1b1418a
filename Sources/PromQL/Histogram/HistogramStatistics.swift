import Foundation
import TimeSeries

/// The float values `histogram_count`, `histogram_sum`, `histogram_avg`, `histogram_stddev` and
/// `histogram_stdvar` take from a native histogram (upstream functions.go).
extension NativeHistogram {
    /// `histogram_avg`: sum / count (NaN for an empty histogram).
    public var average: Double { sum / count }

    /// `histogram_stdvar`: the variance estimated from the buckets, each bucket's observations placed at
    /// a representative point: the arithmetic middle for custom buckets, 0 in the zero bucket, and the
    /// geometric mean of the bounds for exponential buckets (mirrored for negative ones). The deviations
    /// are taken from the true mean (sum / count) and summed with Kahan compensation.
    public var variance: Double {
        let mean = sum / count
        var variance = 0.0, c = 0.0
        for bucket in allBuckets() where bucket.count != 0 {
            let value: Double
            if usesCustomBuckets {
                value = (bucket.upper + bucket.lower) / 2.0
            } else if bucket.lower <= 0 && bucket.upper >= 0 {
                value = 0
            } else {
                let g = (bucket.upper * bucket.lower).squareRoot()
                value = bucket.upper < 0 ? -g : g
            }
            let delta = value - mean
            (variance, c) = KahanSum.increment(bucket.count * delta * delta, variance, c)
        }
        variance += c
        return variance / count
    }

    /// `histogram_stddev`: the square root of `variance`.
    public var standardDeviation: Double { variance.squareRoot() }
}
