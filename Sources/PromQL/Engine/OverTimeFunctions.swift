import TimeSeries

/// The `*_over_time` family and `changes`/`resets`, each over one series' float samples in a window.
enum OverTimeFunctions {
    static func sum(_ s: ArraySlice<Sample>) -> Double {
        var k = KahanSum()
        for x in s { k.add(x.v) }
        return k.value
    }

    /// The mean with compensated summation; if the running sum overflows, continues as an incremental mean
    /// (as Prometheus 3 does) so large values still average to a finite result.
    static func avg(_ s: ArraySlice<Sample>) -> Double {
        var it = s.makeIterator()
        var sum = it.next()!.v
        var count = 1.0
        var mean = 0.0
        var c = 0.0
        var incremental = false
        while let x = it.next() {
            count += 1
            if !incremental {
                let (newSum, newC) = KahanSum.increment(x.v, sum, c)
                if !newSum.isInfinite {
                    sum = newSum
                    c = newC
                    continue
                }
                incremental = true
                mean = sum / (count - 1)
                c /= (count - 1)
            }
            let q = (count - 1) / count
            (mean, c) = KahanSum.increment(x.v / count, q * mean, q * c)
        }
        if incremental { return mean + c }
        return sum / count + c / count
    }

    static func min(_ s: ArraySlice<Sample>) -> Double {
        var m = s.first!.v
        for x in s where x.v < m || m.isNaN { m = x.v }
        return m
    }

    static func max(_ s: ArraySlice<Sample>) -> Double {
        var m = s.first!.v
        for x in s where x.v > m || m.isNaN { m = x.v }
        return m
    }

    /// Population variance by Welford's method with compensated sums.
    static func stdvar(_ s: ArraySlice<Sample>) -> Double {
        var count = 0.0
        var mean = 0.0, cMean = 0.0
        var aux = 0.0, cAux = 0.0
        for x in s {
            count += 1
            let delta = x.v - (mean + cMean)
            (mean, cMean) = KahanSum.increment(delta / count, mean, cMean)
            (aux, cAux) = KahanSum.increment(delta * (x.v - (mean + cMean)), aux, cAux)
        }
        return (aux + cAux) / count
    }

    static func stddev(_ s: ArraySlice<Sample>) -> Double { stdvar(s).squareRoot() }

    /// Median absolute deviation from the median; a NaN makes it undefined.
    static func mad(_ s: ArraySlice<Sample>) -> Double {
        if s.contains(where: { $0.v.isNaN }) { return .nan }
        let values = s.map(\.v)
        let median = Quantiles.quantile(0.5, values)
        return Quantiles.quantile(0.5, values.map { abs($0 - median) })
    }

    static func changes(_ s: ArraySlice<Sample>) -> Double {
        var changes = 0.0
        var previous = s.first!.v
        for x in s.dropFirst() {
            if x.v != previous && !(x.v.isNaN && previous.isNaN) { changes += 1 }
            previous = x.v
        }
        return changes
    }

    static func resets(_ s: ArraySlice<Sample>) -> Double {
        var resets = 0.0
        var previous = s.first!.v
        for x in s.dropFirst() {
            if x.v < previous { resets += 1 }
            previous = x.v
        }
        return resets
    }

    /// The timestamp (seconds) of the minimum or maximum; the latest one wins on ties, and a NaN so far is
    /// replaced by whatever comes next, as in Prometheus.
    static func timestampOfExtreme(_ s: ArraySlice<Sample>, maximum: Bool) -> Double {
        var best = s.first!
        for x in s {
            let better = maximum ? (x.v >= best.v || best.v.isNaN) : (x.v <= best.v || best.v.isNaN)
            if better { best = x }
        }
        return Double(best.t) / 1000
    }

    /// Holt's double exponential smoothing (`double_exponential_smoothing`, formerly `holt_winters`).
    static func doubleExponentialSmoothing(_ s: ArraySlice<Sample>, smoothing sf: Double, trend tf: Double) -> Double? {
        guard s.count >= 2 else { return nil }
        let values = Array(s.map(\.v))
        var s0 = 0.0
        var s1 = values[0]
        var b = values[1] - values[0]
        for i in 1..<values.count {
            // Trend: for the first step it is the raw difference, afterwards smoothed.
            if i > 1 { b = tf * (s1 - s0) + (1 - tf) * b }
            s0 = s1
            s1 = sf * values[i] + (1 - sf) * (s0 + b)
        }
        return s1
    }
}
