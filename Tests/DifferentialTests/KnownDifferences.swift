import Foundation
import PromQL
import TimeSeries

/// Differences between Prometheus 2.42 and Vigil that are not Vigil bugs, each with the reason. A
/// disagreement is excused only when one of these recognises it, by checking the answers (not just the
/// query's shape); anything else fails the test.
///
/// Differences avoided by construction rather than excused here (see `RandomDataSet` and `QueryGenerator`):
/// - 3.0 made range windows and the lookback left-open (#13904, subqueries #15431); 2.42's include a sample
///   on the left edge. No sample and no subquery point ever sits on an edge: samples are at odd milliseconds,
///   query and `@` times at whole seconds + 500 ms, ranges, offsets and steps whole seconds, and subqueries
///   do not nest.
/// - 3.0 renamed `holt_winters` to `double_exponential_smoothing` behind a feature flag (#14930): not generated.
/// - 3.0 normalises `le` and `quantile` label values at scrape time (#15164): the data's `le` values are
///   already in normal form (`1.0`, not `1`), and neither store rewrites them.
/// - 3.0's regex `.` matches a newline (#14505): no label value holds one.
/// - 3.x's handling of `[0s]`-like empty ranges (#15970) and of `[1001ms]` (#16478): ranges are whole
///   seconds of at least 30.
/// - 2.50's reordering of `rate()`'s cap on extrapolating below zero (#13725, see `ReferenceRate`) matters
///   only for series whose first value in a window is small against the increase; counters and histograms
///   start large, but the gauges read as counters do not, so it is also excused below, by recomputation.
/// - 3.x's experimental functions, `limitk`/`limit_ratio`, `info`, duration expressions and native histograms
///   do not exist in 2.42: not generated. Annotations (warnings and infos) are 2.43+; they are not compared.
struct KnownDifference: Sendable {
    enum Kind: String, Sendable {
        /// Prometheus changed between 2.42 and 3.x; Vigil follows 3.x.
        case versionDifference = "2.42 vs 3.x"
        /// Upstream leaves the choice open (its answer depends on internal order); both answers are valid.
        case unspecified = "unspecified"
        /// Upstream (2.42 and 3.x alike) behaves in a way Vigil does not copy; reported, not excused silently.
        case upstreamQuirk = "upstream quirk"
        /// Both answers are right to within float rounding (Go's math library or summation order against
        /// Vigil's); the difference shows only where a value is used exactly (a label, a cancellation).
        case floatRounding = "float rounding"
        /// Go's math library (which upstream inherits, in every version) computes a function differently from
        /// the C library Vigil uses.
        case goMath = "Go math library"
    }

    let id: String
    let kind: Kind
    let why: String
    let matches: @Sendable (Disagreement) -> Bool
}

