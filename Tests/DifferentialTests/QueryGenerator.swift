/// Random, well-typed PromQL over `RandomDataSet`'s metrics, bounded in depth.
///
/// Only what Prometheus 2.42 and 3.x both have is generated (no `holt_winters`, no experimental functions),
/// and times follow the data's timing rules: every range, offset and step is whole seconds and every `@`
/// time is a whole second plus 500 ms. Subqueries do not nest: an inner subquery's points (whole multiples
/// of its step) could then sit on the edge of a window that starts at an outer subquery's point, where
/// 2.42 and 3.x differ by design.
struct QueryGenerator {
    var rng: SplitMix

    init(seed: UInt64) { rng = SplitMix(seed: seed ^ 0x0E4_1E5) }

    // MARK: vocabulary

    static let counters = ["http_requests_total", "cpu_seconds_total"]
    static let gauges = ["temperature_celsius", "queue_length", "ready"]
    static let histogramParts = ["request_duration_seconds_bucket", "request_duration_seconds_sum", "request_duration_seconds_count"]

    static let rangeFunctions = ["rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets",
                                 "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
                                 "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time",
                                 "absent_over_time", "quantile_over_time", "predict_linear"]
    static let mathFunctions = ["abs", "ceil", "floor", "exp", "ln", "log2", "log10", "sqrt", "sgn", "deg", "rad",
                                "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh"]
    static let timeFunctions = ["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"]
    static let simpleAggregations = ["sum", "avg", "min", "max", "count", "group", "stddev", "stdvar"]
    static let arithmetic = ["+", "-", "*", "/", "%", "^", "atan2"]
    static let comparisons = ["==", "!=", ">", "<", ">=", "<="]
    static let setOperators = ["and", "or", "unless"]

    static let ranges: [Int64] = [30, 47, 60, 90, 120, 300, 600, 900, 3600].map { $0 * 1000 }
    static let subqueryRanges: [Int64] = [120, 300, 600, 1800, 3600].map { $0 * 1000 }
    static let subquerySteps: [Int64?] = [nil, 15_000, 30_000, 37_000, 60_000, 120_000, 300_000]
    static let offsets: [Int64] = [30, 60, 300, 600, 3600, -60, -300].map { $0 * 1000 }

    /// A time for `@` or a query: a whole second plus 500 ms, from a little before the data to a little after.
    mutating func queryTime() -> Int64 {
        let span = (RandomDataSet.end - RandomDataSet.start) / 1000 + 1200
        return RandomDataSet.start - 600_000 + Int64(rng.int(0...Int(span))) * 1000 + 500
    }

    // MARK: selectors

    private mutating func matchers(for metric: String?) -> [String] {
        var out: [String] = []
        let count = metric == nil ? rng.int(1...2) : rng.weighted([5, 4, 2])
        var used: Set<String> = []
        for _ in 0..<count {
            let (name, values): (String, [String])
            switch rng.weighted([5, 3, 1, 1, metric?.hasSuffix("_bucket") == true ? 3 : 0]) {
            case 0: (name, values) = ("job", RandomDataSet.jobs + ["nope"])
            case 1: (name, values) = ("instance", RandomDataSet.instances)
            case 2: (name, values) = ("code", ["200", "500"])
            case 3: (name, values) = ("mode", ["user", "idle"])
            default: (name, values) = ("le", RandomDataSet.bucketBounds)
            }
            guard used.insert(name).inserted else { continue }
            switch rng.weighted([4, 2, 3, 2]) {
            case 0: out.append("\(name)=\"\(rng.pick(values))\"")
            case 1: out.append("\(name)!=\"\(rng.pick(values))\"")
            case 2: out.append("\(name)=~\"\(rng.pick(regexes(values)))\"")
            default: out.append("\(name)!~\"\(rng.pick(regexes(values)))\"")
            }
        }
        return out
    }

    private mutating func regexes(_ values: [String]) -> [String] {
        let a = rng.pick(values), b = rng.pick(values)
        return ["\(a)|\(b)", ".*", ".+", "", "\(a.prefix(1)).*", "(?i)\(a.uppercased())", "[a-z]+", "i[01]", "\(a)"]
            .map { $0.replacingOccurrences(of: "+Inf", with: "\\\\+Inf") }
    }

    private mutating func metric(preferring kinds: [Int]) -> String? {
        switch rng.weighted(kinds) {
        case 0: return rng.pick(Self.counters)
        case 1: return rng.pick(Self.gauges)
        case 2: return rng.pick(Self.histogramParts)
        case 3: return rng.chance(0.5) ? "nonexistent_metric" : nil
        default: return nil
        }
    }

