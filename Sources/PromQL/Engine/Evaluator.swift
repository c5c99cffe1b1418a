import TimeSeries

/// Evaluates one query over the steps `start...end` (an instant query has one step).
///
/// Every instant-vector or scalar expression evaluates to a `StepMatrix` holding its value at each step,
/// the shape upstream uses, so that nested range queries (subqueries) and range queries share one path.
/// A scalar is a single series with no labels.
final class Evaluator {
    let options: Engine.Options
    let source: SeriesSource
    /// The evaluation range of this evaluator; subqueries create child evaluators with their own.
    let start: Int64
    let end: Int64
    let interval: Int64
    /// The outermost query's range, which `@ start()`/`@ end()` refer to at any depth.
    let queryStart: Int64
    let queryEnd: Int64
    /// The outermost query's step in milliseconds (0 for an instant query), which `step()` reports.
    let queryStep: Int64
    let annotations: AnnotationCollector
    /// Samples currently held, against `options.maxSamples` (see `EvaluatorLimits.swift`).
    var currentSamples = 0
    /// The query's deadline and cancellation, checked through `tick()`.
    let interruption: QueryInterruption
    /// Set while evaluating the argument of `histogram_count`, `histogram_sum` or `histogram_avg` (and no
    /// subquery, bucket-reading function or trim operator in between): upstream then reads histograms
    /// through its `HistogramStatsIterator`, which detects counter resets on the fly and so turns
    /// "unknown" counter reset hints into "reset" or "not_reset" (see `selectSeries`).
    var histogramStatsDecoding = false

    init(options: Engine.Options, source: SeriesSource, start: Int64, end: Int64, interval: Int64, queryStep: Int64, text: String,
         interruption: QueryInterruption = .none) {
        self.options = options
        self.interruption = interruption
        self.source = source
        self.start = start
        self.end = end
        self.interval = interval
        self.queryStart = start
        self.queryEnd = end
        self.queryStep = queryStep
        self.annotations = AnnotationCollector(text: text)
    }

    /// A child evaluator over another range (subqueries, step-invariant parts) sharing the query's context.
    init(parent: Evaluator, start: Int64, end: Int64, interval: Int64) {
        options = parent.options
        source = parent.source
        self.start = start
        self.end = end
        self.interval = interval
        queryStart = parent.queryStart
        queryEnd = parent.queryEnd
        queryStep = parent.queryStep
        annotations = parent.annotations
        currentSamples = parent.currentSamples
        interruption = parent.interruption
    }

    /// The number of steps; the span may exceed Int64.max (a range query from -9e18 to 9e18), so it is
    /// counted unsigned. A reversed range has none.
    var stepCount: Int {
        guard end >= start else { return 0 }
        return Int(clamping: UInt64(bitPattern: end &- start) / UInt64(interval)) &+ 1
    }
    var isInstant: Bool { start == end }

    /// The step timestamps of this evaluation.
    var steps: StrideThrough<Int64> { stride(from: start, through: end, by: Int(interval)) }

    func error(_ message: String) -> QueryError { QueryError(message) }

    // MARK: Dispatch

    /// Evaluates a scalar- or vector-typed expression at every step.
    func eval(_ expr: Expr) throws(QueryError) -> StepMatrix {
        try interruption.tick()
        switch expr {
        case .number(let n):
            // Upstream evaluates a number through rangeEval: one sample per step.
            try countSamples(stepCount)
            return constant(n.value)
        case .string:
            throw error("unexpected string expression where a number or vector was expected")
        case .paren(let p):
            return try eval(p.expr)
        case .unary(let u):
            return try evalUnary(u)
        case .binary(let b):
            return try evalBinary(b)
        case .vectorSelector(let vs):
            return try evalVectorSelector(vs)
        case .aggregate(let a):
            return try evalAggregate(a)
        case .call(let c):
            return try evalCall(c)
        case .matrixSelector, .subquery:
            throw error("cannot evaluate a range vector where an instant vector is expected")
        }
    }

    func evalString(_ expr: Expr) throws(QueryError) -> String {
        switch expr {
        case .string(let s): return s.value
        case .paren(let p): return try evalString(p.expr)
        default: throw error("expected a string expression")
        }
    }

    /// A scalar with the same value at every step.
    func constant(_ v: Double) -> StepMatrix {
        [StepSeries(labels: .empty, floats: steps.map { Sample(t: $0, v: v) })]
    }

    func evalUnary(_ u: UnaryExpr) throws(QueryError) -> StepMatrix {
        var m = try eval(u.expr)
        guard u.op == .minus else { return m }
        for i in m.indices {
            if u.expr.type == .vector {
                if !options.delayedNameRemoval { m[i].labels = m[i].labels.droppingMetricName }
                m[i].dropName = true
            }
            for j in m[i].floats.indices { m[i].floats[j].v = -m[i].floats[j].v }
            for j in m[i].histograms.indices { m[i].histograms[j].h = m[i].histograms[j].h.scaled(by: -1) }
        }
        if !options.delayedNameRemoval { m = try mergeSameLabelSets(m) }
        return m
    }

    // MARK: Stepping