enum KnownDifferences {
    static let all: [KnownDifference] = [
        KnownDifference(
            id: "atan2-keeps-name", kind: .versionDifference,
            why: "Prometheus 2.42 keeps the metric name through `atan2`; 2.47 (commit 531567d, 'Drop metric name for "
                + "atan2 binary operator') drops it as every other arithmetic operator does. Checked: the answers agree "
                + "once Prometheus's `__name__` is removed, or Vigil's error is the collision that removal causes.",
            matches: { d in
                guard case .binary("atan2", let l, let r, _, _) = d.node, l.kind == .vector || r.kind == .vector else { return false }
                if let e = d.vigil.errorMessage, !d.prometheus.isError,
                   e == "vector cannot contain metrics with the same labelset"
                    || e == "multiple matches for labels: grouping labels must ensure unique matches" {
                    return hasDuplicates(d.prometheus, after: { $0.removing([Label.metricName]) })
                }
                return agree(d, afterMappingPrometheusLabels: { $0.removing([Label.metricName]) })
            }),
        KnownDifference(
            id: "stddev-of-lone-nonfinite", kind: .versionDifference,
            why: "`stddev`/`stdvar` of a group whose only value is NaN or ±Inf: 2.42 answers 0, 3.0 answers NaN "
                + "(#14941, 'Fix stddev+stdvar aggregations to treat Infinity consistently'). Checked: every differing "
                + "group is 0 against NaN and the input holds a non-finite value.",
            matches: { d in
                guard case .aggregate(let op, _, _, _) = d.node, op == "stddev" || op == "stdvar",
                      let input = d.children.first?.answers.prometheus,
                      samplesByTime(input).values.contains(where: { $0.contains { !$0.value.isFinite } }) else { return false }
                return agreeExcept(d) { p, v in p == 0 && v.isNaN }
            }),
        KnownDifference(
            id: "rate-zero-cap-order", kind: .versionDifference,
            why: "`rate`/`increase` of a series that starts inside the window with a first value small against its "
                + "increase: 2.42 caps the extrapolation at the counter's zero point before applying the half-interval "
                + "rule, 2.50+ after it (#13725). Checked by recomputing both versions from the window's samples: "
                + "Prometheus matches the 2.42 rule and Vigil the 3.x rule.",
            matches: { d in rateMatchesBothVersions(d, vigilReadsOwnInputs: false) }),
        KnownDifference(
            id: "input-rounding-flips-steps", kind: .floatRounding,
            why: "`rate`/`increase`/`changes`/`resets` over a subquery of non-counter values: where the values are flat, a "
                + "last-bit difference in them (3.x computes `avg_over_time` and friends differently, #16569) is a change, "
                + "or a decrease and so a counter reset that adds the whole previous value, in one engine only. Checked: "
                + "the subquery's points differ only in rounding, and each engine's answer is its version's rule applied "
                + "to its own points.",
            matches: { d in
                guard let child = d.children.first,
                      !OutcomeComparison.compare(prometheus: child.answers.prometheus, vigil: child.answers.vigil,
                                                 ordered: false, tolerance: .exact).agrees else { return false }
                return rateMatchesBothVersions(d, vigilReadsOwnInputs: true) || countsMatchOwnInputs(d)
            }),
        KnownDifference(
            id: "predict-linear-at-in-range-query", kind: .versionDifference,
            why: "`predict_linear(v[r] @ t, s)` (or over a subquery `@ t`) in a range query: 2.42 reads the pinned range "
                + "once, for the first step, and then slides the window over those points for later steps, which empties "
                + "or shifts it; fixed in 2.51 (#13559, "
                + "commit 86d7618, issue #11708). Checked: the first step, the only one 2.42 gets right, agrees.",
            matches: { d in
                guard case .call("predict_linear", let args) = d.node, case .range(let start, _, _) = d.nodeContext.kind,
                      args.contains(where: {
                          switch $0 {
                          case .matrixSelector(_, _, _, let m), .subquery(_, _, _, let m): return m.at != nil
                          default: return false
                          }
                      })
                else { return false }
                let p = samplesByTime(d.prometheus), v = samplesByTime(d.vigil)
                let firstP = p[start, default: []], firstV = v[start, default: []]
                return OutcomeComparison.compare(prometheus: .vector(firstP), vigil: .vector(firstV), ordered: false,
                                                 tolerance: tolerance(for: d.node)).agrees
            }),
        KnownDifference(
            id: "subquery-without-steps", kind: .versionDifference,
            why: "A subquery whose window holds none of its steps (range shorter than step): 2.42 still evaluates its "
                + "expression once, at the first step after the window (so a pinned `@` expression yields a point "
                + "outside the window, or an error); 3.4 returns nothing (#16352, commit 9084c52). Checked: the window "
                + "holds no step and Vigil's answer is empty.",
            matches: { d in
                guard case .subquery(let inner, _, _, _) = d.node, d.nodeContext.isInstant,
                      DisagreementLocator.context(of: inner, under: d.node, in: d.nodeContext) == nil else { return false }
                if case .matrix(let series) = d.vigil { return series.allSatisfy(\.points.isEmpty) }
                return false
            }),
        KnownDifference(
            id: "filter-cardinality-check", kind: .versionDifference,
            why: "A comparison without `bool` between vectors whose match groups are many-to-one without `group_left` "
                + "(or not unique under it): 2.42 checks the cardinality only for the pairs the comparison keeps, so it "
                + "answers when the filter drops the extra ones; 3.9 checks every pair (#17668, 'Fix insufficient "
                + "cardinality checking for filter ops'). Checked: Vigil's error is the cardinality one and the inputs "
                + "really have a match group with several series on the 'one' side.",
            matches: { d in
                guard case .binary(let op, let l, let r, false, let matching) = d.node, ["==", "!=", ">", "<", ">=", "<="].contains(op),
                      l.kind == .vector, r.kind == .vector, !d.prometheus.isError, d.children.count == 2,
                      let e = d.vigil.errorMessage, e.hasPrefix("multiple matches for labels") else { return false }
                return hasCardinalityViolation(lhs: d.children[0].answers.prometheus, rhs: d.children[1].answers.prometheus, matching: matching)
            }),
        KnownDifference(
            id: "count-values-last-bit", kind: .floatRounding,
            why: "`count_values` writes each value into a label exactly; Go's `math.Exp`, `math.Log`, `math.Pow` and "
                + "friends are not always correctly rounded and differ from the C library Vigil uses in the last bit "
                + "(exp(26) is 195729609428.83875 in Go, 195729609428.83878 correctly rounded). Checked: the answers "
                + "agree once the label's values are compared as numbers, to 1e-12.",
            matches: { d in
                guard case .aggregate("count_values", .string(let label)?, _, _) = d.node else { return false }
                func rounded(_ labels: Labels) -> Labels {
                    guard let text = labels[label], let v = Double(text), v.isFinite, v != 0 else { return labels }
                    let scale = pow(10, 11 - floor(log10(abs(v))))
                    return labels.setting(label, to: "\((v * scale).rounded() / scale)")
                }
                // Values that differ only in the last bits were counted apart; rounded, they count together.
                return agree(mergingCounts(mapping(d.prometheus, rounded)), mergingCounts(mapping(d.vigil, rounded)), d)
            }),
        KnownDifference(
            id: "ill-conditioned-inputs", kind: .floatRounding,
            why: "An element-wise function or operator that magnifies its input's last bits (cos of 1e40, `a % b` with "
                + "a ≫ b, `^` with a large exponent): the inputs agree to within rounding, so the outputs need not. "
                + "Checked: each engine's output is the function of its own inputs, recomputed here.",
            matches: { d in eachEngineFollowsItsInputs(d) }),
        KnownDifference(
            id: "go-exp-overflow", kind: .goMath,
            why: "`exp` of x above 709.44 (and `cosh`/`sinh`, which Go computes as exp(|x|)/2 beyond 21): Go's amd64 "
                + "`math.Exp` scales by 2^k with k rounded to 1024 there and overflows, although e^x is finite up to "
                + "709.78, so upstream answers ±Inf where the C library Vigil uses answers the finite value (exp(709.5) "
                + "= 1.35e308; Prometheus 2.42 says +Inf). Checked: every differing value is ±Inf against a finite one "
                + "above 1.26e308 (exp) or 6.3e307 (cosh, sinh).",
            matches: { d in
                guard case .call(let name, _) = d.node, ["exp", "cosh", "sinh"].contains(name) else { return false }
                let limit = name == "exp" ? 1.26e308 : 6.3e307
                return agreeExcept(d) { p, v in p.isInfinite && v.isFinite && abs(v) > limit && (p > 0) == (v > 0) }
            }),
        KnownDifference(
            id: "stddev-cancellation", kind: .floatRounding,
            why: "`stddev`/`stdvar` (and their `_over_time`) of large values with a small spread: both engines use "
                + "Welford's update, but over the series in a different order (upstream's map order), and the rounding "
                + "of the large values dominates the small result. Checked: the difference is within 16 ulps of the "
                + "largest input (times 2σ for a variance).",
            matches: { d in
                let name: String
                switch d.node {
                case .aggregate(let op, _, _, _): name = op
                case .call(let f, _): name = f
                default: return false
                }
                guard ["stddev", "stdvar", "stddev_over_time", "stdvar_over_time"].contains(name),
                      let input = d.children.last?.answers.prometheus else { return false }
                let largest = samplesByTime(input).values.joined().map { abs($0.value) }.filter(\.isFinite).max() ?? 0
                let ulps = 16 * Double.ulpOfOne * largest
                return agreeExcept(d) { p, v in
                    let allowed = name.hasPrefix("stdvar") ? ulps * 2 * max(p, v).squareRoot() + ulps * ulps : ulps
                    return p.isFinite && v.isFinite && abs(p - v) <= allowed
                }
            }),
        KnownDifference(
            id: "topk-ties", kind: .unspecified,
            why: "`topk`/`bottomk` with equal values at the k-th place: which of them upstream keeps follows from its "
                + "heap and the input order (map order for some inputs); Vigil keeps the earliest in input order. "
                + "Checked: both answers are correct selections of the k largest (smallest) of the input in every group.",
            matches: { d in bothAreValidSelections(d) }),
        KnownDifference(
            id: "nondeterministic-ties", kind: .unspecified,
            why: "Ties under `topk`/`bottomk` deeper in the expression, decided by Go's map order: Prometheus itself "
                + "answers the same query differently from run to run. Checked: asked again, Prometheus's answer changed, "
                + "and the expression holds a `topk` or `bottomk`.",
            matches: { d in d.prometheusVaries && !d.node.operators.isDisjoint(with: ["topk", "bottomk"]) }),
        KnownDifference(
            id: "timestamp-offset-at", kind: .upstreamQuirk,
            why: "`timestamp(v offset o @ t)`: upstream (2.42 and 3.14 alike) replaces the selector's offset by "
                + "`step - t` to pin it at `t`, dropping `o`, while reading only the samples of the window that does "
                + "include `o` (so it usually finds nothing). Vigil answers the timestamps at `t - o`, what the query "
                + "says.",
            matches: { d in
                guard case .call("timestamp", let args) = d.node, let arg = args.first,
                      case .selector(_, _, let mods) = arg, let at = mods.at, let offset = mods.offset, offset != 0,
                      !d.vigil.isError else { return false }
                // Vigil's timestamps lie in the lookback window before `t - o`.
                let pinned: Int64
                switch at {
                case .time(let t): pinned = t
                case .start: pinned = d.nodeContext.queryStart
                case .end: pinned = d.nodeContext.queryEnd
                }
                let latest = Double(pinned - offset) / 1000
                return samplesByTime(d.vigil).values.joined().allSatisfy { $0.value <= latest && $0.value > latest - 300 }
            }),
    ]

