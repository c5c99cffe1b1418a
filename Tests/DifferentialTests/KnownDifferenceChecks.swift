import Foundation
import PromQL
import TimeSeries

/// The checks `KnownDifferences` uses to recognise a difference from the answers themselves: recomputing
/// a node from its inputs, comparing modulo a label or a known value pair, validating a `topk` choice.
extension KnownDifferences {

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
                "deg": { $0 * 180 / Double.pi }, "rad": { $0 * Double.pi / 180 }, "round": { ($0 + 0.5).rounded(.down) },
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
