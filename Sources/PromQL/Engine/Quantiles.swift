/// Quantile estimation: over plain values (`quantile`, `quantile_over_time`) and over classic histogram
/// buckets (`histogram_quantile` on `le`-labelled series).
public enum Quantiles {
    /// The φ-quantile by linear interpolation between the closest ranks; NaNs sort first, as in Prometheus.
    public static func quantile(_ q: Double, _ input: [Double]) -> Double {
        if input.isEmpty || q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        let values = input.sorted { $0.isNaN ? !$1.isNaN : ($1.isNaN ? false : $0 < $1) }
        let n = Double(values.count)
        let rank = q * (n - 1)
        let lower = Swift.max(0, rank.rounded(.down))
        let upper = Swift.min(n - 1, lower + 1)
        let weight = rank - rank.rounded(.down)
        return values[Int(lower)] * (1 - weight) + values[Int(upper)] * weight
    }

    public struct Bucket: Sendable {
        public var upperBound: Double
        public var count: Double
        public init(upperBound: Double, count: Double) {
            self.upperBound = upperBound
            self.count = count
        }
    }

    /// Result of `bucketQuantile` with the two conditions Prometheus reports as info annotations.
    public struct BucketQuantileResult {
        public var value: Double
        /// Bucket counts decreased somewhere and were raised to keep them monotonic.
        public var forcedMonotonicity: Bool
        /// Tiny floating-point differences between buckets were evened out.
        public var fixedPrecision: Bool
        /// Where monotonicity was forced: the lowest and highest bucket bound raised, and the largest raise.
        public var minBucket = Double.infinity
        public var maxBucket = -Double.infinity
        public var maxDiff = 0.0
    }

    /// `histogram_quantile` over classic buckets: sorted by bound, equal bounds merged, counts forced
    /// monotonic, then linear interpolation inside the bucket holding the rank. The `+Inf` bucket must exist.
    public static func bucketQuantile(_ q: Double, _ input: [Bucket]) -> BucketQuantileResult {
        func plain(_ v: Double) -> BucketQuantileResult { .init(value: v, forcedMonotonicity: false, fixedPrecision: false) }
        if q.isNaN { return plain(.nan) }
        if q < 0 { return plain(-.infinity) }
        if q > 1 { return plain(.infinity) }
        guard !input.isEmpty else { return plain(.nan) }
        let sorted = input.sorted { $0.upperBound < $1.upperBound }
        guard sorted.last!.upperBound == .infinity else { return plain(.nan) }
        var buckets: [Bucket] = []
        for b in sorted {
            if let last = buckets.last, last.upperBound == b.upperBound {
                buckets[buckets.count - 1].count += b.count
            } else {
                buckets.append(b)
            }
        }
        var forced = false
        var fixed = false
        var minBucket = Double.infinity, maxBucket = -Double.infinity, maxDiff = 0.0
        var previous = buckets[0].count
        for i in 1..<buckets.count {
            let current = buckets[i].count
            if current == previous { continue }
            if almostEqual(previous, current, epsilon: 1e-12) {
                buckets[i].count = previous
                fixed = true
                continue
            }
            if current < previous {
                buckets[i].count = previous
                forced = true
                minBucket = Swift.min(minBucket, buckets[i].upperBound)
                maxBucket = Swift.max(maxBucket, buckets[i].upperBound)
                maxDiff = Swift.max(maxDiff, previous - current)
                continue
            }
            previous = current
        }
        func result(_ v: Double) -> BucketQuantileResult {
            .init(value: v, forcedMonotonicity: forced, fixedPrecision: fixed, minBucket: minBucket, maxBucket: maxBucket, maxDiff: maxDiff)
        }
        guard buckets.count >= 2 else { return result(.nan) }
        let observations = buckets.last!.count
        guard observations != 0 else { return result(.nan) }
        var rank = q * observations
        // First bucket (excluding +Inf) whose cumulative count reaches the rank.
        var b = buckets.count - 1
        for i in 0..<(buckets.count - 1) where buckets[i].count >= rank { b = i; break }
        if b == buckets.count - 1 { return result(buckets[buckets.count - 2].upperBound) }
        if b == 0 && buckets[0].upperBound <= 0 { return result(buckets[0].upperBound) }
        var start = 0.0
        let end = buckets[b].upperBound
        var count = buckets[b].count
        if b > 0 {
            start = buckets[b - 1].upperBound
            count -= buckets[b - 1].count
            rank -= buckets[b - 1].count
        }
        return result(start + (end - start) * (rank / count))
    }
}