    static func explain(_ d: Disagreement) -> KnownDifference? {
        all.first { $0.matches(d) }
    }

    /// The comparison tolerance for an expression. Exact agreement up to a few ulps is the default.
    static func tolerance(for expr: GeneratedExpr) -> OutcomeComparison.Tolerance {
        .standard
    }

    // MARK: checks

    /// An answer's samples by time (`nil` for an instant vector).
    static func samplesByTime(_ outcome: QueryOutcome) -> [Int64?: [(labels: Labels, value: Double)]] {
        switch outcome {
        case .vector(let samples): return [nil: samples]
        case .matrix(let series):
            var out: [Int64?: [(labels: Labels, value: Double)]] = [:]
            for s in series {
                for p in s.points { out[p.t, default: []].append((s.labels, p.v)) }
            }
            return out
        case .scalar(let v): return [nil: [(Labels(), v)]]
        default: return [:]
        }
    }

    static func mapping(_ outcome: QueryOutcome, _ transform: (Labels) -> Labels) -> QueryOutcome {
        switch outcome {
        case .vector(let samples): return .vector(samples.map { (transform($0.labels), $0.value) })
        case .matrix(let series): return .matrix(series.map { (transform($0.labels), $0.points) })
        default: return outcome
        }
    }

    /// Sums the values of series that share labels at a time (counts of `count_values`).
    static func mergingCounts(_ outcome: QueryOutcome) -> QueryOutcome {
        switch outcome {
        case .vector(let samples):
            var sums: [Labels: Double] = [:]
            for s in samples { sums[s.labels, default: 0] += s.value }
            return .vector(sums.map { ($0.key, $0.value) })
        case .matrix(let series):
            var sums: [Labels: [Int64: Double]] = [:]
            for s in series { for p in s.points { sums[s.labels, default: [:]][p.t, default: 0] += p.v } }
            return .matrix(sums.map { ($0.key, $0.value.map { Sample(t: $0.key, v: $0.value) }.sorted { $0.t < $1.t }) })
        default:
            return outcome
        }
    }