    private mutating func modifiers(atChance: Double = 0.12, offsetChance: Double = 0.2) -> GeneratedExpr.Modifiers {
        var mods = GeneratedExpr.Modifiers()
        if rng.chance(offsetChance) { mods.offset = rng.pick(Self.offsets) }
        if rng.chance(atChance) {
            switch rng.weighted([6, 1, 1]) {
            case 0: mods.at = .time(queryTime())
            case 1: mods.at = .start
            default: mods.at = .end
            }
        }
        return mods
    }

    mutating func selector(preferring kinds: [Int] = [4, 4, 2, 1]) -> GeneratedExpr {
        let metric = self.metric(preferring: kinds)
        var ms = matchers(for: metric)
        if metric == nil {
            // A selector needs a matcher that cannot match the empty string; a name regex gives one.
            ms.insert("__name__=~\"\(rng.pick(["queue_length|ready", "cpu.*", ".*_total", "request_duration_seconds_.*"]))\"", at: 0)
        }
        return .selector(metric: metric, matchers: ms, modifiers())
    }

    // MARK: range vectors

    mutating func matrix(depth: Int, inSubquery: Bool, preferring kinds: [Int] = [4, 4, 2, 1]) -> GeneratedExpr {
        if depth > 0 && !inSubquery && rng.chance(0.25) {
            return .subquery(vector(depth: depth - 1, inSubquery: true), range: rng.pick(Self.subqueryRanges),
                             step: rng.pick(Self.subquerySteps), modifiers(atChance: 0.08, offsetChance: 0.15))
        }
        guard case .selector(let metric, let ms, let mods) = selector(preferring: kinds) else { fatalError("selector") }
        return .matrixSelector(metric: metric, matchers: ms, range: rng.pick(Self.ranges), mods)
    }

    // MARK: scalars

    mutating func scalar(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        switch depth <= 0 ? 0 : rng.weighted([6, 3, 1, 1, 2, 1]) {
        case 0: return .number(literal())
        case 1: return .call("scalar", [vector(depth: depth - 1, inSubquery: inSubquery)])
        case 2: return .call(rng.pick(["time", "pi"]), [])
        case 3: return .negate(scalar(depth: depth - 1, inSubquery: inSubquery))
        case 4:
            let op = rng.pick(Self.arithmetic + Self.comparisons)
            return .binary(op, scalar(depth: depth - 1, inSubquery: inSubquery), scalar(depth: depth - 1, inSubquery: inSubquery),
                           returnBool: Self.comparisons.contains(op), matching: nil)
        default: return .number(rng.pick([0.5, 2, 3]))
        }
    }

    mutating func literal() -> Double {
        rng.pick([0, 1, 2, 3, 0.5, -1, 10, 100, 0.25, 1000, -2.5, 60, 1e6, .nan, .infinity, 0.1])
    }

    // MARK: instant vectors

    mutating func vector(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        guard depth > 0 else { return selector() }
        let d = depth - 1
        switch rng.weighted([3, 8, 4, 6, 5, 4, 2, 2, 3, 2, 1]) {
        case 0: return selector()
        case 1: return rangeFunction(depth: d, inSubquery: inSubquery)
        case 2: return mathFunction(depth: d, inSubquery: inSubquery)
        case 3: return aggregation(depth: d, inSubquery: inSubquery)
        case 4: return vectorBinary(depth: d, inSubquery: inSubquery)
        case 5: return scalarBinary(depth: d, inSubquery: inSubquery)
        case 6: return histogramQuantile(depth: d, inSubquery: inSubquery)
        case 7: return labelFunction(depth: d, inSubquery: inSubquery)
        case 8: return miscFunction(depth: d, inSubquery: inSubquery)
        case 9: return .negate(vector(depth: d, inSubquery: inSubquery))
        default:
            return .call("vector", [scalar(depth: d, inSubquery: inSubquery)])
        }
    }

    private mutating func rangeFunction(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        let name = rng.pick(Self.rangeFunctions)
        let counterish = ["rate", "irate", "increase", "resets"].contains(name)
        let m = matrix(depth: depth, inSubquery: inSubquery, preferring: counterish ? [8, 1, 3, 1] : [3, 6, 2, 1])
        switch name {
        case "quantile_over_time":
            return .call(name, [.number(rng.pick([0, 0.1, 0.5, 0.9, 0.99, 1, -0.5, 1.5])), m])
        case "predict_linear":
            return .call(name, [m, .number(rng.pick([0, 60, 300, 3600, -600, 1.5]))])
        default:
            return .call(name, [m])
        }
    }

