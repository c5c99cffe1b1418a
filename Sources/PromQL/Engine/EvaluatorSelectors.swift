import Foundation
import TimeSeries

/// The points of one series that a range function sees: from storage (a matrix selector) or from an
/// evaluated subquery, in time order.
struct WindowSeries {
    var labels: Labels
    var dropName: Bool
    var floats: ArraySlice<Sample>
    var histograms: ArraySlice<HistogramSample>
}

/// Timestamp arithmetic in this file wraps (`&+`, `&-`) as Go's int64 arithmetic does upstream. Times
/// near the int64 limits come from the query (`@ 9.2e15`, `@ 9e18`, whose milliseconds overflow to
/// math.MinInt64, offsets of ±292 years): Prometheus computes wrapped windows that select nothing, and
/// the reads below give an empty window for a start after its end, so the result is the same empty one.
extension Evaluator {
    // MARK: Time modifiers

    /// The time an `@` modifier pins a selector or subquery to, if any.
    func atTime(_ m: TimeModifiers) -> Int64? {
        if let t = m.timestamp { return t }
        switch m.atPreprocessor {
        case .start: return queryStart
        case .end: return queryEnd
        case nil: return nil
        }
    }

    func offsetMillis(_ m: TimeModifiers) throws(QueryError) -> Int64 {
        if let e = m.offsetExpr { return try durationMillis(e, allowNegative: true) }
        return m.offset.milliseconds
    }

    /// The step of the outermost query in seconds: 0 for an instant query, as `step()` reports it.
    var queryStepSeconds: Double { Double(queryStep) / 1000 }

    /// The outermost query's range in seconds, as `range()` reports it: upstream's `end.Sub(start)`, a
    /// Go duration, which saturates at about 292 years (a range query from -9e15 s to 9e15 s is longer).
    var queryRangeSeconds: Double {
        guard queryEnd > queryStart else { return 0 }
        let ms = UInt64(bitPattern: queryEnd &- queryStart)
        if ms > UInt64(Int64.max) / 1_000_000 { return 9_223_372_036.854_775_807 }
        return Double(ms) / 1000
    }

    /// Folds an experimental duration expression to milliseconds with upstream's checks and messages
    /// (`durations.go`): NaN and infinities, non-positive ranges and steps, and anything beyond a Go
    /// `time.Duration` (±292 years) are errors.
    func durationMillis(_ e: DurationExpr, allowNegative: Bool) throws(QueryError) -> Int64 {
        do {
            let d = try e.resolve(step: queryStepSeconds, queryRange: queryRangeSeconds, allowNegative: allowNegative)
            return d.milliseconds
        } catch {
            throw self.error(error.message)
        }
    }

    func rangeMillis(_ duration: PromDuration, _ expr: DurationExpr?) throws(QueryError) -> Int64 {
        if let expr { return try durationMillis(expr, allowNegative: false) }
        return duration.milliseconds
    }