    static func agree(_ p: QueryOutcome, _ v: QueryOutcome, _ d: Disagreement) -> Bool {
        OutcomeComparison.compare(prometheus: p, vigil: v, ordered: DisagreementLocator.isOrdered(d.node, d.nodeContext),
                                  tolerance: tolerance(for: d.node)).agrees
    }

    /// A match group (at some time) with one series on one side and several on the other without
    /// `group_left`/`group_right`, or several series whose result labels coincide under it.
    static func hasCardinalityViolation(lhs: QueryOutcome, rhs: QueryOutcome, matching: GeneratedExpr.Matching?) -> Bool {
        func signature(_ labels: Labels) -> Labels {
            guard let m = matching else { return labels.removing([Label.metricName]) }
            return m.on ? labels.keeping(Set(m.labels)) : labels.removing(Set(m.labels + [Label.metricName]))
        }
        let left = samplesByTime(lhs), right = samplesByTime(rhs)
        for (t, ls) in left {
            let rs = right[t, default: []]
            let rightCount = Dictionary(grouping: rs, by: { signature($0.labels) }).mapValues(\.count)
            let leftCount = Dictionary(grouping: ls, by: { signature($0.labels) }).mapValues(\.count)
            switch matching?.card ?? .oneToOne {
            case .oneToOne:
                if leftCount.contains(where: { $0.value > 1 && rightCount[$0.key] == 1 }) { return true }
            case .groupLeft:
                // The "many" side keeps its labels (with the name, for a filter), so results coincide only if
                // the included labels overwrite what told them apart.
                let include = Set(matching?.include ?? [])
                var seen = Set<[Labels]>()
                for s in ls where rightCount[signature(s.labels)] == 1 {
                    if !seen.insert([signature(s.labels), s.labels.removing(include)]).inserted { return true }
                }
            case .groupRight:
                let include = Set(matching?.include ?? [])
                var seen = Set<[Labels]>()
                for s in rs where leftCount[signature(s.labels)] == 1 {
                    if !seen.insert([signature(s.labels), s.labels.removing(include)]).inserted { return true }
                }
            }
        }
        return false
    }

