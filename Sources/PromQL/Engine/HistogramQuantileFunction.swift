import Foundation
import TimeSeries

/// `histogram_quantile(φ, v)` over classic histograms: series that differ only in `le` form one
/// histogram, whose buckets give the quantile by linear interpolation.
enum HistogramQuantileFunction {
    static func evaluate(_ ev: Evaluator, _ call: Call, _ inputs: [[Element]], _ t: Int64) throws(QueryError) -> [Element] {
        guard inputs.count >= 2, let qElement = inputs[0].first else { return [] }
        let q = qElement.f
        if q.isNaN || q < 0 || q > 1 {
            ev.annotations.warn("quantile value should be between 0 and 1, got \(formatGoFloat(q))", at: call.args[0].range)
        }
        var groups: [Labels: (labels: Labels, buckets: [Quantiles.Bucket])] = [:]
        var order: [Labels] = []
        var natives: [Element] = []
        for e in inputs[1] {
            if e.h != nil { natives.append(e); continue }
            guard let le = e.labels["le"], let bound = parseBound(le) else {
                let metric = ev.options.delayedNameRemoval ? (e.labels.metricName ?? "") : ""
                var message = "bucket label \"le\" is missing or has a malformed value of \(quoteGo(e.labels["le"] ?? ""))"
                if !metric.isEmpty { message += " for metric name \(quoteGo(metric))" }
                ev.annotations.warn(message, at: call.args[1].range)
                continue
            }
            let key = e.labels.removing(["le"])
            if groups[key] == nil {
                groups[key] = (key, [])
                order.append(key)
            }
            groups[key]!.buckets.append(Quantiles.Bucket(upperBound: bound, count: e.f))
        }
        var out: [Element] = []
        for e in natives {
            // Native histogram quantiles arrive with the native histogram work; until then they are skipped.
            _ = e
        }
        for key in order {
            let group = groups[key]!
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
