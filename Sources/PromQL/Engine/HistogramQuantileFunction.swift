import Foundation
import TimeSeries

/// `histogram_quantile(φ, v)` over classic histograms: series that differ only in `le` form one
/// histogram, whose buckets give the quantile by linear interpolation.
enum HistogramQuantileFunction {
    /// Upstream `resetHistograms`: splits a vector into native histograms and classic bucket groups
    /// (series differing only in `le`). A native histogram whose labels equal a classic group's is
    /// dropped along with that group, with the "mix of classic and native histograms" warning.
    static func split(_ ev: Evaluator, _ vector: [Element], at range: SourceRange)
        -> (natives: [Element], groups: [(labels: Labels, buckets: [Quantiles.Bucket])]) {
        var groups: [Labels: (labels: Labels, buckets: [Quantiles.Bucket])] = [:]
        var order: [Labels] = []
        var natives: [Element] = []
        for e in vector {
            if e.h != nil { natives.append(e); continue }
            guard let le = e.labels["le"], let bound = parseBound(le) else {
                let metric = ev.options.delayedNameRemoval ? (e.labels.metricName ?? "") : ""
                var message = "bucket label \"le\" is missing or has a malformed value of \(quoteGo(e.labels["le"] ?? ""))"
                if !metric.isEmpty { message += " for metric name \(quoteGo(metric))" }
                ev.annotations.warn(message, at: range)
                continue
            }
            let key = e.labels.removing(["le"])
            if groups[key] == nil {
                groups[key] = (key, [])
                order.append(key)
            }
            groups[key]!.buckets.append(Quantiles.Bucket(upperBound: bound, count: e.f))
        }
        var keptNatives: [Element] = []
        for e in natives {
            if let g = groups[e.labels], !g.buckets.isEmpty {
                let metric = ev.options.delayedNameRemoval ? (e.labels.metricName ?? "") : ""
                var message = "vector contains a mix of classic and native histograms"
                if !metric.isEmpty { message += " for metric name \(quoteGo(metric))" }
                ev.annotations.warn(message, at: range)
                groups[e.labels] = nil
                continue
            }
            keptNatives.append(e)
        }
        return (keptNatives, order.compactMap { groups[$0] })
    }

    static func evaluate(_ ev: Evaluator, _ call: Call, _ inputs: [[Element]], _ t: Int64) throws(QueryError) -> [Element] {
        guard inputs.count >= 2, let qElement = inputs[0].first else { return [] }
        let q = qElement.f
        if q.isNaN || q < 0 || q > 1 {
            ev.annotations.warn("quantile value should be between 0 and 1, got \(GoFloat.formatG(q))", at: call.args[0].range)
        }
        let (natives, groups) = split(ev, inputs[1], at: call.args[1].range)
        var out: [Element] = []
        for e in natives {
            let r = e.h!.quantile(q, metricName: e.labels.metricName ?? "")
            ev.annotations.add(r.annotations, at: call.args[1].range)
            out.append(ev.droppingName(Element(labels: e.labels, f: r.value, h: nil, dropName: true)))
        }
        for group in groups {
            guard !group.buckets.isEmpty else { continue }
            let r = Quantiles.bucketQuantile(q, group.buckets)
            if r.forcedMonotonicity {
                let metric = ev.options.delayedNameRemoval ? (group.labels.metricName ?? "") : ""
                ev.annotations.monotonicityInfo(metricName: metric, at: call.args[1].range, t: t,
                                                minBucket: r.minBucket, maxBucket: r.maxBucket, maxDiff: r.maxDiff)
            }
            out.append(ev.droppingName(Element(labels: group.labels, f: r.value, h: nil, dropName: true)))
        }
        return out
    }

    /// `histogram_quantiles(v, "label", q0, q1, ...)` (experimental): one output series per input histogram
    /// and quantile, the quantile written into `label` in OpenMetrics float form.
    static func quantiles(_ ev: Evaluator, _ call: Call, _ inputs: [[Element]], _ t: Int64) throws(QueryError) -> [Element] {
        guard inputs.count >= 3 else { return [] }
        let label = try ev.evalString(call.args[1])
        var qs: [Double] = []
        for i in 2..<inputs.count {
            guard let q = inputs[i].first?.f else { continue }
            if q.isNaN || q < 0 || q > 1 {
                ev.annotations.warn("quantile value should be between 0 and 1, got \(GoFloat.formatG(q))", at: call.args[i].range)
            }
            qs.append(q)
        }
        let (natives, groups) = split(ev, inputs[0], at: call.args[0].range)
        var out: [Element] = []
        for q in qs {
            let text = openMetricsFloat(q)
            for e in natives {
                let r = e.h!.quantile(q, metricName: e.labels.metricName ?? "")
                ev.annotations.add(r.annotations, at: call.args[0].range)
                out.append(ev.droppingName(Element(labels: e.labels.setting(label, to: text), f: r.value, h: nil, dropName: true)))
            }
            for group in groups where !group.buckets.isEmpty {
                let r = Quantiles.bucketQuantile(q, group.buckets)
                if r.forcedMonotonicity {
                    let metric = ev.options.delayedNameRemoval ? (group.labels.metricName ?? "") : ""
                    ev.annotations.monotonicityInfo(metricName: metric, at: call.args[0].range, t: t,
                                                    minBucket: r.minBucket, maxBucket: r.maxBucket, maxDiff: r.maxDiff)
                }
                out.append(ev.droppingName(Element(labels: group.labels.setting(label, to: text), f: r.value, h: nil, dropName: true)))
            }
        }
        return out
    }