    /// The storage's series, with counter reset hints as Prometheus's TSDB reads them back: a counter reset
    /// always starts a new chunk, and the first histogram of a chunk is read as "unknown" (upstream
    /// `counterResetHint` in chunkenc), so a stored `reset` hint never reaches the engine.
    func selectSeries(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [SeriesPoints] {
        var series = source.select(matchers, mint: mint, maxt: maxt)
        for i in series.indices where series[i].histograms.contains(where: { $0.h.counterResetHint == .reset }) {
            var hs = Array(series[i].histograms)
            for j in hs.indices where hs[j].h.counterResetHint == .reset { hs[j].h.counterResetHint = .unknown }
            series[i].histograms = hs[...]
        }
        guard histogramStatsDecoding else { return series }
        // Upstream's HistogramStatsIterator: an unknown hint becomes "reset" or "not_reset" by comparing
        // with the histogram read before it (none for the first one read).
        for i in series.indices where series[i].histograms.count > 1 {
            var hs = Array(series[i].histograms)
            var last: NativeHistogram?
            for j in hs.indices where !StaleNaN.isStale(hs[j].h.sum) {
                let current = hs[j].h
                if current.counterResetHint == .unknown, let previous = last {
                    hs[j].h.counterResetHint = current.detectReset(previous: previous) ? .reset : .notReset
                }
                last = current
            }
            series[i].histograms = hs[...]
        }
        return series
    }

    // MARK: Instant vector selectors

    /// The latest sample of each matching series at or before each step (within the lookback delta),
    /// skipping series whose latest sample is a staleness marker.
    func evalVectorSelector(_ vs: VectorSelector) throws(QueryError) -> StepMatrix {
        if vs.smoothed { return try evalSmoothedSelector(vs) }
        let at = atTime(vs.modifiers)
        let offset = try offsetMillis(vs.modifiers)
        let firstRef = (at ?? start) &- offset
        let lastRef = (at ?? end) &- offset
        let lookback = options.lookbackDelta
        let series = selectSeries(vs.matchers, mint: firstRef &- lookback &+ 1, maxt: lastRef)
        var out: StepMatrix = []
        out.reserveCapacity(series.count)
        for s in series {
            try interruption.tick()
            var result = StepSeries(labels: s.labels)
            if at != nil {
                if let p = latestPoint(s.floats, s.histograms, at: firstRef) {
                    for t in steps { result.append(t: t, f: p.f, h: p.h) }
                }
            } else {
                var fi = s.floats.startIndex
                var hi = s.histograms.startIndex
                for t in steps {
                    let ref = t &- offset
                    while fi < s.floats.endIndex, s.floats[fi].t <= ref { fi += 1 }
                    while hi < s.histograms.endIndex, s.histograms[hi].t <= ref { hi += 1 }
                    let f = fi > s.floats.startIndex ? s.floats[fi - 1] : nil
                    let h = hi > s.histograms.startIndex ? s.histograms[hi - 1] : nil
                    if let p = Evaluator.newer(f, h, after: ref &- lookback) { result.append(t: t, f: p.f, h: p.h) }
                }
            }
            if !result.isEmpty {
                try countSamples(result.sampleCount)
                out.append(result)
            }
        }
        return out
    }

    /// A `smoothed` instant vector selector (upstream `smoothSeries`): at each step the value at that time,
    /// interpolated linearly between the samples around it within the lookback delta either side; the
    /// last value is carried forward when no later sample exists yet.
    func evalSmoothedSelector(_ vs: VectorSelector) throws(QueryError) -> StepMatrix {
        let at = atTime(vs.modifiers)
        let offset = try offsetMillis(vs.modifiers)
        let lookback = options.lookbackDelta
        let firstRef = (at ?? start) &- offset
        let lastRef = (at ?? end) &- offset
        let series = selectSeries(vs.matchers, mint: firstRef &- lookback &+ 1, maxt: lastRef &+ lookback)
        let range = Expr.vectorSelector(vs).range
        var out: StepMatrix = []
        for s in series {
            try interruption.tick()
            var result = StepSeries(labels: s.labels)
            let name = s.labels.metricName ?? ""
            let ws = WindowSeries(labels: s.labels, dropName: false, floats: s.floats, histograms: s.histograms)
            for t in steps {
                let dataT = (at ?? t) &- offset
                let (floats, hists) = window(ws, ref: dataT &+ lookback, range: 2 &* lookback)
                if floats.isEmpty && hists.isEmpty { continue }
                if !floats.isEmpty && !hists.isEmpty {
                    annotations.add(.mixedFloatsHistograms(metricName: name), at: range)
                    continue
                }
                if !hists.isEmpty {
                    let i = hists.firstIndex { $0.t >= dataT } ?? hists.endIndex
                    if i < hists.endIndex && hists[i].t == dataT {
                        result.append(t: t, f: 0, h: hists[i].h)
                    } else if i > hists.startIndex && i < hists.endIndex {
                        let r = HistogramRate.smoothedValue(previous: hists[i - 1], next: hists[i], at: dataT, metricName: name)
                        annotations.add(r.annotations, at: range)
                        if let h = r.histogram { result.append(t: t, f: 0, h: h) }
                    } else if i > hists.startIndex {
                        var h = hists[i - 1].h
                        h.counterResetHint = .unknown
                        result.append(t: t, f: 0, h: h)
                    }
                } else {
                    let i = floats.firstIndex { $0.t >= dataT } ?? floats.endIndex
                    if i < floats.endIndex && floats[i].t == dataT {
                        result.append(t: t, f: floats[i].v, h: nil)
                    } else if i > floats.startIndex && i < floats.endIndex {
                        let p = floats[i - 1], n = floats[i]
                        result.append(t: t, f: p.v + (n.v - p.v) * Double(dataT - p.t) / Double(n.t - p.t), h: nil)
                    } else if i > floats.startIndex {
                        result.append(t: t, f: floats[i - 1].v, h: nil)
                    }
                }
            }
            if !result.isEmpty {
                try countSamples(result.sampleCount)
                out.append(result)
            }
        }
        return out
    }

    struct Point {
        var t: Int64
        var f: Double
        var h: NativeHistogram?
    }

    /// Of the latest float and latest histogram sample, the newer one, if it is after `floor` and not a
    /// staleness marker.
    static func newer(_ f: Sample?, _ h: HistogramSample?, after floor: Int64) -> Point? {
        var p: Point?
        switch (f, h) {
        case let (f?, h?): p = f.t >= h.t ? Point(t: f.t, f: f.v) : Point(t: h.t, f: 0, h: h.h)
        case let (f?, nil): p = Point(t: f.t, f: f.v)
        case let (nil, h?): p = Point(t: h.t, f: 0, h: h.h)
        default: return nil
        }
        guard let point = p, point.t > floor else { return nil }
        if point.h == nil && StaleNaN.isStale(point.f) { return nil }
        if let hist = point.h, StaleNaN.isStale(hist.sum) { return nil }
        return point
    }

    func latestPoint(_ floats: ArraySlice<Sample>, _ histograms: ArraySlice<HistogramSample>, at ref: Int64) -> Point? {
        let fi = upperBound(floats, ref)
        let hi = upperBound(histograms, ref)
        let f = fi > floats.startIndex ? floats[fi - 1] : nil
        let h = hi > histograms.startIndex ? histograms[hi - 1] : nil
        return Evaluator.newer(f, h, after: ref &- options.lookbackDelta)
    }

    /// The original sample timestamp behind each step of an instant selector, for `timestamp(v)`.
    func evalSelectorTimestamps(_ vs: VectorSelector) throws(QueryError) -> StepMatrix {
        let at = atTime(vs.modifiers)
        let offset = try offsetMillis(vs.modifiers)
        let firstRef = (at ?? start) &- offset
        let lastRef = (at ?? end) &- offset
        let series = source.select(vs.matchers, mint: firstRef &- options.lookbackDelta &+ 1, maxt: lastRef)
        var out: StepMatrix = []
        for s in series {
            try interruption.tick()
            var result = StepSeries(labels: s.labels, dropName: true)
            if !options.delayedNameRemoval { result.labels = result.labels.droppingMetricName }
            for t in steps {
                if let p = latestPoint(s.floats, s.histograms, at: (at ?? t) &- offset) {
                    result.floats.append(Sample(t: t, v: Double(p.t) / 1000))
                }
            }
            if !result.isEmpty {
                try countSamples(result.sampleCount)
                out.append(result)
            }
        }
        // With the names gone, series of different metrics may now share labels: as for any function,
        // that is an error where they meet at a step (upstream's rangeEval check).
        return options.delayedNameRemoval ? out : try mergeSameLabelSets(out)
    }

    // MARK: Range vectors

    /// The series a range function reads from: a matrix selector's storage series or a subquery's
    /// evaluated series, with the range, offset and `@` that place each step's window.
    struct RangeArgument {
        var series: [WindowSeries]
        var range: Int64
        var offset: Int64
        var at: Int64?
        /// The selector for `absent_over_time` labels and the counter-name info; nil for subqueries.
        var selector: VectorSelector?
    }

    func rangeArgument(_ expr: Expr) throws(QueryError) -> RangeArgument {
        switch expr {
        case .paren(let p):
            return try rangeArgument(p.expr)
        case .matrixSelector(let ms):
            let vs = ms.vectorSelector
            let at = atTime(vs.modifiers)
            let offset = try offsetMillis(vs.modifiers)
            let range = try rangeMillis(ms.rangeDuration, ms.rangeExpr)
            let firstRef = (at ?? start) &- offset
            let lastRef = (at ?? end) &- offset
            // Anchored and smoothed selectors also load the lookback delta before the range (and, smoothed,
            // after its end), as upstream does.
            let before = vs.anchored || vs.smoothed ? options.lookbackDelta : 0
            let after = vs.smoothed ? options.lookbackDelta : 0
            let series = selectSeries(vs.matchers, mint: firstRef &- range &- before &+ 1, maxt: lastRef &+ after)
            return RangeArgument(
                series: series.map { WindowSeries(labels: $0.labels, dropName: false, floats: $0.floats, histograms: $0.histograms) },
                range: range, offset: offset, at: at, selector: vs)
        case .subquery(let sq):
            let evaluated = try evalSubquery(sq)
            let at = atTime(sq.modifiers)
            return RangeArgument(
                series: evaluated.map { WindowSeries(labels: $0.labels, dropName: $0.dropName, floats: $0.floats[...], histograms: $0.histograms[...]) },
                range: try rangeMillis(sq.rangeDuration, sq.rangeExpr), offset: try offsetMillis(sq.modifiers), at: at, selector: nil)
        default:
            throw error("expected a range vector")
        }
    }

    /// The points of `s` in the window ending at `ref` (exclusive start, inclusive end), without
    /// staleness markers.
    func window(_ s: WindowSeries, ref: Int64, range: Int64) -> (ArraySlice<Sample>, ArraySlice<HistogramSample>) {
        // A window whose start wrapped past its end (ranges and offsets at the int64 limits) is empty.
        let low = ref &- range
        guard low < ref else { return ([], []) }
        let lo = upperBound(s.floats, low)
        let hi = upperBound(s.floats, ref)
        var floats = s.floats[lo..<hi]
        if floats.contains(where: { StaleNaN.isStale($0.v) }) {
            floats = ArraySlice(floats.filter { !StaleNaN.isStale($0.v) })
        }
        let hlo = upperBound(s.histograms, low)
        let hhi = upperBound(s.histograms, ref)
        var histograms = s.histograms[hlo..<hhi]
        if histograms.contains(where: { StaleNaN.isStale($0.h.sum) }) {
            histograms = ArraySlice(histograms.filter { !StaleNaN.isStale($0.h.sum) })
        }
        return (floats, histograms)
    }

    /// A range vector as a query result: an instant query of `x[5m]` or of a subquery.
    func evalRangeVector(_ expr: Expr) throws(QueryError) -> StepMatrix {
        switch expr {
        case .paren(let p):
            return try evalRangeVector(p.expr)
        case .subquery(let sq):
            return try evalSubquery(sq)
        case .matrixSelector(let ms):
            if ms.vectorSelector.anchored || ms.vectorSelector.smoothed {
                throw error("anchored and smoothed range vectors as query results are not supported by this engine yet")
            }
            let arg = try rangeArgument(expr)
            var out: StepMatrix = []
            let ref = (arg.at ?? start) &- arg.offset
            for s in arg.series {
                try interruption.tick()
                let (f, h) = window(s, ref: ref, range: arg.range)
                if f.isEmpty && h.isEmpty { continue }
                try countSamples(Evaluator.sampleCount(f, h))
                out.append(StepSeries(labels: s.labels, floats: Array(f), histograms: Array(h)))
            }
            return out
        default:
            throw error("expected a range vector")
        }
    }

    /// Evaluates a subquery's inner expression as a range query whose steps are aligned to multiples of
    /// the subquery step, covering the outer evaluation range shifted by the offset and widened by the range.
    func evalSubquery(_ sq: SubqueryExpr) throws(QueryError) -> StepMatrix {
        let at = atTime(sq.modifiers)
        let offset = try offsetMillis(sq.modifiers)
        let range = try rangeMillis(sq.rangeDuration, sq.rangeExpr)
        var step = try rangeMillis(sq.step, sq.stepExpr)
        if step == 0 { step = options.defaultSubqueryStep }
        guard step > 0 else { throw error("subquery step must be positive") }
        let outerStart = at ?? start
        let outerEnd = at ?? end
        // The last step of the outer evaluation; the outer range is never reversed, so the span fits an
        // unsigned count even when it exceeds Int64.max.
        let span = UInt64(bitPattern: outerEnd &- outerStart) / UInt64(interval) &* UInt64(interval)
        let parentEnd = outerStart &+ Int64(bitPattern: span)
        let subEnd = parentEnd &- offset
        // Upstream: the first multiple of the step after `start - offset - range`, in wrapping int64.
        let low = outerStart &- offset &- range
        var subStart = step &* (low / step)
        if subStart <= low { subStart = subStart &+ step }
        // A window that wrapped (its start past its end) selects nothing, as upstream's does.
        guard subEnd >= subStart, low < outerStart &- offset else { return [] }
        let child = Evaluator(parent: self, start: subStart, end: subEnd, interval: step)
        child.histogramStatsDecoding = false
        var result = try child.eval(sq.expr)
        currentSamples = child.currentSamples
        // As upstream: counter reset hints of histograms coming out of a subquery are reset to unknown,
        // since the subquery's steps may skip samples (a gauge hint stays).
        for i in result.indices {
            for j in result[i].histograms.indices {
                let hint = result[i].histograms[j].h.counterResetHint
                if hint == .reset || hint == .notReset { result[i].histograms[j].h.counterResetHint = .unknown }
            }
        }
        return result
    }

    func upperBound<S: RandomAccessCollection>(_ a: S, _ t: Int64) -> S.Index where S.Element == Sample {
        var lo = a.startIndex, hi = a.endIndex
        while lo < hi {
            let mid = a.index(lo, offsetBy: a.distance(from: lo, to: hi) / 2)
            if a[mid].t <= t { lo = a.index(after: mid) } else { hi = mid }
        }
        return lo
    }

    func upperBound<S: RandomAccessCollection>(_ a: S, _ t: Int64) -> S.Index where S.Element == HistogramSample {
        var lo = a.startIndex, hi = a.endIndex
        while lo < hi {
            let mid = a.index(lo, offsetBy: a.distance(from: lo, to: hi) / 2)
            if a[mid].t <= t { lo = a.index(after: mid) } else { hi = mid }
        }
        return lo
    }
}
