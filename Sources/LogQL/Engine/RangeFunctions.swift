import Foundation
import TimeSeries

/// The range aggregations applied to the samples of one window `(t - range, t]`.
/// https://grafana.com/docs/loki/latest/query/metric_queries/ "Log range aggregations" and "Unwrapped range
/// aggregations".
enum RangeFunctions {
    /// The window's value, or nil when the window has no samples (the series is absent at that step).
    static func apply(_ op: RangeOperation, parameter: Double?, unwrapped: Bool, _ window: ArraySlice<Sample>,
                      rangeEnd: Int64, rangeNanoseconds: Int64) -> Double? {
        guard !window.isEmpty else { return nil }
        let seconds = Double(rangeNanoseconds) / 1e9
        switch op {
        case .countOverTime: return Double(window.count)
        case .rate:
            // Counting lines: lines per second; unwrapped: the sum of the values per second.
            return unwrapped ? sum(window) / seconds : Double(window.count) / seconds
        case .bytesOverTime: return sum(window)
        case .bytesRate: return sum(window) / seconds
        case .sumOverTime: return sum(window)
        case .avgOverTime: return sum(window) / Double(window.count)
        case .maxOverTime: return window.reduce(-Double.infinity) { $1.v > $0 || $0.isNaN ? $1.v : $0 }
        case .minOverTime: return window.reduce(Double.infinity) { $1.v < $0 || $0.isNaN ? $1.v : $0 }
        case .firstOverTime: return window.first?.v
        case .lastOverTime: return window.last?.v
        case .stdvarOverTime: return variance(window)
        case .stddevOverTime: return variance(window).squareRoot()
        case .quantileOverTime: return quantile(parameter ?? .nan, window.map(\.v))
        case .rateCounter: return counterRate(window, rangeEnd: rangeEnd, rangeNanoseconds: rangeNanoseconds)
        case .absentOverTime: return 1
        }
    }

    static func sum(_ w: ArraySlice<Sample>) -> Double {
        // Kahan summation keeps long windows of small values accurate.
        var s = 0.0, c = 0.0
        for x in w {
            let y = x.v - c
            let t = s + y
            c = (t - s) - y
            s = t
        }
        return s
    }

    /// Population variance (Welford's method, as Prometheus computes `stdvar_over_time`).
    static func variance(_ w: ArraySlice<Sample>) -> Double {
        var count = 0.0, mean = 0.0, m2 = 0.0
        for x in w {
            count += 1
            let delta = x.v - mean
            mean += delta / count
            m2 += delta * (x.v - mean)
        }
        return m2 / count
    }

    /// Prometheus's quantile: linear interpolation between the closest ranks; φ outside [0, 1] gives ∓Inf.
    static func quantile(_ q: Double, _ values: [Double]) -> Double {
        if values.isEmpty || q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        let sorted = values.sorted { $0 < $1 || ($1.isNaN && !$0.isNaN) }
        let n = Double(sorted.count)
        let rank = q * (n - 1)
        let lower = max(0, rank.rounded(.down))
        let upper = min(n - 1, lower + 1)
        let weight = rank - lower
        // lower and upper are within [0, n-1] by construction, so the conversions cannot trap.
        return sorted[Int(lower)] * (1 - weight) + sorted[Int(upper)] * weight
    }

    /// `rate_counter`: the values as a counter (a drop is a reset), its increase extrapolated to the window as
    /// Prometheus's `rate` does, per second.
    static func counterRate(_ w: ArraySlice<Sample>, rangeEnd: Int64, rangeNanoseconds: Int64) -> Double? {
        guard w.count >= 2, let first = w.first, let last = w.last else { return nil }
        var increase = last.v - first.v
        var previous = first.v
        for s in w.dropFirst() {
            if s.v < previous { increase += previous }
            previous = s.v
        }
        let rangeStart = Double(rangeEnd) - Double(rangeNanoseconds)
        var durationToStart = (Double(first.t) - rangeStart) / 1e9
        let durationToEnd = (Double(rangeEnd) - Double(last.t)) / 1e9
        // In Double: entry times come from users, and their difference may not fit in Int64.
        let sampled = (Double(last.t) - Double(first.t)) / 1e9
        let averageInterval = sampled / Double(w.count - 1)
        if increase > 0, first.v >= 0 {
            let toZero = sampled * (first.v / increase)
            if toZero < durationToStart { durationToStart = toZero }
        }
        let threshold = averageInterval * 1.1
        var extrapolated = sampled
        extrapolated += durationToStart < threshold ? durationToStart : averageInterval / 2
        extrapolated += durationToEnd < threshold ? durationToEnd : averageInterval / 2
        guard sampled > 0 else { return nil }
        return increase * (extrapolated / sampled) / (Double(rangeNanoseconds) / 1e9)
    }
}
