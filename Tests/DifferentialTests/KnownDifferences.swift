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
            matches: { d in rateMatchesBothVersions(d) }),
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
                return agree(mapping(d.prometheus, rounded), mapping(d.vigil, rounded), d)
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
            id: "timestamp-offset-at", kind: .upstreamQuirk,
            why: "`timestamp(v offset o @ t)`: upstream (2.42 and 3.14 alike) replaces the selector's offset by "
                + "`step - t` to pin it at `t`, dropping `o`, while reading only the samples of the window that does "
                + "include `o` (so it usually finds nothing). Vigil answers the timestamps at `t - o`, what the query "
                + "says.",
            matches: { d in
                guard case .call("timestamp", let args) = d.node, let arg = args.first,
                      case .selector(_, _, let mods) = arg, mods.at != nil, (mods.offset ?? 0) != 0 else { return false }
                return true
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
    static func rateMatchesBothVersions(_ d: Disagreement) -> Bool {
        guard case .call(let name, let args) = d.node, name == "rate" || name == "increase",
              case .instant(let t) = d.nodeContext.kind, let arg = args.first,
              let child = d.children.first, case .matrix(let windows) = child.answers.prometheus else { return false }
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
        var old: [(Labels, Double)] = []
        var new: [(Labels, Double)] = []
        for w in windows {
            let labels = w.labels.removing([Label.metricName])
            for (version, into) in [(ReferenceRate.Version.v2_42, 0), (.v3, 1)] {
                guard let v = ReferenceRate.value(w.points, rangeStart: end - range, rangeEnd: end, rangeSeconds: Double(range) / 1000,
                                                  isCounter: true, isRate: name == "rate", version: version) else { continue }
                if into == 0 { old.append((labels, v)) } else { new.append((labels, v)) }
            }
        }
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
