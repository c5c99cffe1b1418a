import Foundation
import TimeSeries

/// Aggregation operators: `sum avg count min max group stddev stdvar quantile` fold each group to one
/// value; `topk bottomk limitk limit_ratio` select elements; `count_values` groups by value.
extension Evaluator {
    func evalAggregate(_ a: AggregateExpr) throws(QueryError) -> StepMatrix {
        let grouping = a.grouping.sorted()
        if a.op == .countValues {
            guard case .string(let label) = unwrapParens(a.param) else { throw error("count_values needs a string parameter") }
            guard LabelNames.isValidUTF8Name(label.value) else { throw error("invalid label name \(quoteGo(label.value))") }
            return try rangeEval([a.expr]) { inputs, _ throws(QueryError) in
                self.countValues(inputs[0], label: label.value, grouping: grouping, without: a.without)
            }
        }
        // As upstream, the parameter and the input are let go once aggregated, and the output is not checked
        // against the sample limit here (the inputs were).
        let originalSamples = currentSamples
        // The parameter (k, q or the ratio) may change per step, so it is evaluated as a scalar series.
        var params: [Double]?
        if let p = a.param {
            let m = try eval(p)
            var byStep: [Int64: Double] = [:]
            for s in m.first?.floats ?? [] { byStep[s.t] = s.v }
            params = steps.map { byStep[$0] ?? .nan }
        }
        let input = try eval(a.expr)
        // `topk(-Inf, x)`, `limitk(0, x)`, `limit_ratio(0, x)`: upstream returns an empty result at once.
        if try !checkParams(a, params) { return [] }
        // Group every input series once; the groups' labels do not depend on the step.
        var groupIndex: [Labels: Int] = [:]
        var groupLabels: [Labels] = []
        var seriesGroup: [Int] = []
        let groupingSet = a.without ? Set(grouping).union([Label.metricName]) : Set(grouping)
        for s in input {
            let key = a.without ? s.labels.removing(groupingSet) : s.labels.keeping(groupingSet)
            if let g = groupIndex[key] {
                seriesGroup.append(g)
            } else {
                groupIndex[key] = groupLabels.count
                seriesGroup.append(groupLabels.count)
                groupLabels.append(key)
            }
        }
        var cursorsF = [Int](repeating: 0, count: input.count)
        var cursorsH = cursorsF
        var outputs: [Labels: Int] = [:]
        var result: StepMatrix = []
        for (stepIndex, t) in steps.enumerated() {
            try interruption.tick()
            var elements: [(series: Int, e: Element)] = []
            for (i, s) in input.enumerated() {
                if cursorsF[i] < s.floats.count, s.floats[cursorsF[i]].t == t {
                    elements.append((i, Element(labels: s.labels, f: s.floats[cursorsF[i]].v, h: nil, dropName: s.dropName)))
                    cursorsF[i] += 1
                } else if cursorsH[i] < s.histograms.count, s.histograms[cursorsH[i]].t == t {
                    elements.append((i, Element(labels: s.labels, f: 0, h: s.histograms[cursorsH[i]].h, dropName: s.dropName)))
                    cursorsH[i] += 1
                }
            }
            let param = params?[stepIndex] ?? 0
            let out: [Element]
            switch a.op {
            case .topk, .bottomk, .limitk, .limitRatio:
                out = selectK(a, param, elements, seriesGroup, groupCount: groupLabels.count, inputCount: input.count)
            default:
                out = fold(a, param, elements, seriesGroup, groupLabels)
            }
            if isInstant {
                currentSamples = originalSamples + Evaluator.matrixSampleCount(out)
                return out.map { StepSeries(labels: $0.labels, dropName: $0.dropName, floats: $0.h == nil ? [Sample(t: t, v: $0.f)] : [], histograms: $0.h.map { [HistogramSample(t: t, h: $0)] } ?? []) } }
            for e in out {
                if let i = outputs[e.labels] {
                    result[i].append(t: t, f: e.f, h: e.h)
                    result[i].dropName = e.dropName
                } else {
                    outputs[e.labels] = result.count
                    var s = StepSeries(labels: e.labels, dropName: e.dropName)
                    s.append(t: t, f: e.f, h: e.h)
                    result.append(s)
                }
            }
        }
        currentSamples = originalSamples + result.reduce(0) { $0 + $1.sampleCount }
        return result
    }

    func unwrapParens(_ e: Expr?) -> Expr? {
        e?.unwrappingParens
    }