    /// The element-wise function a node applies, for recomputing it from its inputs.
    static func elementwise(_ node: GeneratedExpr) -> ((Double, Double) -> Double)? {
        switch node {
        case .call(let name, let args) where args.count == 1:
            let unary: [String: (Double) -> Double] = [
                "abs": { Swift.abs($0) }, "ceil": { $0.rounded(.up) }, "floor": { $0.rounded(.down) }, "exp": { Foundation.exp($0) },
                "ln": { Foundation.log($0) }, "log2": { Foundation.log2($0) }, "log10": { Foundation.log10($0) },
                "sqrt": { $0.squareRoot() }, "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) }, "tan": { Foundation.tan($0) },
                "asin": { Foundation.asin($0) }, "acos": { Foundation.acos($0) }, "atan": { Foundation.atan($0) },
                "sinh": { Foundation.sinh($0) }, "cosh": { Foundation.cosh($0) }, "tanh": { Foundation.tanh($0) },
                "asinh": { Foundation.asinh($0) }, "acosh": { Foundation.acosh($0) }, "atanh": { Foundation.atanh($0) },
                "deg": { $0 * 180 / Double.pi }, "rad": { $0 * Double.pi / 180 },
            ]
            guard let f = unary[name] else { return nil }
            return { x, _ in f(x) }
        case .binary(let op, _, _, false, _):
            switch op {
            case "+": return { $0 + $1 }
            case "-": return { $0 - $1 }
            case "*": return { $0 * $1 }
            case "/": return { $0 / $1 }
            case "%": return { fmod($0, $1) }
            case "^": return { pow($0, $1) }
            case "atan2": return { atan2($0, $1) }
            default: return nil
            }
        case .negate:
            return { x, _ in -x }
        default:
            return nil
        }
    }

