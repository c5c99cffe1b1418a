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
            id: "kahan-infinity", kind: .versionDifference,
            why: "Sums that meet an infinity: 2.42's Kahan compensation computes Inf - Inf and turns the sum into NaN; "
                + "2.54 keeps the infinity (#14362, 'Fix issue where summation of +/- infinity returns NaN instead of "
                + "infinity'), which reaches `sum_over_time`, `avg_over_time`, `predict_linear`, `deriv` and the "
                + "aggregations. Checked: every differing value is NaN against an infinity, and the input holds one.",
            matches: { d in
                let name: String
                switch d.node {
                case .call(let f, _): name = f
                case .aggregate(let op, _, _, _): name = op
                default: return false
                }
                guard ["sum_over_time", "avg_over_time", "predict_linear", "deriv", "stddev_over_time", "stdvar_over_time",
                       "sum", "avg", "stddev", "stdvar"].contains(name),
                      d.children.contains(where: { samplesByTime($0.answers.prometheus).values.joined().contains { $0.value.isInfinite } })
                else { return false }
                return agreeExcept(d) { p, v in p.isNaN && v.isInfinite }
            }),
        KnownDifference(
            id: "negation-merges-series", kind: .versionDifference,
            why: "`-v` in a range query where dropping the name gives two series the same labels at different steps: "
                + "2.42 fails ('vector cannot contain metrics with the same labelset') as soon as two series share labels; "
                + "3.9 merges them when they never meet at a step (#17708). Checked: the operand's series that collide "
                + "never share a step, and Vigil's answer is their merge.",
            matches: { d in
                guard case .negate = d.node, case .range = d.nodeContext.kind, !d.vigil.isError,
                      d.prometheus.errorMessage == "vector cannot contain metrics with the same labelset",
                      let child = d.children.first, case .matrix(let series) = child.answers.prometheus else { return false }
                var steps: [Labels: Set<Int64>] = [:]
                var collided = false
                for s in series {
                    let labels = s.labels.removing([Label.metricName])
                    if steps[labels] != nil { collided = true }
                    for p in s.points where !steps[labels, default: []].insert(p.t).inserted { return false }
                }
                let merged = QueryOutcome.matrix(series.map { ($0.labels.removing([Label.metricName]), $0.points.map { Sample(t: $0.t, v: -$0.v) }) })
                return collided && agree(mergingCounts(merged), d.vigil, d)
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
            why: "`count_values` writes each value into a label exactly, so a last-bit difference in the value shows: "
                + "Go's `math.Exp`, `math.Log`, `math.Pow` and friends are not always correctly rounded and differ from "
                + "the C library Vigil uses (exp(26) is 195729609428.83875 in Go, 195729609428.83878 correctly rounded), "
                + "and `sum`/`avg` use Kahan summation since 2.54 (#14074, #14413), 2.42 plain sums (113.60000000000001 "
                + "against 113.6). Checked: the answers agree once the label's values are compared as numbers, to 1e-12.",
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
                + "says (or, when those make series of several metrics collide, the collision error). Checked: Vigil's "
                + "timestamps lie in the lookback window before `t - o`, or Vigil reports the collision where upstream "
                + "found nothing.",
            matches: { d in
                guard case .call("timestamp", let args) = d.node, let arg = args.first,
                      case .selector(_, _, let mods) = arg, let at = mods.at, let offset = mods.offset, offset != 0 else { return false }
                // Finding the samples upstream misses can also make series of different metrics collide.
                if d.vigil.errorMessage == "vector cannot contain metrics with the same labelset" {
                    return samplesByTime(d.prometheus).values.joined().isEmpty && !d.prometheus.isError
                }
                guard !d.vigil.isError else { return false }
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

    /// The comparison tolerance for an expression: relative 1e-9 (absolute 1e-12 near zero) for every
    /// function. None needs a looser one: where rounding is magnified (cancellation in `stddev`, `x % y` with
    /// x ≫ y, counter resets on flat values, values written into labels), an entry above excuses the
    /// difference after checking that it is rounding, rather than widening the tolerance for every query.
    static func tolerance(for expr: GeneratedExpr) -> OutcomeComparison.Tolerance {
        .standard
    }
}
