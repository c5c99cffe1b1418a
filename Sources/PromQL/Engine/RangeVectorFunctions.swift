import Foundation
import TimeSeries

/// The functions that take a range vector: each computes one value from one series' window.
enum RangeFunctions {
    struct Context {
        let evaluator: Evaluator
        let call: Call
        /// The step being evaluated.
        let t: Int64
        /// The window, exclusive start and inclusive end, in milliseconds.
        let rangeStart: Int64
        let rangeEnd: Int64
        let range: Int64
        /// The scalar arguments other than the range vector, in order, at this step.
        let args: [Double]
        let metricName: String?
    }

    /// A window's result: a float or a histogram, or nil for no output at this step.
    typealias Function = @Sendable (Context, ArraySlice<Sample>, ArraySlice<HistogramSample>) throws(QueryError) -> (Double, NativeHistogram?)?

    static func lookup(_ name: String) -> Function? { table[name] }

    /// Wraps a float-only function: windows holding only histograms give no result.
    private static func floats(_ f: @escaping @Sendable (Context, ArraySlice<Sample>) throws(QueryError) -> Double?) -> Function {
        { (c: Context, s: ArraySlice<Sample>, _: ArraySlice<HistogramSample>) throws(QueryError) -> (Double, NativeHistogram?)? in
            guard !s.isEmpty, let v = try f(c, s) else { return nil }
            return (v, nil)
        }
    }

    private static let table: [String: Function] = [
        "rate": floats { c, s in RateFunctions.extrapolated(s, rangeStart: c.rangeStart, rangeEnd: c.rangeEnd, isCounter: true, isRate: true) },
        "increase": floats { c, s in RateFunctions.extrapolated(s, rangeStart: c.rangeStart, rangeEnd: c.rangeEnd, isCounter: true, isRate: false) },
        "delta": floats { c, s in RateFunctions.extrapolated(s, rangeStart: c.rangeStart, rangeEnd: c.rangeEnd, isCounter: false, isRate: false) },
        "irate": floats { _, s in RateFunctions.instant(s, isRate: true) },
        "idelta": floats { _, s in RateFunctions.instant(s, isRate: false) },
        "deriv": floats { _, s in RateFunctions.deriv(s) },
        "predict_linear": floats { c, s in RateFunctions.predictLinear(s, at: c.t, seconds: c.args[0]) },
        "changes": floats { _, s in OverTimeFunctions.changes(s) },
        "resets": floats { _, s in OverTimeFunctions.resets(s) },
        "sum_over_time": floats { _, s in OverTimeFunctions.sum(s) },
        "avg_over_time": floats { _, s in OverTimeFunctions.avg(s) },
        "min_over_time": floats { _, s in OverTimeFunctions.min(s) },
        "max_over_time": floats { _, s in OverTimeFunctions.max(s) },
        "stddev_over_time": floats { _, s in OverTimeFunctions.stddev(s) },
        "stdvar_over_time": floats { _, s in OverTimeFunctions.stdvar(s) },
        "mad_over_time": floats { _, s in OverTimeFunctions.mad(s) },
        "quantile_over_time": floats { c, s in
            let q = c.args[0]
            if q.isNaN || q < 0 || q > 1 {
                c.evaluator.annotations.warn("quantile value should be between 0 and 1, got \(formatGoFloat(q))", at: c.call.args[0].range)
            }
            return Quantiles.quantile(q, s.map(\.v))
        },
        "ts_of_min_over_time": floats { _, s in OverTimeFunctions.timestampOfExtreme(s, maximum: false) },
        "ts_of_max_over_time": floats { _, s in OverTimeFunctions.timestampOfExtreme(s, maximum: true) },
        "double_exponential_smoothing": floats { c, s throws(QueryError) in
            let sf = c.args[0], tf = c.args[1]
            guard sf > 0 && sf < 1 else { throw QueryError("invalid smoothing factor. Expected: 0 < sf < 1, got: \(String(format: "%f", sf))") }
            guard tf > 0 && tf < 1 else { throw QueryError("invalid trend factor. Expected: 0 < tf < 1, got: \(String(format: "%f", tf))") }
            return OverTimeFunctions.doubleExponentialSmoothing(s, smoothing: sf, trend: tf)
        },
        "count_over_time": { _, f, h in (Double(f.count + h.count), nil) },
        "present_over_time": { _, _, _ in (1, nil) },
        "absent_over_time": { _, _, _ in (1, nil) },
        "last_over_time": { _, f, h in
            // The later of the last float and the last histogram.
            if let lf = f.last, h.last.map({ $0.t < lf.t }) ?? true { return (lf.v, nil) }
            if let lh = h.last { return (0, lh.h) }
            return nil
        },
        "first_over_time": { _, f, h in
            if let ff = f.first, h.first.map({ $0.t > ff.t }) ?? true { return (ff.v, nil) }
            if let fh = h.first { return (0, fh.h) }
            return nil
        },
        "ts_of_last_over_time": { _, f, h in
            let t = max(f.last?.t ?? .min, h.last?.t ?? .min)
            return (Double(t) / 1000, nil)
        },
        "ts_of_first_over_time": { _, f, h in
            let t = min(f.first?.t ?? .max, h.first?.t ?? .max)
            return (Double(t) / 1000, nil)
        },
    ]
}