    /// For an element-wise node whose inputs agree only to within rounding: Prometheus's output is the node's
    /// function of Prometheus's inputs and Vigil's of Vigil's (within the standard tolerance), and at least
    /// one input differs between the engines. Inputs are paired with outputs by labels (a function, a
    /// negation), or, for an operator, when each vector side holds one element at that time.
    static func eachEngineFollowsItsInputs(_ d: Disagreement) -> Bool {
        guard let f = elementwise(d.node), !d.prometheus.isError, !d.vigil.isError else { return false }
        var inputsDiffer = false
        func recomputed(_ side: (DualEvaluation.Answers) -> QueryOutcome) -> QueryOutcome? {
            switch d.node {
            case .call, .negate:
                guard let child = d.children.first else { return nil }
                let input = side(child.answers)
                switch input {
                case .vector(let samples): return .vector(samples.map { ($0.labels.removing([Label.metricName]), f($0.value, 0)) })
                case .matrix(let series): return .matrix(series.map { s in (s.labels.removing([Label.metricName]), s.points.map { Sample(t: $0.t, v: f($0.v, 0)) }) })
                case .scalar(let v): return .scalar(f(v, 0))
                default: return nil
                }
            case .binary(_, let l, let r, _, _):
                // The operands as they are evaluated: literals are not children.
                var sides: [QueryOutcome] = []
                var children = d.children.makeIterator()
                for operand in [l, r] {
                    if case .number(let n) = operand { sides.append(.scalar(n)); continue }
                    guard let c = children.next() else { return nil }
                    sides.append(side(c.answers))
                }
                let left = samplesByTime(sides[0]), right = samplesByTime(sides[1])
                let scalarLeft = l.kind == .scalar, scalarRight = r.kind == .scalar
                var out: [(Labels, Sample)] = []
                for t in Set(left.keys).union(right.keys) {
                    let ls = left[t] ?? left[nil] ?? [], rs = right[t] ?? right[nil] ?? []
                    if ls.isEmpty || rs.isEmpty { continue }
                    guard ls.count == 1 || scalarLeft, rs.count == 1 || scalarRight else { return nil }
                    for a in ls {
                        for b in rs {
                            let labels = scalarLeft ? b.labels : a.labels
                            out.append((labels.removing([Label.metricName]), Sample(t: t ?? 0, v: f(a.value, b.value))))
                        }
                    }
                }
                if scalarLeft && scalarRight { return out.first.map { .scalar($0.1.v) } }
                if case .vector = d.prometheus { return .vector(out.map { ($0.0, $0.1.v) }) }
                let grouped = Dictionary(grouping: out, by: { $0.0 })
                return .matrix(grouped.map { ($0.key, $0.value.map(\.1).sorted { $0.t < $1.t }) })
            default:
                return nil
            }
        }
        for child in d.children where !OutcomeComparison.compare(prometheus: child.answers.prometheus, vigil: child.answers.vigil,
                                                                 ordered: false, tolerance: .exact).agrees {
            inputsDiffer = true
        }
        guard inputsDiffer, let p = recomputed({ $0.prometheus }), let v = recomputed({ $0.vigil }) else { return false }
        // Comparisons keep a vector's name; the recomputation drops it, as arithmetic does.
        let strip = { (o: QueryOutcome) in mapping(o, { $0.removing([Label.metricName]) }) }
        return OutcomeComparison.compare(prometheus: strip(d.prometheus), vigil: p, ordered: false, tolerance: .standard).agrees
            && OutcomeComparison.compare(prometheus: v, vigil: strip(d.vigil), ordered: false, tolerance: .standard).agrees
    }

