import TimeSeries

/// A metric query prepared for stepping: every range aggregation's samples are extracted once for the whole
/// query range, regexes are compiled, and each step then only slices windows and combines vectors.
indirect enum EvaluationPlan {
    struct PreparedRange {
        var operation: RangeOperation
        var parameter: Double?
        var unwrapped: Bool
        var rangeNanoseconds: Int64
        var offsetNanoseconds: Int64
        var grouping: Grouping?
        /// Series and their time-sorted samples (already merged by `grouping` for unwrapped ranges).
        var series: [(labels: Labels, samples: [Sample])]
        /// `absent_over_time`: the labels of the series it reports, from the selector's equality matchers.
        var absentLabels: Labels
    }

    case range(PreparedRange)
    case vectorAggregation(VectorOperation, parameter: Double?, grouping: Grouping?, EvaluationPlan)
    case binary(BinaryOperation, lhs: EvaluationPlan, rhs: EvaluationPlan)
    case literal(Double)
    case vector(Double)
    case labelReplace(EvaluationPlan, destination: String, replacement: String, source: String, GoRegex)

    /// One step's value: a scalar (literals only) or a vector of labelled values.
    enum Value {
        case scalar(Double)
        case vector([(labels: Labels, value: Double)])
    }

    /// Builds the plan for evaluations at steps in `[start, end]`.
    static func build(_ expr: SampleExpr, store: LogStore, start: Int64, end: Int64, options: LogQLEngine.Options,
                      budget: inout QueryBudget) throws(LogQLQueryError) -> EvaluationPlan {
        switch expr.kind {
        case .literal(let v): return .literal(v)
        case .vector(let v): return .vector(v)
        case .vectorAggregation(let a):
            let inner = try build(a.expr, store: store, start: start, end: end, options: options, budget: &budget)
            return .vectorAggregation(a.operation, parameter: a.parameter, grouping: a.grouping, inner)
        case .binary(let b):
            let l = try build(b.lhs, store: store, start: start, end: end, options: options, budget: &budget)
            let r = try build(b.rhs, store: store, start: start, end: end, options: options, budget: &budget)
            return .binary(b, lhs: l, rhs: r)
        case .labelReplace(let l):
            let inner = try build(l.expr, store: store, start: start, end: end, options: options, budget: &budget)
            let regex: GoRegex
            do { regex = try GoRegex(l.regex, anchored: true) } catch {
                throw LogQLQueryError("invalid regular expression in label_replace(): \(l.regex)", kind: .badData)
            }
            guard LabelsBuilder.sanitize(l.destination) == l.destination else {
                throw LogQLQueryError("invalid destination label name in label_replace(): \(l.destination)", kind: .badData)
            }
            return .labelReplace(inner, destination: l.destination, replacement: l.replacement, source: l.source, regex)
        case .rangeAggregation(let r):
            return .range(try prepare(r, store: store, start: start, end: end, options: options, budget: &budget))
        }
    }

    private static func prepare(_ r: RangeAggregation, store: LogStore, start: Int64, end: Int64,
                                options: LogQLEngine.Options, budget: inout QueryBudget) throws(LogQLQueryError) -> PreparedRange {
        let range = r.logRange.interval.nanoseconds
        let offset = r.logRange.offset?.nanoseconds ?? 0
        guard range > 0 else { throw LogQLQueryError("the range of a range aggregation must be positive", kind: .badData) }
        let lo = start.saturatingSub(offset).saturatingSub(range)
        let hi = end.saturatingSub(offset)
        let kind: SampleExtraction.ValueKind
        if let u = r.logRange.unwrap {
            kind = .unwrap(u)
        } else if r.operation == .bytesOverTime || r.operation == .bytesRate {
            kind = .bytes
        } else {
            kind = .count
        }
        let extracted = try SampleExtraction.extract(r.logRange, kind: kind, store: store, from: lo, through: hi,
                                                      limits: options, budget: &budget)
        var series = extracted.series.map { (labels: $0.key, samples: $0.value) }
        if let grouping = r.grouping {
            var merged: [Labels: [Sample]] = [:]
            for s in series { merged[VectorFunctions.groupLabels(s.labels, grouping), default: []].append(contentsOf: s.samples) }
            series = merged.map { (labels: $0.key, samples: $0.value.sorted { $0.t < $1.t }) }
        }
        series.sort { $0.labels < $1.labels }
        var absent: [Label] = []
        var seen: [String: Int] = [:]
        for m in r.logRange.log.selector.matchers { seen[m.name, default: 0] += 1 }
        for m in r.logRange.log.selector.matchers where m.type == .equal && seen[m.name] == 1 {
            absent.append(Label(m.name, m.value))
        }
        return PreparedRange(operation: r.operation, parameter: r.parameter, unwrapped: r.logRange.unwrap != nil,
                             rangeNanoseconds: range, offsetNanoseconds: offset, grouping: r.grouping,
                             series: series, absentLabels: Labels(absent))
    }

    /// The value at step `t`.
    func evaluate(at t: Int64) throws(LogQLQueryError) -> Value {
        switch self {
        case .literal(let v): return .scalar(v)
        case .vector(let v): return .vector([(labels: .empty, value: v)])
        case .range(let r): return .vector(EvaluationPlan.window(r, at: t))
        case .vectorAggregation(let op, let parameter, let grouping, let inner):
            guard case .vector(let v) = try inner.evaluate(at: t) else {
                throw LogQLQueryError("an aggregation needs a vector, not a scalar", kind: .badData)
            }
            return .vector(VectorFunctions.aggregate(op, parameter: parameter, grouping: grouping, v))
        case .binary(let b, let lhs, let rhs):
            return try BinaryEvaluation.evaluate(b, try lhs.evaluate(at: t), try rhs.evaluate(at: t))
        case .labelReplace(let inner, let destination, let replacement, let source, let regex):
            guard case .vector(let v) = try inner.evaluate(at: t) else {
                throw LogQLQueryError("label_replace needs a vector, not a scalar", kind: .badData)
            }
            return .vector(try VectorFunctions.labelReplace(v, destination: destination, replacement: replacement,
                                                            source: source, regex: regex))
        }
    }

    /// A range aggregation at `t`: each series' samples in `(t - offset - range, t - offset]`.
    static func window(_ r: PreparedRange, at t: Int64) -> [(labels: Labels, value: Double)] {
        let hi = t.saturatingSub(r.offsetNanoseconds)
        let lo = hi.saturatingSub(r.rangeNanoseconds)
        var out: [(labels: Labels, value: Double)] = []
        var anySample = false
        for s in r.series {
            let a = firstIndex(s.samples, after: lo)
            let b = firstIndex(s.samples, after: hi)
            guard a < b else { continue }
            anySample = true
            if r.operation == .absentOverTime { break }
            if let v = RangeFunctions.apply(r.operation, parameter: r.parameter, unwrapped: r.unwrapped,
                                            s.samples[a..<b], rangeEnd: hi, rangeNanoseconds: r.rangeNanoseconds) {
                out.append((labels: s.labels, value: v))
            }
        }
        if r.operation == .absentOverTime {
            return anySample ? [] : [(labels: r.absentLabels, value: 1)]
        }
        return out
    }

    /// The first index whose sample is later than `t`.
    static func firstIndex(_ samples: [Sample], after t: Int64) -> Int {
        var lo = 0, hi = samples.count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if samples[mid].t <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Whether the result's order is meaningful (sorting and top-k keep theirs; others are sorted by labels).
    var keepsOrder: Bool {
        if case .vectorAggregation(let op, _, _, _) = self {
            return op == .sort || op == .sortDesc || op == .topk || op == .bottomk
        }
        return false
    }
}
