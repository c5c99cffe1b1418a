/// Compensated summation (Kahan–Babuška–Neumaier), as Prometheus uses in `sum`, `avg`, `*_over_time` and
/// regression, so that results agree with upstream to the last bit rather than merely approximately.
struct KahanSum {
    var sum: Double = 0
    var c: Double = 0

    @inline(__always)
    mutating func add(_ inc: Double) {
        (sum, c) = KahanSum.increment(inc, sum, c)
    }

    /// The compensated total; an infinite running sum is returned as is.
    var value: Double { sum.isInfinite ? sum : sum + c }

    /// One Neumaier step: returns the new sum and compensation.
    @inline(__always)
    static func increment(_ inc: Double, _ sum: Double, _ c: Double) -> (Double, Double) {
        let t = sum + inc
        if t.isInfinite { return (t, 0) }
        if abs(sum) >= abs(inc) { return (t, c + ((sum - t) + inc)) }
        return (t, c + ((inc - t) + sum))
    }
}