    /// Upstream's `rangeEval`: evaluates the argument expressions, then calls `body` once per step with
    /// the input vectors at that step, and gathers its outputs into series. String arguments are skipped
    /// (functions read them from the AST). With `matching`, each element carries its signature ordinal.
    func rangeEval(_ args: [Expr], matching: VectorMatching? = nil,
                   _ body: (_ inputs: [[Element]], _ t: Int64) throws(QueryError) -> [Element]) throws(QueryError) -> StepMatrix {
        let originalSamples = currentSamples
        var matrices: [StepMatrix] = []
        for arg in args {
            if arg.type == .string { matrices.append([]); continue }
            matrices.append(try eval(arg))
        }
        var signatures: [[Int]] = []
        if let matching {
            var ordinals: [Labels: Int] = [:]
            let names = matching.on ? Set(matching.matchingLabels) : Set(matching.matchingLabels).union([Label.metricName])
            for m in matrices {
                signatures.append(m.map { s in
                    let key = matching.on ? s.labels.keeping(names) : s.labels.removing(names)
                    if let o = ordinals[key] { return o }
                    let o = ordinals.count
                    ordinals[key] = o
                    return o
                })
            }
        }
        var floatCursor = matrices.map { [Int](repeating: 0, count: $0.count) }
        var histogramCursor = floatCursor
        var output: [Labels: Int] = [:]
        var result: StepMatrix = []
        var lastStepOfSeries: [Int64] = []
        for t in steps {
            try interruption.tick()
            var inputs: [[Element]] = []
            inputs.reserveCapacity(matrices.count)
            for (a, m) in matrices.enumerated() {
                var vector: [Element] = []
                for (i, s) in m.enumerated() {
                    let fc = floatCursor[a][i]
                    let hc = histogramCursor[a][i]
                    var element: Element?
                    if fc < s.floats.count, s.floats[fc].t == t {
                        element = Element(labels: s.labels, f: s.floats[fc].v, h: nil, dropName: s.dropName)
                        floatCursor[a][i] += 1
                    } else if hc < s.histograms.count, s.histograms[hc].t == t {
                        element = Element(labels: s.labels, f: 0, h: s.histograms[hc].h, dropName: s.dropName)
                        histogramCursor[a][i] += 1
                    }
                    if var e = element {
                        e.series = i
                        if matching != nil { e.sig = signatures[a][i] }
                        vector.append(e)
                    }
                }
                inputs.append(vector)
            }
            let gathered = inputs.reduce(0) { $0 + $1.count }
            try checkStepSamples(gathered: gathered, output: [])
            let out = try body(inputs, t)
            try checkStepSamples(gathered: gathered, output: out)
            if isInstant {
                if !options.delayedNameRemoval { try checkNoDuplicates(out) }
                currentSamples = originalSamples + Evaluator.matrixSampleCount(out)
                return out.map { StepSeries(labels: $0.labels, dropName: $0.dropName, floats: $0.h == nil ? [Sample(t: t, v: $0.f)] : [],
                                            histograms: $0.h.map { [HistogramSample(t: t, h: $0)] } ?? []) }
            }
            for e in out {
                if let index = output[e.labels] {
                    if lastStepOfSeries[index] == t { throw error("vector cannot contain metrics with the same labelset") }
                    lastStepOfSeries[index] = t
                    result[index].append(t: t, f: e.f, h: e.h)
                } else {
                    output[e.labels] = result.count
                    var s = StepSeries(labels: e.labels, dropName: e.dropName)
                    s.append(t: t, f: e.f, h: e.h)
                    result.append(s)
                    lastStepOfSeries.append(t)
                }
            }
        }
        // The inputs are let go; the output stays held by whoever asked for it.
        currentSamples = originalSamples + result.reduce(0) { $0 + $1.sampleCount }
        return result
    }

    func checkNoDuplicates(_ out: [Element]) throws(QueryError) {
        guard out.count > 1 else { return }
        var seen = Set<Labels>()
        for e in out where !seen.insert(e.labels).inserted {
            throw error("vector cannot contain metrics with the same labelset")
        }
    }

    /// After names were dropped, series that now share labels are joined, provided their points do not
    /// collide in time (as upstream's `mergeSeriesWithSameLabelset`).
    func mergeSameLabelSets(_ m: StepMatrix) throws(QueryError) -> StepMatrix {
        guard m.count > 1 else { return m }
        var index: [Labels: Int] = [:]
        var merged: StepMatrix = []
        var needsSort = Set<Int>()
        for s in m {
            if let i = index[s.labels] {
                merged[i].floats += s.floats
                merged[i].histograms += s.histograms
                needsSort.insert(i)
            } else {
                index[s.labels] = merged.count
                merged.append(s)
            }
        }
        for i in needsSort {
            merged[i].floats.sort { $0.t < $1.t }
            merged[i].histograms.sort { $0.t < $1.t }
            let fs = merged[i].floats, hs = merged[i].histograms
            for k in fs.indices.dropFirst() where fs[k].t == fs[k - 1].t {
                throw error("vector cannot contain metrics with the same labelset")
            }
            for k in hs.indices.dropFirst() where hs[k].t == hs[k - 1].t {
                throw error("vector cannot contain metrics with the same labelset")
            }
        }
        return merged
    }

    // MARK: Finishing

    /// The end of an instant vector query: names marked for removal are removed now, and the result
    /// must not hold two series with the same labels.
    func finishVector(_ m: StepMatrix) throws(QueryError) -> StepMatrix {
        guard options.delayedNameRemoval else { return m }
        var out = m
        for i in out.indices where out[i].dropName { out[i].labels = out[i].labels.droppingMetricName }
        var seen = Set<Labels>()
        for s in out where !seen.insert(s.labels).inserted {
            throw error("vector cannot contain metrics with the same labelset")
        }
        return out
    }

    func finishMatrix(_ m: StepMatrix) throws(QueryError) -> StepMatrix {
        guard options.delayedNameRemoval else { return m }
        var out = m
        for i in out.indices where out[i].dropName { out[i].labels = out[i].labels.droppingMetricName }
        return try mergeSameLabelSets(out)
    }
}