    /// Checks the parameter of the aggregations that have one, as upstream's `rangeEvalAgg`; false when the
    /// whole result is empty (every k below one, every ratio zero).
    private func checkParams(_ a: AggregateExpr, _ params: [Double]?) throws(QueryError) -> Bool {
        guard let params, let p = a.param else { return true }
        let finite = params
        // Upstream's fParams: the extremes by math.Max/math.Min, so a NaN among the values makes both NaN.
        let largest = finite.reduce(-Double.greatestFiniteMagnitude, GoMath.max)
        let smallest = finite.reduce(Double.greatestFiniteMagnitude, GoMath.min)
        switch a.op {
        case .topk, .bottomk, .limitk:
            // As upstream: stop early only when the largest k is below one (a NaN is not).
            if largest < 1 { return false }
            if finite.contains(where: \.isNaN) { throw error("Parameter value is NaN") }
            // Upstream's bounds: math.MinInt64 exactly, and the largest float64 below 2⁶³ (so that int64(k)
            // stays in range for every step).
            if smallest <= -9_223_372_036_854_775_808.0 {
                throw error("Scalar value \(GoFloat.formatG(smallest)) underflows int64")
            }
            if largest >= 9_223_372_036_854_774_784.0 { throw error("Scalar value \(GoFloat.formatG(largest)) overflows int64") }
        case .limitRatio:
            if largest == 0 && smallest == 0 { return false }
            if finite.contains(where: \.isNaN) { throw error("Ratio value is NaN") }
            if largest > 1 {
                annotations.warn("ratio value should be between -1 and 1, got \(GoFloat.formatG(largest)), capping to 1", at: p.range)
            }
            if smallest < -1 {
                annotations.warn("ratio value should be between -1 and 1, got \(GoFloat.formatG(smallest)), capping to -1", at: p.range)
            }
        case .quantile:
            if finite.contains(where: \.isNaN) {
                annotations.warn("quantile value should be between 0 and 1, got NaN", at: p.range)
            }
            if largest > 1 {
                annotations.warn("quantile value should be between 0 and 1, got \(GoFloat.formatG(largest))", at: p.range)
            }
            if smallest < 0 {
                annotations.warn("quantile value should be between 0 and 1, got \(GoFloat.formatG(smallest))", at: p.range)
            }
        default:
            break
        }
        return true
    }

    private struct Group {
        var seen = false
        var value = 0.0
        var mean = 0.0
        var c = 0.0
        var count = 0.0
        var incrementalMean = false
        var values: [Double] = []
        var summation: HistogramSummation?
        var hasFloat = false
        var hasHistogram = false
        var dropName = false
    }

    /// Folds each group's elements into one value, with upstream's compensated sums and NaN rules.
    private func fold(_ a: AggregateExpr, _ q: Double, _ elements: [(series: Int, e: Element)], _ seriesGroup: [Int],
                      _ groupLabels: [Labels]) -> [Element] {
        var groups = [Group](repeating: Group(), count: groupLabels.count)
        let opName = a.op.rawValue
        for (series, e) in elements {
            let gi = seriesGroup[series]
            let f = e.f
            if !groups[gi].seen {
                var g = Group(seen: true, value: f, mean: f, count: 1, dropName: e.dropName)
                switch a.op {
                case .sum, .avg:
                    if let h = e.h {
                        g.summation = HistogramSummation(a.op == .sum ? .sum : .average, first: h)
                        g.hasHistogram = true
                    } else { g.hasFloat = true }
                case .stddev, .stdvar:
                    if e.h != nil { g.seen = false; ignoredHistogram(opName, a) }
                    else { g.value = (f.isNaN || f.isInfinite) ? .nan : 0 }
                case .quantile:
                    if e.h != nil { g.seen = false; ignoredHistogram(opName, a) }
                    g.values = [f]
                case .group:
                    g.value = 1
                case .min, .max:
                    if e.h != nil { g.seen = false; ignoredHistogram(opName, a) }
                default:
                    break
                }
                groups[gi] = g
                continue
            }
            if e.dropName { groups[gi].dropName = true }
            switch a.op {
            case .sum:
                if let h = e.h {
                    groups[gi].hasHistogram = true
                    groups[gi].summation?.add(h, metricName: e.labels.metricName ?? "")
                } else {
                    groups[gi].hasFloat = true
                    (groups[gi].value, groups[gi].c) = KahanSum.increment(f, groups[gi].value, groups[gi].c)
                }
            case .avg:
                groups[gi].count += 1
                if let h = e.h {
                    groups[gi].hasHistogram = true
                    groups[gi].summation?.add(h, metricName: e.labels.metricName ?? "")
                } else {
                    groups[gi].hasFloat = true
                    var g = groups[gi]
                    if !g.incrementalMean {
                        let (nv, nc) = KahanSum.increment(f, g.value, g.c)
                        if !nv.isInfinite {
                            g.value = nv
                            g.c = nc
                            groups[gi] = g
                            break
                        }
                        g.incrementalMean = true
                        g.mean = g.value / (g.count - 1)
                        g.c /= g.count - 1
                    }
                    let qf = (g.count - 1) / g.count
                    (g.mean, g.c) = KahanSum.increment(f / g.count, qf * g.mean, qf * g.c)
                    groups[gi] = g
                }
            case .group:
                break
            case .max:
                if e.h != nil { ignoredHistogram(opName, a); continue }
                if groups[gi].value < f || groups[gi].value.isNaN { groups[gi].value = f }
            case .min:
                if e.h != nil { ignoredHistogram(opName, a); continue }
                if groups[gi].value > f || groups[gi].value.isNaN { groups[gi].value = f }
            case .count:
                groups[gi].count += 1
            case .stddev, .stdvar:
                if e.h != nil { ignoredHistogram(opName, a); continue }
                groups[gi].count += 1
                let delta = f - groups[gi].mean
                groups[gi].mean += delta / groups[gi].count
                groups[gi].value += delta * (f - groups[gi].mean)
            case .quantile:
                if e.h != nil { ignoredHistogram(opName, a); continue }
                groups[gi].values.append(f)
            default:
                break
            }
        }
        var out: [Element] = []
        for (gi, var g) in groups.enumerated() where g.seen {
            switch a.op {
            case .avg, .sum:
                if g.hasFloat && g.hasHistogram {
                    annotations.warn("encountered a mix of histograms and floats for aggregation", at: a.expr.range)
                    continue
                }
                if g.hasHistogram {
                    guard let summation = g.summation else { continue }
                    let r = summation.result()
                    annotations.add(r.annotations, at: a.expr.range)
                    if let h = r.histogram {
                        out.append(Element(labels: groupLabels[gi], f: 0, h: h, dropName: g.dropName))
                    }
                    continue
                }
                if a.op == .sum { g.value += g.c }
                else if g.incrementalMean { g.value = g.mean + g.c }
                else { g.value = g.value / g.count + g.c / g.count }
            case .count:
                g.value = g.count
            case .stdvar:
                g.value /= g.count
            case .stddev:
                g.value = (g.value / g.count).squareRoot()
            case .quantile:
                g.value = Quantiles.quantile(q, g.values)
            default:
                break
            }
            out.append(Element(labels: groupLabels[gi], f: g.value, h: nil, dropName: g.dropName))
        }
        return out
    }

