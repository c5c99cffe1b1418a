import Foundation
import PromQL
import TimeSeries

/// Writes the block part of a `RandomDataSet` as OpenMetrics text for `promtool tsdb create-blocks-from
/// openmetrics`.
enum OpenMetricsText {
    /// Series with their samples before `RandomDataSet.blockEnd`, grouped by family as OpenMetrics requires.
    static func render(_ data: RandomDataSet) throws -> String {
        var byFamily: [String: [RandomDataSet.Series]] = [:]
        var order: [String] = []
        for s in data.series {
            if byFamily[s.family] == nil { order.append(s.family) }
            byFamily[s.family, default: []].append(s)
        }
        var out = ""
        for family in order {
            let members = byFamily[family] ?? []
            out += "# TYPE \(family) \(members[0].kind.rawValue)\n"
            for s in members {
                let name = s.labels.metricName ?? ""
                let rest = s.labels.filter { $0.name != Label.metricName }
                    .map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",")
                let prefix = rest.isEmpty ? name : "\(name){\(rest)}"
                for sample in s.samples where sample.t < RandomDataSet.blockEnd {
                    guard !StaleNaN.isStale(sample.v) else {
                        throw DifferentialError("a staleness marker before the block end cannot be written as OpenMetrics")
                    }
                    out += "\(prefix) \(value(sample.v)) \(try timestamp(sample.t))\n"
                }
            }
        }
        return out + "# EOF\n"
    }

    static func value(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        return "\(v)"
    }

    /// OpenMetrics timestamps are seconds. Prometheus 2.42's parser converts them with `int64(ts * 1000)`,
    /// which truncates, so `1700000000.123` can become ...122. Writing the millisecond plus half of one makes
    /// the truncation land on the intended value; the check below proves it with the same IEEE arithmetic.
    static func timestamp(_ t: Int64) throws -> String {
        let ms = t % 1000
        let text = "\(t / 1000)." + String(repeating: "0", count: 3 - String(ms).count) + "\(ms)5"
        guard let parsed = Double(text), Int64(parsed * 1000) == t else {
            throw DifferentialError("timestamp \(t) does not survive OpenMetrics text as \(text)")
        }
        return text
    }
}

struct DifferentialError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