    private mutating func mathFunction(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        let kind = rng.weighted([10, 2, 2, 1, 1, 1])
        if kind == 5 { return dateFunction(depth: depth, inSubquery: inSubquery) }
        let v = vector(depth: depth, inSubquery: inSubquery)
        switch kind {
        case 0: return .call(rng.pick(Self.mathFunctions), [v])
        case 1: return rng.chance(0.5) ? .call("round", [v]) : .call("round", [v, .number(rng.pick([0.5, 10, 0.1, 3]))])
        case 2:
            let lo = rng.pick([-1.0, 0, 5, 20]), hi = rng.pick([0.0, 10, 25, 1000])
            return .call("clamp", [v, .number(lo), .number(hi)])
        case 3: return .call("clamp_min", [v, scalar(depth: 0, inSubquery: inSubquery)])
        default: return .call("clamp_max", [v, scalar(depth: 0, inSubquery: inSubquery)])
        }
    }

    /// Date functions read values as Unix seconds: the step time, sample timestamps, a counter, or any
    /// vector (NaN, infinities and values past the int64 range convert as Go converts them).
    private mutating func dateFunction(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        switch rng.weighted([3, 4, 2, 2]) {
        case 0: return .call(rng.pick(Self.timeFunctions), [])
        case 1: return .call(rng.pick(Self.timeFunctions), [.call("timestamp", [vector(depth: depth, inSubquery: inSubquery)])])
        case 2: return .call(rng.pick(Self.timeFunctions), [selector(preferring: [1, 0, 0, 0])])
        default: return .call(rng.pick(Self.timeFunctions), [vector(depth: depth, inSubquery: inSubquery)])
        }
    }

    private mutating func grouping() -> (without: Bool, labels: [String])? {
        guard rng.chance(0.7) else { return nil }
        var labels: [String] = []
        for _ in 0..<rng.weighted([1, 4, 3]) {
            let l = rng.pick(RandomDataSet.labelNames + ["__name__"])
            if !labels.contains(l) { labels.append(l) }
        }
        return (rng.chance(0.3), labels)
    }

    private mutating func aggregation(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        let inner = vector(depth: depth, inSubquery: inSubquery)
        switch rng.weighted([10, 2, 2, 2, 1]) {
        case 0: return .aggregate(rng.pick(Self.simpleAggregations), param: nil, grouping: grouping(), inner)
        case 1: return .aggregate("topk", param: .number(rng.pick([1, 2, 3, 0, 10])), grouping: grouping(), inner)
        case 2: return .aggregate("bottomk", param: .number(rng.pick([1, 2, 3, 0, 10])), grouping: grouping(), inner)
        case 3: return .aggregate("quantile", param: .number(rng.pick([0, 0.1, 0.5, 0.75, 0.9, 1, -1, 2])), grouping: grouping(), inner)
        default: return .aggregate("count_values", param: .string(rng.pick(["value", "job", "v"])), grouping: grouping(), inner)
        }
    }

    private mutating func matching(cardinalityAllowed: Bool) -> GeneratedExpr.Matching? {
        guard rng.chance(0.6) else { return nil }
        // Mostly the labels that make sense: `on` the target labels every metric has, `ignoring` the ones
        // only some have; sometimes anything.
        let on = rng.chance(0.6)
        let pool = rng.chance(0.3) ? RandomDataSet.labelNames : on ? ["job", "instance"] : ["code", "mode", "le"]
        var labels: [String] = []
        for _ in 0..<rng.weighted([1, 3, 3]) {
            let l = rng.pick(pool)
            if !labels.contains(l) { labels.append(l) }
        }
        var m = GeneratedExpr.Matching(on: on, labels: labels)
        if cardinalityAllowed, rng.chance(0.35) {
            m.card = rng.chance(0.5) ? .groupLeft : .groupRight
            if rng.chance(0.4) { m.include = [rng.pick(RandomDataSet.labelNames)].filter { !labels.contains($0) } }
        }
        return m
    }

    private mutating func vectorBinary(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        let l = vector(depth: depth, inSubquery: inSubquery)
        let r = vector(depth: depth, inSubquery: inSubquery)
        switch rng.weighted([5, 4, 3]) {
        case 0: return .binary(rng.pick(Self.arithmetic), l, r, returnBool: false, matching: matching(cardinalityAllowed: true))
        case 1: return .binary(rng.pick(Self.comparisons), l, r, returnBool: rng.chance(0.4), matching: matching(cardinalityAllowed: true))
        default: return .binary(rng.pick(Self.setOperators), l, r, returnBool: false, matching: matching(cardinalityAllowed: false))
        }
    }

