import Foundation
import PromQL
import TimeSeries

/// What one engine answered, in a form both engines' answers convert to: an error, or a value. Vector
/// samples keep the order the engine returned them in (it matters only under `sort`).
enum QueryOutcome {
    case error(String)
    case scalar(Double)
    case string(String)
    case vector([(labels: Labels, value: Double)])
    case matrix([(labels: Labels, points: [Sample])])

    var isError: Bool {
        if case .error = self { return true }
        return false
    }

    var errorMessage: String? {
        if case .error(let m) = self { return m }
        return nil
    }

    /// A short rendering for reports: at most a few series.
    var summary: String {
        switch self {
        case .error(let m): return "error: \(m)"
        case .scalar(let v): return "scalar \(Self.number(v))"
        case .string(let s): return "string \(s)"
        case .vector(let samples):
            if samples.isEmpty { return "{} (empty vector)" }
            let shown = samples.prefix(4).map { "\(Self.series($0.labels)) => \(Self.number($0.value))" }
            return shown.joined(separator: "; ") + (samples.count > 4 ? "; … (\(samples.count) series)" : "")
        case .matrix(let series):
            if series.isEmpty { return "[] (empty matrix)" }
            let shown = series.prefix(3).map { s in
                let points = s.points.prefix(4).map { "\(Self.number($0.v))@\(PrometheusServer.seconds($0.t))" }
                return "\(Self.series(s.labels)) => [" + points.joined(separator: ", ") + (s.points.count > 4 ? ", … \(s.points.count) points" : "") + "]"
            }
            return shown.joined(separator: "; ") + (series.count > 3 ? "; … (\(series.count) series)" : "")
        }
    }

    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        return "\(v)"
    }

    static func series(_ labels: Labels) -> String {
        let name = labels.metricName ?? ""
        let rest = labels.filter { $0.name != Label.metricName }.map { "\($0.name)=\"\($0.value)\"" }
        return name + "{" + rest.joined(separator: ", ") + "}"
    }

    // MARK: Vigil

    static func from(_ result: Result<QueryResult, QueryError>) -> QueryOutcome {
        switch result {
        case .failure(let e): return .error(e.message)
        case .success(let r):
            switch r.value {
            case .scalar(_, let v): return .scalar(v)
            case .string(_, let s): return .string(s)
            case .vector(let samples):
                if samples.contains(where: { $0.histogram != nil }) { return .error("native histogram in result") }
                return .vector(samples.map { ($0.labels, $0.value) })
            case .matrix(let series):
                return .matrix(series.map { ($0.labels, $0.floats) })
            }
        }
    }

    // MARK: Prometheus's JSON

    static func from(prometheusJSON data: Data) -> QueryOutcome {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .error("unreadable response: \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        guard object["status"] as? String == "success" else {
            return .error(object["error"] as? String ?? "error without message")
        }
        guard let payload = object["data"] as? [String: Any], let type = payload["resultType"] as? String else {
            return .error("response without data")
        }
        switch type {
        case "scalar":
            guard let pair = payload["result"] as? [Any], pair.count == 2, let v = parseValue(pair[1]) else { return .error("bad scalar") }
            return .scalar(v)
        case "string":
            guard let pair = payload["result"] as? [Any], pair.count == 2, let s = pair[1] as? String else { return .error("bad string") }
            return .string(s)
        case "vector":
            guard let items = payload["result"] as? [[String: Any]] else { return .error("bad vector") }
            var out: [(Labels, Double)] = []
            for item in items {
                guard let pair = item["value"] as? [Any], pair.count == 2, let v = parseValue(pair[1]) else { return .error("bad sample") }
                out.append((labels(item["metric"]), v))
            }
            return .vector(out)
        case "matrix":
            guard let items = payload["result"] as? [[String: Any]] else { return .error("bad matrix") }
            var out: [(Labels, [Sample])] = []
            for item in items {
                guard let values = item["values"] as? [[Any]] else { return .error("matrix series without float values") }
                var points: [Sample] = []
                for pair in values {
                    guard pair.count == 2, let t = parseTime(pair[0]), let v = parseValue(pair[1]) else { return .error("bad point") }
                    points.append(Sample(t: t, v: v))
                }
                out.append((labels(item["metric"]), points))
            }
            return .matrix(out)
        default:
            return .error("unknown result type \(type)")
        }
    }

    private static func labels(_ any: Any?) -> Labels {
        guard let dict = any as? [String: String] else { return Labels() }
        return Labels(dict)
    }

    /// Seconds (a JSON number) to milliseconds.
    private static func parseTime(_ any: Any) -> Int64? {
        guard let n = any as? NSNumber else { return nil }
        let ms = (n.doubleValue * 1000).rounded()
        guard ms.isFinite, abs(ms) < 9e15 else { return nil }
        return Int64(ms)
    }

    private static func parseValue(_ any: Any) -> Double? {
        guard let s = any as? String else { return nil }
        switch s {
        case "NaN": return .nan
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(s)
        }
    }
}
