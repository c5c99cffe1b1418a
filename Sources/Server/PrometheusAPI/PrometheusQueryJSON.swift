import GoTemplate
import PromQL
import TimeSeries

/// PromQL results in the shapes of Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`), for the
/// demo backend's API and `vigil query --format json`.
public enum PrometheusQueryJSON {
    public static func success(_ result: QueryResult) -> String {
        let data: String
        switch result.value {
        case .scalar(let t, let v):
            data = #"{"resultType":"scalar","result":\#(point(t, v))}"#
        case .string(let t, let s):
            data = #"{"resultType":"string","result":[\#(seconds(t)),\#(GoJSON.quote(s))]}"#
        case .vector(let samples):
            let items = samples.map { s in
                if let h = s.histogram {
                    return #"{"metric":\#(metric(s.labels)),"histogram":[\#(seconds(s.t)),\#(histogram(h))]}"#
                }
                return #"{"metric":\#(metric(s.labels)),"value":\#(point(s.t, s.value))}"#
            }
            data = #"{"resultType":"vector","result":[\#(items.joined(separator: ","))]}"#
        case .matrix(let series):
            let items = series.map { s -> String in
                var fields = [#""metric":\#(metric(s.labels))"#]
                if !s.floats.isEmpty { fields.append(#""values":[\#(s.floats.map { point($0.t, $0.v) }.joined(separator: ","))]"#) }
                if !s.histograms.isEmpty {
                    fields.append(#""histograms":[\#(s.histograms.map { "[\(seconds($0.t)),\(histogram($0.h))]" }.joined(separator: ","))]"#)
                }
                return "{" + fields.joined(separator: ",") + "}"
            }
            data = #"{"resultType":"matrix","result":[\#(items.joined(separator: ","))]}"#
        }
        var out = #"{"status":"success","data":\#(data)"#
        if !result.annotations.warnings.isEmpty {
            out += #","warnings":[\#(result.annotations.warnings.map(GoJSON.quote).joined(separator: ","))]"#
        }
        if !result.annotations.infos.isEmpty {
            out += #","infos":[\#(result.annotations.infos.map(GoJSON.quote).joined(separator: ","))]"#
        }
        return out + "}"
    }

    /// Seconds with millisecond precision, as the API prints timestamps (`1.5`, `60`).
    static func seconds(_ t: Int64) -> String { GoFloat.formatF(Double(t) / 1000) }

    static func point(_ t: Int64, _ v: Double) -> String { "[\(seconds(t)),\(GoJSON.quote(GoFloat.formatF(v)))]" }

    static func metric(_ labels: Labels) -> String {
        "{" + labels.map { "\(GoJSON.quote($0.name)):\(GoJSON.quote($0.value))" }.joined(separator: ",") + "}"
    }

    static func histogram(_ h: NativeHistogram) -> String {
        #"{"count":\#(GoJSON.quote(GoFloat.formatF(h.count))),"sum":\#(GoJSON.quote(GoFloat.formatF(h.sum)))}"#
    }
}
