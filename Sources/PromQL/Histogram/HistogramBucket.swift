import TimeSeries
import Foundation

/// One bucket of a native histogram with its bounds, as upstream's `histogram.Bucket[float64]` gives it
/// to PromQL: quantiles, fractions, variance and the text form all work from these.
public struct HistogramBucket: Hashable, Sendable {
    public var lower: Double
    public var upper: Double
    public var lowerInclusive: Bool
    public var upperInclusive: Bool
    public var count: Double
    /// The bucket index in its schema; meaningless for the zero bucket.
    public var index: Int32

    public init(lower: Double, upper: Double, lowerInclusive: Bool, upperInclusive: Bool, count: Double, index: Int32) {
        self.lower = lower
        self.upper = upper
        self.lowerInclusive = lowerInclusive
        self.upperInclusive = upperInclusive
        self.count = count
        self.index = index
    }

    /// Upstream `Bucket.String()`: `[lower,upper):count` with brackets for inclusive ends and Go `%g`.
    public var description: String {
        (lowerInclusive ? "[" : "(") + GoFloat.formatG(lower) + "," + GoFloat.formatG(upper)
            + (upperInclusive ? "]" : ")") + ":" + GoFloat.formatG(count)
    }

    /// The share of the bucket's observations below `v` (which lies inside the bucket), either linearly or on
    /// a log2 scale where exponential bounds are evenly spaced; negative buckets are mirrored
    /// (upstream `Bucket.FractionBelow`).
    public func fractionBelow(_ v: Double, linear: Bool) -> Double {
        if linear { return (v - lower) / (upper - lower) }
        let logLower = GoFloatMath.log2(Swift.abs(lower))
        let logUpper = GoFloatMath.log2(Swift.abs(upper))
        let logV = GoFloatMath.log2(Swift.abs(v))
        if v > 0 { return (logV - logLower) / (logUpper - logLower) }
        return 1 - ((logV - logUpper) / (logLower - logUpper))
    }
}