    /// Upstream `labels.FormatOpenMetricsFloat`: Go's `%g`, with ".0" added to whole numbers.
    static func openMetricsFloat(_ f: Double) -> String {
        let s = GoFloat.formatG(f)
        if f.isNaN || f.isInfinite || s.contains(".") || s.contains("e") { return s }
        return s + ".0"
    }

    /// `histogram_fraction(lower, upper, v)` over native histograms and classic bucket groups.
    static func fraction(_ ev: Evaluator, _ call: Call, _ inputs: [[Element]], _ t: Int64) throws(QueryError) -> [Element] {
        guard inputs.count >= 3, let lo = inputs[0].first, let hi = inputs[1].first else { return [] }
        let (natives, groups) = split(ev, inputs[2], at: call.args[2].range)
        var out: [Element] = []
        for e in natives {
            let r = e.h!.fraction(lower: lo.f, upper: hi.f, metricName: e.labels.metricName ?? "")
            ev.annotations.add(r.annotations, at: call.args[2].range)
            out.append(ev.droppingName(Element(labels: e.labels, f: r.value, h: nil, dropName: true)))
        }
        for group in groups where !group.buckets.isEmpty {
            out.append(ev.droppingName(Element(labels: group.labels, f: bucketFraction(lo.f, hi.f, group.buckets), h: nil, dropName: true)))
        }
        return out
    }

    /// Upstream `BucketFraction`: the share of observations between `lower` and `upper`, interpolating
    /// linearly inside buckets.
    static func bucketFraction(_ lower: Double, _ upper: Double, _ input: [Quantiles.Bucket]) -> Double {
        let sorted = input.sorted { $0.upperBound < $1.upperBound }
        guard sorted.last!.upperBound == .infinity else { return .nan }
        var buckets: [Quantiles.Bucket] = []
        for b in sorted {
            if let last = buckets.last, last.upperBound == b.upperBound {
                buckets[buckets.count - 1].count += b.count
            } else {
                buckets.append(b)
            }
        }
        let count = buckets.last!.count
        if count == 0 || lower.isNaN || upper.isNaN { return .nan }
        if lower >= upper { return 0 }
        var rank = 0.0, lowerRank = 0.0, upperRank = 0.0
        var lowerSet = false, upperSet = false
        var lowerBound = buckets[0].upperBound <= 0 ? -Double.infinity : 0
        for (i, b) in buckets.enumerated() {
            if i > 0 { lowerBound = buckets[i - 1].upperBound }
            let upperBound = b.upperBound
            func interpolate(_ v: Double) -> Double {
                if lowerBound == -.infinity { return b.count }
                return rank + (b.count - rank) * (v - lowerBound) / (upperBound - lowerBound)
            }
            if !lowerSet && lowerBound >= lower { lowerRank = rank; lowerSet = true }
            if !upperSet && lowerBound >= upper { upperRank = rank; upperSet = true }
            if lowerSet && upperSet { break }
            if !lowerSet && lowerBound < lower && upperBound > lower { lowerRank = interpolate(lower); lowerSet = true }
            if !upperSet && lowerBound < upper && upperBound > upper { upperRank = interpolate(upper); upperSet = true }
            if lowerSet && upperSet { break }
            rank = b.count
        }
        if !lowerSet || lowerRank > count { lowerRank = count }
        if !upperSet || upperRank > count { upperRank = count }
        return (upperRank - lowerRank) / count
    }

    /// Go's `strconv.ParseFloat` on a bucket bound: numbers, `+Inf`/`Inf`, `NaN`.
    static func parseBound(_ s: String) -> Double? {
        let lower = s.lowercased()
        switch lower {
        case "+inf", "inf", "+infinity", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default:
            guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isHexDigit || "+-.eEpPxX_".contains($0)) }) else { return nil }
            return Double(s)
        }
    }
}
