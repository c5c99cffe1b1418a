import TimeSeries

/// `rate`, `increase`, `delta`, `irate`, `idelta`, `deriv` and `predict_linear` over one series' window.
///
/// Each returns `nil` when Prometheus would produce no sample (too few points).
enum RateFunctions {
    /// The extrapolation of `rate`, `increase` and `delta` (Prometheus 3): the change across the samples is
    /// stretched towards the window's edges when the first/last sample is close to them (within 110% of the
    /// average spacing), and by half a spacing otherwise; a counter is never extrapolated below zero.
    /// - Parameters:
    ///   - rangeStart/rangeEnd: the window in milliseconds (evaluation time minus range and offset).
    static func extrapolated(_ samples: ArraySlice<Sample>, rangeStart: Int64, rangeEnd: Int64,
                             isCounter: Bool, isRate: Bool) -> Double? {
        guard samples.count >= 2, let first = samples.first, let last = samples.last else { return nil }
        var result = last.v - first.v
        if isCounter {
            // A drop means the counter was reset; the value before the drop was lost from the difference.
            var previous = 0.0
            for s in samples {
                if s.v < previous { result += previous }
                previous = s.v
            }
        }
        var durationToStart = Double(first.t - rangeStart) / 1000
        var durationToEnd = Double(rangeEnd - last.t) / 1000
        let sampledInterval = Double(last.t - first.t) / 1000
        let averageSpacing = sampledInterval / Double(samples.count - 1)
        let threshold = averageSpacing * 1.1
        if durationToStart >= threshold { durationToStart = averageSpacing / 2 }
        if isCounter && result > 0 && first.v >= 0 {
            let durationToZero = sampledInterval * (first.v / result)
            if durationToZero < durationToStart { durationToStart = durationToZero }
        }
        if durationToEnd >= threshold { durationToEnd = averageSpacing / 2 }
        var factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval
        if isRate { factor /= Double(rangeEnd - rangeStart) / 1000 }
        return result * factor
    }

    /// `irate` and `idelta`: the last two samples only.
    static func instant(_ samples: ArraySlice<Sample>, isRate: Bool) -> Double? {
        guard samples.count >= 2 else { return nil }
        let last = samples[samples.endIndex - 1]
        let previous = samples[samples.endIndex - 2]
        var result: Double
        if isRate && last.v < previous.v {
            result = last.v  // counter reset
        } else {
            result = last.v - previous.v
        }
        let interval = last.t - previous.t
        if interval == 0 { return nil }
        if isRate { result /= Double(interval) / 1000 }
        return result
    }

    /// Least-squares slope and intercept, x in seconds relative to `interceptTime`, with compensated sums.
    static func linearRegression(_ samples: ArraySlice<Sample>, interceptTime: Int64) -> (slope: Double, intercept: Double) {
        var n = 0.0
        var sumX = KahanSum(), sumY = KahanSum(), sumXY = KahanSum(), sumX2 = KahanSum()
        let initY = samples.first!.v
        var constY = true
        for s in samples {
            if constY && s.v != initY { constY = false }
            n += 1
            // The intercept is the step time, which with `@` can be anywhere in int64: wrap as Go does.
            let x = Double(s.t &- interceptTime) / 1000
            sumX.add(x)
            sumY.add(s.v)
            sumXY.add(x * s.v)
            sumX2.add(x * x)
        }
        if constY {
            if initY.isInfinite { return (.nan, .nan) }
            return (0, initY)
        }
        let sx = sumX.sum + sumX.c, sy = sumY.sum + sumY.c, sxy = sumXY.sum + sumXY.c, sx2 = sumX2.sum + sumX2.c
        let covXY = sxy - sx * sy / n
        let varX = sx2 - sx * sx / n
        let slope = covXY / varX
        return (slope, sy / n - slope * sx / n)
    }

    static func deriv(_ samples: ArraySlice<Sample>) -> Double? {
        guard samples.count >= 2 else { return nil }
        return linearRegression(samples, interceptTime: samples.first!.t).slope
    }

    static func predictLinear(_ samples: ArraySlice<Sample>, at t: Int64, seconds: Double) -> Double? {
        guard samples.count >= 2 else { return nil }
        let (slope, intercept) = linearRegression(samples, interceptTime: t)
        return slope * seconds + intercept
    }
}