    /// Whether the node's answers agree once Prometheus's labels are mapped by `transform`.
    static func agree(_ d: Disagreement, afterMappingPrometheusLabels transform: (Labels) -> Labels) -> Bool {
        let mapped: QueryOutcome
        switch d.prometheus {
        case .vector(let samples): mapped = .vector(samples.map { (transform($0.labels), $0.value) })
        case .matrix(let series): mapped = .matrix(series.map { (transform($0.labels), $0.points) })
        default: return false
        }
        return OutcomeComparison.compare(prometheus: mapped, vigil: d.vigil, ordered: DisagreementLocator.isOrdered(d.node, d.nodeContext),
                                         tolerance: tolerance(for: d.node)).agrees
    }

    static func hasDuplicates(_ outcome: QueryOutcome, after transform: (Labels) -> Labels) -> Bool {
        for (_, samples) in samplesByTime(outcome) {
            var seen = Set<Labels>()
            for s in samples where !seen.insert(transform(s.labels)).inserted { return true }
        }
        return false
    }

    /// Same label sets at the same times, and every value pair either equal or excused by `excused`
    /// (with at least one excused).
    static func agreeExcept(_ d: Disagreement, excused: (Double, Double) -> Bool) -> Bool {
        let p = samplesByTime(d.prometheus), v = samplesByTime(d.vigil)
        guard !d.prometheus.isError, !d.vigil.isError, Set(p.keys) == Set(v.keys) else { return false }
        var excusedAny = false
        for (t, ps) in p {
            let vs = Dictionary(v[t, default: []].map { ($0.labels, $0.value) }, uniquingKeysWith: { a, _ in a })
            guard vs.count == ps.count else { return false }
            for s in ps {
                guard let other = vs[s.labels] else { return false }
                if OutcomeComparison.same(s.value, other, tolerance(for: d.node)) { continue }
                guard excused(s.value, other) else { return false }
                excusedAny = true
            }
        }
        return excusedAny
    }

    /// Every point of `a` is in `b` with an equal value.
    static func isSubset(_ a: QueryOutcome, of b: QueryOutcome, tolerance tol: OutcomeComparison.Tolerance) -> Bool {
        guard !a.isError, !b.isError else { return false }
        let bs = samplesByTime(b)
        for (t, samples) in samplesByTime(a) {
            let others = Dictionary(bs[t, default: []].map { ($0.labels, $0.value) }, uniquingKeysWith: { x, _ in x })
            for s in samples {
                guard let o = others[s.labels], OutcomeComparison.same(s.value, o, tol) else { return false }
            }
        }
        return true
    }

    /// For `rate`/`increase` in an instant context: Prometheus equals the 2.42 rule and Vigil the 3.x rule,
    /// both recomputed from the samples of each window (the child's answer, on which the engines agree).
    /// `changes`/`resets` in an instant context: each engine's count from its own answer for the window's points.
    static func countsMatchOwnInputs(_ d: Disagreement) -> Bool {
        guard case .call(let name, _) = d.node, name == "changes" || name == "resets", d.nodeContext.isInstant,
              let child = d.children.first else { return false }
        func count(_ windows: QueryOutcome) -> QueryOutcome? {
            guard case .matrix(let series) = windows else { return nil }
            return .vector(series.filter { !$0.points.isEmpty }.map { s in
                var n = 0
                for i in s.points.indices.dropFirst() {
                    let a = s.points[i - 1].v, b = s.points[i].v
                    if name == "resets" ? b < a : (a != b && !(a.isNaN && b.isNaN)) { n += 1 }
                }
                return (s.labels.removing([Label.metricName]), Double(n))
            })
        }
        guard let p = count(child.answers.prometheus), let v = count(child.answers.vigil) else { return false }
        return agree(d.prometheus, p, d) && agree(v, d.vigil, d)
    }

