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
        /// The selector's `anchored`/`smoothed` modifier: the window then also holds the lookback delta
        /// before the range (and, smoothed, after it).
        var anchored = false
        var smoothed = false
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

    /// A float-only function that ignores the histograms of a mixed window with an info (upstream
    /// `NewHistogramIgnoredInMixedRangeInfo`). `minimum` is the fewest floats it needs; with fewer, a mixed
    /// window still gets the info only when it holds exactly one float (as deriv, predict_linear and
    /// double_exponential_smoothing do).
    private static func ignoringHistograms(minimum: Int = 1,
                                           _ f: @escaping @Sendable (Context, ArraySlice<Sample>) throws(QueryError) -> Double?) -> Function {
        { (c: Context, s: ArraySlice<Sample>, h: ArraySlice<HistogramSample>) throws(QueryError) -> (Double, NativeHistogram?)? in
            if s.count < minimum {
                if minimum > 1 && s.count == 1 && !h.isEmpty { c.ignoredHistogramsInfo() }
                return nil
            }
            guard !s.isEmpty else { return nil }
            let v = try f(c, s)
            if !h.isEmpty { c.ignoredHistogramsInfo() }
            guard let v else { return nil }
            return (v, nil)
        }
    }

    /// `rate`, `increase` and `delta` over floats or histograms; a mixed window gives a warning.
    private static func extrapolated(isCounter: Bool, isRate: Bool) -> Function {
        { (c: Context, s: ArraySlice<Sample>, h: ArraySlice<HistogramSample>) throws(QueryError) -> (Double, NativeHistogram?)? in
            if !s.isEmpty && !h.isEmpty {
                c.annotate(.mixedFloatsHistograms(metricName: c.name))
                return nil
            }
            if c.anchored || c.smoothed {
                if !h.isEmpty {
                    let r = HistogramRate.extended(Array(h), rangeStart: c.rangeStart, rangeEnd: c.rangeEnd, rangeSeconds: Double(c.range) / 1000,
                                                   smoothed: c.smoothed, isCounter: isCounter, isRate: isRate, metricName: c.name)
                    c.annotate(r.annotations)
                    return r.histogram.map { (0, $0) }
                }
                guard !s.isEmpty, let v = extendedRate(Array(s), c, isCounter: isCounter, isRate: isRate) else { return nil }
                return (v, nil)
            }
            if !h.isEmpty {
                let r = HistogramRate.extrapolated(h, rangeStart: c.rangeStart, rangeEnd: c.rangeEnd, rangeSeconds: Double(c.range) / 1000,
                                                   isCounter: isCounter, isRate: isRate, metricName: c.name)
                c.annotate(r.annotations)
                return r.histogram.map { (0, $0) }
            }
            guard !s.isEmpty,
                  let v = RateFunctions.extrapolated(s, rangeStart: c.rangeStart, rangeEnd: c.rangeEnd, isCounter: isCounter, isRate: isRate)
            else { return nil }
            return (v, nil)
        }
    }

    /// Upstream `extendedRate`: rate/increase/delta over an anchored or smoothed float window, without
    /// extrapolation.
    static func extendedRate(_ f: [Sample], _ c: Context, isCounter: Bool, isRate: Bool) -> Double? {
        func search(_ n: Int, _ pred: (Int) -> Bool) -> Int {
            var lo = 0, hi = n
            while lo < hi { let mid = (lo + hi) / 2; if pred(mid) { hi = mid } else { lo = mid + 1 } }
            return lo
        }
        func interpolate(_ p1: Sample, _ p2: Sample, _ t: Int64) -> Double {
            var y1 = p1.v
            let y2 = p2.v
            if isCounter && y2 < y1 { y1 = 0 }
            return y1 + (y2 - y1) * Double(t - p1.t) / Double(p2.t - p1.t)
        }
        var last = f.count - 1
        var first = Swift.max(0, search(last) { f[$0].t > c.rangeStart } - 1)
        if c.smoothed { last = search(last) { f[$0].t >= c.rangeEnd } }
        if f[last].t <= c.rangeStart { return nil }
        if c.smoothed && f[first].t > c.rangeEnd { return nil }
        let left = c.smoothed && f[first].t < c.rangeStart ? interpolate(f[first], f[first + 1], c.rangeStart) : f[first].v
        let right = c.smoothed && last > 0 && f[last].t > c.rangeEnd ? interpolate(f[last - 1], f[last], c.rangeEnd) : f[last].v
        var result = right - left
        if isCounter {
            if f[first].t <= c.rangeStart { first += 1 }
            if f[last].t >= c.rangeEnd { last -= 1 }
            var correction = 0.0
            var prev = left
            if first <= last {
                for p in f[first...last] {
                    if p.v < prev { correction += prev }
                    prev = p.v
                }
            }
            if right < prev { correction += prev }
            result += correction
        }
        if isRate { result /= Double(c.range) / 1000 }
        return result
    }

    /// `irate` and `idelta`: the last two samples, floats or histograms.
    private static func instant(isRate: Bool) -> Function {
        { (c: Context, s: ArraySlice<Sample>, h: ArraySlice<HistogramSample>) throws(QueryError) -> (Double, NativeHistogram?)? in
            if h.isEmpty {
                guard !s.isEmpty, let v = RateFunctions.instant(s, isRate: isRate) else { return nil }
                return (v, nil)
            }
            guard s.count + h.count >= 2 else { return nil }
            // The last two samples of either kind, in time order.
            enum P { case f(Sample), h(HistogramSample) }
            func t(_ p: P) -> Int64 { switch p { case .f(let x): return x.t; case .h(let x): return x.t } }
            var ps: [P] = s.suffix(2).map { .f($0) }
            for x in h.suffix(2) {
                let p = P.h(x)
                if ps.isEmpty { ps.append(p) } else if ps.count == 1 {
                    if x.t < t(ps[0]) { ps.insert(p, at: 0) } else { ps.append(p) }
                } else if x.t < t(ps[0]) {
                } else if x.t > t(ps[1]) { ps[0] = ps[1]; ps[1] = p } else { ps[0] = p }
            }
            if t(ps[1]) - t(ps[0]) == 0 { return nil }
            switch (ps[0], ps[1]) {
            case let (.h(a), .h(b)):
                let r = HistogramRate.instant(previous: a, last: b, isRate: isRate, metricName: c.name)
                c.annotate(r.annotations)
                return r.histogram.map { (0, $0) }
            case let (.f(a), .f(b)):
                guard let v = RateFunctions.instant([a, b][...], isRate: isRate) else { return nil }
                return (v, nil)
            default:
                c.annotate(.mixedFloatsHistograms(metricName: c.name))
                return nil
            }
        }
    }

    /// `sum_over_time` and `avg_over_time`: floats or histograms; a mixed window gives a warning.
    private static func summing(average: Bool, _ f: @escaping @Sendable (ArraySlice<Sample>) -> Double?) -> Function {
        { (c: Context, s: ArraySlice<Sample>, h: ArraySlice<HistogramSample>) throws(QueryError) -> (Double, NativeHistogram?)? in
            if !s.isEmpty && !h.isEmpty {
                c.annotate(.mixedFloatsHistograms(metricName: c.name))
                return nil
            }
            if !h.isEmpty {
                let r = average ? HistogramOverTime.average(h, metricName: c.name) : HistogramOverTime.sum(h, metricName: c.name)
                c.annotate(r.annotations)
                return r.histogram.map { (0, $0) }
            }
            guard !s.isEmpty, let v = f(s) else { return nil }
            return (v, nil)
        }
    }

    /// `resets` and `changes` over floats and histograms in time order; a switch between kinds counts.
    private static func transitions(resets: Bool) -> Function {
        { (c: Context, sIn: ArraySlice<Sample>, hIn: ArraySlice<HistogramSample>) throws(QueryError) -> (Double, NativeHistogram?)? in
            var s = sIn, h = hIn
            if c.anchored {
                // Upstream `pickFirstSampleIndices`: the anchor is the latest sample of either kind at or before
                // the range start; earlier samples are skipped.
                let lastF = s.lastIndex { $0.t <= c.rangeStart }
                let lastH = h.lastIndex { $0.t <= c.rangeStart }
                let afterF = (lastF.map { $0 + 1 } ?? s.startIndex) < s.endIndex
                let afterH = (lastH.map { $0 + 1 } ?? h.startIndex) < h.endIndex
                if !afterF && !afterH { return nil }
                switch (lastF, lastH) {
                case (nil, nil): break
                case let (lf?, nil): s = s[lf...]
                case let (nil, lh?): h = h[lh...]
                case let (lf?, lh?):
                    if s[lf].t >= h[lh].t { s = s[lf...]; h = h[(lh + 1)...] } else { s = s[(lf + 1)...]; h = h[lh...] }
                }
                if s.isEmpty && h.isEmpty { return nil }
            }
            if h.isEmpty {
                guard !s.isEmpty else { return nil }
                let v = resets ? OverTimeFunctions.resets(s) : OverTimeFunctions.changes(s)
                return (v, nil)
            }
            if s.isEmpty { return (Double(resets ? HistogramRate.resets(h) : HistogramRate.changes(h)), nil) }
            var count = 0
            var fi = s.startIndex, hi = h.startIndex
            var prevF: Double?, prevH: NativeHistogram?
            var first = true
            while fi < s.endIndex || hi < h.endIndex {
                var curF: Double?, curH: NativeHistogram?
                if hi >= h.endIndex || (fi < s.endIndex && s[fi].t < h[hi].t) {
                    curF = s[fi].v; fi += 1
                } else {
                    curH = h[hi].h; hi += 1
                }
                if !first {
                    switch (prevF, prevH, curF, curH) {
                    case let (pf?, _, cf?, _):
                        if resets { if cf < pf { count += 1 } } else if cf != pf && !(cf.isNaN && pf.isNaN) { count += 1 }
                    case let (_, ph?, _, ch?):
                        if resets { if ch.detectReset(previous: ph) { count += 1 } } else if !(ch == ph) { count += 1 }
                    default:
                        count += 1
                    }
                }
                first = false
                prevF = curF; prevH = curH
            }
            return (Double(count), nil)
        }
    }

    private static let table: [String: Function] = [
        "rate": extrapolated(isCounter: true, isRate: true),
        "increase": extrapolated(isCounter: true, isRate: false),
        "delta": extrapolated(isCounter: false, isRate: false),
        "irate": instant(isRate: true),
        "idelta": instant(isRate: false),
        "deriv": ignoringHistograms(minimum: 2) { _, s in RateFunctions.deriv(s) },
        "predict_linear": ignoringHistograms(minimum: 2) { c, s in RateFunctions.predictLinear(s, at: c.t, seconds: c.args[0]) },
        "changes": transitions(resets: false),
        "resets": transitions(resets: true),
        "sum_over_time": summing(average: false) { s in OverTimeFunctions.sum(s) },
        "avg_over_time": summing(average: true) { s in OverTimeFunctions.avg(s) },
        "min_over_time": ignoringHistograms { _, s in OverTimeFunctions.min(s) },
        "max_over_time": ignoringHistograms { _, s in OverTimeFunctions.max(s) },
        "stddev_over_time": ignoringHistograms { _, s in OverTimeFunctions.stddev(s) },
        "stdvar_over_time": ignoringHistograms { _, s in OverTimeFunctions.stdvar(s) },
        "mad_over_time": ignoringHistograms { _, s in OverTimeFunctions.mad(s) },
        "quantile_over_time": ignoringHistograms { c, s in
            let q = c.args[0]
            if q.isNaN || q < 0 || q > 1 {
                c.evaluator.annotations.warn("quantile value should be between 0 and 1, got \(GoFloat.formatG(q))", at: c.call.args[0].range)
            }
            return Quantiles.quantile(q, s.map(\.v))
        },
        "ts_of_min_over_time": ignoringHistograms { _, s in OverTimeFunctions.timestampOfExtreme(s, maximum: false) },
        "ts_of_max_over_time": ignoringHistograms { _, s in OverTimeFunctions.timestampOfExtreme(s, maximum: true) },
        "double_exponential_smoothing": { c, s, h throws(QueryError) in
            let sf = c.args[0], tf = c.args[1]
            guard sf > 0 && sf < 1 else { throw QueryError("invalid smoothing factor. Expected: 0 < sf < 1, got: \(GoFloat.format(sf, verb: "f", precision: 6))") }
            guard tf > 0 && tf < 1 else { throw QueryError("invalid trend factor. Expected: 0 < tf < 1, got: \(GoFloat.format(tf, verb: "f", precision: 6))") }
            if s.count < 2 {
                if s.count == 1 && !h.isEmpty { c.ignoredHistogramsInfo() }
                return nil
            }
            guard let v = OverTimeFunctions.doubleExponentialSmoothing(s, smoothing: sf, trend: tf) else { return nil }
            if !h.isEmpty { c.ignoredHistogramsInfo() }
            return (v, nil)
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

extension RangeFunctions.Context {
    /// The metric name of the series, or "" (as upstream's `getMetricName`).
    var name: String { metricName ?? "" }

    /// Reports histogram annotations at the first argument, where upstream places them.
    func annotate(_ a: HistogramAnnotation) { evaluator.annotations.add(a, at: call.args[0].range) }
    func annotate(_ list: [HistogramAnnotation]) { evaluator.annotations.add(list, at: call.args[0].range) }

    func ignoredHistogramsInfo() {
        evaluator.annotations.info("ignored histograms in a range containing both floats and histograms for metric name \(quoteGo(name))",
                                   at: call.args[0].range)
    }
}