    private mutating func scalarBinary(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        let v = vector(depth: depth, inSubquery: inSubquery)
        let s = scalar(depth: rng.chance(0.8) ? 0 : depth, inSubquery: inSubquery)
        let isComparison = rng.chance(0.4)
        let op = isComparison ? rng.pick(Self.comparisons) : rng.pick(Self.arithmetic)
        let returnBool = isComparison && rng.chance(0.4)
        return rng.chance(0.7) ? .binary(op, v, s, returnBool: returnBool, matching: nil)
            : .binary(op, s, v, returnBool: returnBool, matching: nil)
    }

    private mutating func histogramQuantile(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        let phi = GeneratedExpr.number(rng.pick([0, 0.25, 0.5, 0.9, 0.99, 1, -0.5, 1.5, .nan]))
        var bucketMatchers: [String] = []
        if rng.chance(0.4) { bucketMatchers.append("job=\"\(rng.pick(["api", "web"]))\"") }
        if rng.chance(0.15) { bucketMatchers.append("le!=\"\(rng.pick(RandomDataSet.bucketBounds))\"") }
        let buckets = GeneratedExpr.matrixSelector(metric: "request_duration_seconds_bucket", matchers: bucketMatchers,
                                                   range: rng.pick(Self.ranges), modifiers(atChance: 0.05, offsetChance: 0.1))
        let inner: GeneratedExpr
        switch rng.weighted([4, 4, 1, 1]) {
        case 0: inner = .call(rng.pick(["rate", "increase"]), [buckets])
        case 1:
            let by = rng.pick([["le"], ["le", "job"], ["le", "instance"], ["job"]])
            inner = .aggregate("sum", param: nil, grouping: (false, by), .call("rate", [buckets]))
        case 2: inner = .selector(metric: "request_duration_seconds_bucket", matchers: bucketMatchers, modifiers())
        default: inner = vector(depth: depth, inSubquery: inSubquery)
        }
        return .call("histogram_quantile", [phi, inner])
    }

    private mutating func labelFunction(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        let v = vector(depth: depth, inSubquery: inSubquery)
        let labels = RandomDataSet.labelNames + ["__name__", "new"]
        if rng.chance(0.6) {
            return .call("label_replace", [v, .string(rng.pick(labels)), .string(rng.pick(["$1", "x-$1", "", "${1}y", "fixed"])),
                                           .string(rng.pick(labels)), .string(rng.pick(["(.*)", "i(.)", "(a|w).*", "", "nomatch", "(.+)_total"]))])
        }
        var args: [GeneratedExpr] = [v, .string(rng.pick(labels)), .string(rng.pick([",", "-", ""]))]
        for _ in 0..<rng.int(0...3) { args.append(.string(rng.pick(labels))) }
        return .call("label_join", args)
    }

    private mutating func miscFunction(depth: Int, inSubquery: Bool) -> GeneratedExpr {
        switch rng.weighted([3, 2, 2, 2]) {
        case 0: return .call("timestamp", [vector(depth: depth, inSubquery: inSubquery)])
        case 1: return .call("absent", [vector(depth: depth, inSubquery: inSubquery)])
        case 2: return .call(rng.pick(["sort", "sort_desc"]), [vector(depth: depth, inSubquery: inSubquery)])
        default: return .call("vector", [scalar(depth: depth, inSubquery: inSubquery)])
        }
    }

    // MARK: whole queries

    /// An instant query: mostly a vector, sometimes a scalar, sometimes a range vector.
    mutating func instantQuery() -> GeneratedExpr {
        let depth = rng.weighted([1, 3, 4, 3])
        switch rng.weighted([16, 2, 2]) {
        case 0: return vector(depth: depth, inSubquery: false)
        case 1: return scalar(depth: depth, inSubquery: false)
        default: return matrix(depth: depth, inSubquery: false)
        }
    }

    /// A range query's expression (vector or scalar) and its start, end and step.
    mutating func rangeQuery() -> (GeneratedExpr, start: Int64, end: Int64, step: Int64) {
        let depth = rng.weighted([1, 3, 4, 3])
        let expr = rng.chance(0.9) ? vector(depth: depth, inSubquery: false) : scalar(depth: depth, inSubquery: false)
        let step = Int64(rng.pick([15, 30, 60, 60, 120, 300, 17])) * 1000
        let start = queryTime()
        let end = start + step * Int64(rng.int(0...40))
        return (expr, start, end, step)
    }
}