    /// With `vigilReadsOwnInputs`, the 3.x rule is applied to Vigil's answer for the window's points, else
    /// to Prometheus's (the engines agree on them to within rounding either way).
    static func rateMatchesBothVersions(_ d: Disagreement, vigilReadsOwnInputs: Bool) -> Bool {
        guard case .call(let name, let args) = d.node, name == "rate" || name == "increase",
              case .instant(let t) = d.nodeContext.kind, let arg = args.first, let child = d.children.first,
              case .matrix(let windows) = child.answers.prometheus,
              case .matrix(let vigilWindows) = vigilReadsOwnInputs ? child.answers.vigil : child.answers.prometheus
        else { return false }
        let range: Int64, mods: GeneratedExpr.Modifiers
        switch arg {
        case .matrixSelector(_, _, let r, let m): (range, mods) = (r, m)
        case .subquery(_, let r, _, let m): (range, mods) = (r, m)
        default: return false
        }
        var base = t
        switch mods.at {
        case .time(let at): base = at
        case .start: base = d.nodeContext.queryStart
        case .end: base = d.nodeContext.queryEnd
        case nil: break
        }
        let end = base - (mods.offset ?? 0)
        func recompute(_ windows: [(labels: Labels, points: [Sample])], _ version: ReferenceRate.Version) -> [(Labels, Double)] {
            windows.compactMap { w in
                ReferenceRate.value(w.points, rangeStart: end - range, rangeEnd: end, rangeSeconds: Double(range) / 1000,
                                    isCounter: true, isRate: name == "rate", version: version)
                    .map { (w.labels.removing([Label.metricName]), $0) }
            }
        }
        let old = recompute(windows, .v2_42)
        let new = recompute(vigilWindows, .v3)
        let tol = tolerance(for: d.node)
        return OutcomeComparison.compare(prometheus: d.prometheus, vigil: .vector(old), ordered: false, tolerance: tol).agrees
            && OutcomeComparison.compare(prometheus: .vector(new), vigil: d.vigil, ordered: false, tolerance: tol).agrees
    }

    /// For `topk`/`bottomk`: both answers keep, in every group and at every time, k elements of the input
    /// (or all of a smaller group) none of which is beaten by an element left out.
    static func bothAreValidSelections(_ d: Disagreement) -> Bool {
        // The aggregation itself, or a subquery over it (whose steps each choose from the input at that step).
        var aggregation = d.node
        var inputs = d.children
        if case .subquery(let inner, _, _, _) = d.node {
            aggregation = inner
            inputs = d.grandchildren
        }
        guard case .aggregate(let op, let param, let grouping, _) = aggregation, op == "topk" || op == "bottomk",
              case .number(let kValue)? = param, kValue >= 1, kValue < 1e6,
              let input = inputs.first?.answers.prometheus else { return false }
        let k = Int(kValue)
        func group(_ labels: Labels) -> Labels {
            guard let g = grouping else { return Labels() }
            return g.without ? labels.removing(Set(g.labels + [Label.metricName])) : labels.keeping(Set(g.labels))
        }
        // Upstream's order: for topk a NaN ranks below every number, for bottomk above.
        func better(_ a: Double, than b: Double) -> Bool {
            if a.isNaN || b.isNaN { return !a.isNaN && b.isNaN }
            return op == "topk" ? a > b : a < b
        }
        let inputByTime = samplesByTime(input)
        func valid(_ answer: QueryOutcome) -> Bool {
            guard !answer.isError else { return false }
            let chosenByTime = samplesByTime(answer)
            for (t, all) in inputByTime {
                let chosen = Dictionary(chosenByTime[t, default: []].map { ($0.labels, $0.value) }, uniquingKeysWith: { a, _ in a })
                var groups: [Labels: [(labels: Labels, value: Double)]] = [:]
                for s in all { groups[group(s.labels), default: []].append(s) }
                var chosenCount = 0
                for (_, members) in groups {
                    let kept = members.filter { chosen[$0.labels] != nil }
                    let left = members.filter { chosen[$0.labels] == nil }
                    guard kept.count == min(k, members.count) else { return false }
                    for l in left where kept.contains(where: { better(l.value, than: $0.value) }) { return false }
                    chosenCount += kept.count
                }
                guard chosenCount == chosen.count else { return false }
            }
            return Set(chosenByTime.keys).isSubset(of: Set(inputByTime.keys))
        }
        return valid(d.prometheus) && valid(d.vigil)
    }
}