    private func ignoredHistogram(_ op: String, _ a: AggregateExpr) {
        annotations.info("ignored histogram in \(op) aggregation", at: a.expr.range)
    }

    /// `topk`, `bottomk` (largest/smallest k per group, NaN last), `limitk` (the first k in input order)
    /// and `limit_ratio` (a deterministic sample by label hash).
    private func selectK(_ a: AggregateExpr, _ param: Double, _ elements: [(series: Int, e: Element)], _ seriesGroup: [Int],
                         groupCount: Int, inputCount: Int) -> [Element] {
        var chosen = [[Element]](repeating: [], count: groupCount)
        var seen = [Bool](repeating: false, count: groupCount)
        switch a.op {
        case .topk, .bottomk, .limitk:
            // `checkParams` has ruled out NaN and values beyond int64 (`min(int64(k), len(input))` upstream).
            let k = Int(Swift.min(GoInt64.convert(param), Int64(inputCount)))
            guard k >= 1 else { return [] }
            for (series, e) in elements {
                let gi = seriesGroup[series]
                if a.op != .limitk, e.h != nil {
                    ignoredHistogram(a.op.rawValue, a)
                    continue
                }
                seen[gi] = true
                if a.op == .limitk {
                    if chosen[gi].count < k { chosen[gi].append(e) }
                } else {
                    chosen[gi].append(e)
                }
            }
            var out: [Element] = []
            for gi in 0..<groupCount where seen[gi] {
                if a.op == .limitk { out += chosen[gi]; continue }
                // Stable order: by value, NaN as the smallest for topk and largest for bottomk, as the heap does.
                let top = a.op == .topk
                let sorted = chosen[gi].enumerated().sorted { x, y in
                    let l = x.element.f, r = y.element.f
                    if l.isNaN != r.isNaN { return r.isNaN }
                    if l != r { return top ? l > r : l < r }
                    return x.offset < y.offset
                }.map(\.element)
                out += sorted.prefix(k)
            }
            return out
        case .limitRatio:
            let r = max(-1, min(1, param))
            guard r != 0 else { return [] }
            var out: [Element] = []
            for (series, e) in elements {
                _ = seriesGroup[series]
                if Evaluator.ratioSampleIncluded(e.labels, ratio: r) { out.append(e) }
            }
            return out
        default:
            return []
        }
    }

    /// Upstream's ratio sampler: a series is in when its label hash, scaled to [0, 1), is below the ratio
    /// (or, for a negative ratio, at or above 1 + ratio), so `limit_ratio(r)` and `limit_ratio(-(1-r))`
    /// split a vector into complementary parts.
    static func ratioSampleIncluded(_ labels: Labels, ratio: Double) -> Bool {
        let offset = Double(labels.fingerprint) / Double(UInt64.max)
        return ratio >= 0 ? offset < ratio : offset >= 1 + ratio
    }

    private func countValues(_ vector: [Element], label: String, grouping: [String], without: Bool) -> [Element] {
        var counts: [Labels: Int] = [:]
        var order: [Labels] = []
        for e in vector {
            let valueText = e.h.map { "\($0)" } ?? GoFloat.formatF(e.f)
            let labels = e.labels.setting(label, to: valueText)
            let key = without ? labels.removing(Set(grouping).union([Label.metricName]))
                : labels.keeping(Set(grouping + [label]))
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        return order.map { Element(labels: $0, f: Double(counts[$0]!), h: nil) }
    }
}
