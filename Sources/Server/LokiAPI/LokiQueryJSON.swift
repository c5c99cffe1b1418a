import LogQL
import TimeSeries

/// LogQL results in the shapes of Loki's query API (reference: "Query logs at a single point in time",
/// "Query logs within a range of time"): `{"resultType": …, "result": …}` inside the success envelope.
///
/// Samples are Prometheus's: `[<seconds>, "<value>"]`, the time in milliseconds written as Prometheus's
/// `MarshalTimestamp` writes it (`1700000000.5` is `1700000000.500`), since Loki's metric results carry
/// millisecond times. Stream entries are `["<nanoseconds>", "<line>"]`; stream labels are the labels the
/// pipeline left (structured metadata and parsed labels included, as Loki answers without the
/// `categorize-labels` encoding flag).
public enum LokiQueryJSON {
    public static func data(_ result: LogQLResult) -> [(String, JSONValue)] {
        switch result {
        case let .scalar(t, v):
            return [("resultType", .string("scalar")), ("result", point(t, v))]
        case .vector(let samples):
            return [("resultType", .string("vector")),
                    ("result", .array(samples.map { .object([("metric", labels($0.labels)), ("value", point($0.t, $0.value))]) }))]
        case .matrix(let series):
            return [("resultType", .string("matrix")),
                    ("result", .array(series.map { s in
                        .object([("metric", labels(s.labels)), ("values", .array(s.floats.map { point($0.t, $0.v) }))])
                    }))]
        case .streams(let streams):
            return [("resultType", .string("streams")),
                    ("result", .array(streams.map { s in
                        .object([("stream", labels(s.labels)),
                                 ("values", .array(s.entries.map { .array([.string(String($0.timestamp)), .string($0.line)]) }))])
                    }))]
        }
    }

    /// The whole success answer, `stats` holding what Vigil measures of Loki's summary statistics.
    public static func success(_ result: LogQLResult, execSeconds: Double? = nil) -> JSONValue {
        var fields = data(result)
        if let execSeconds {
            fields.append(("stats", .object([("summary", .object([
                ("execTime", .number(execSeconds)), ("totalEntriesReturned", .integer(entriesReturned(result))),
            ]))])))
        }
        return .object([("status", .string("success")), ("data", .object(fields))])
    }

    static func entriesReturned(_ result: LogQLResult) -> Int {
        switch result {
        case .streams(let streams): return streams.reduce(0) { $0 + $1.entries.count }
        case .vector(let v): return v.count
        case .matrix(let m): return m.count
        case .scalar: return 1
        }
    }

    static func labels(_ labels: Labels) -> JSONValue { .map(labels.map { ($0.name, $0.value) }) }

    /// A sample: nanoseconds truncated to milliseconds as Loki turns its times into Prometheus samples.
    static func point(_ t: Int64, _ v: Double) -> JSONValue {
        .array([.raw(timestamp(milliseconds: t / 1_000_000)), .string(GoFloat.formatF(v))])
    }

    /// Prometheus's `MarshalTimestamp`: whole seconds, then `.` and three digits when there are milliseconds.
    static func timestamp(milliseconds t: Int64) -> String {
        let sign = t < 0 ? "-" : ""
        let magnitude = t.magnitude
        let fraction = magnitude % 1000
        let whole = "\(sign)\(magnitude / 1000)"
        guard fraction != 0 else { return whole }
        let digits = String(fraction)
        return whole + "." + String(repeating: "0", count: 3 - digits.count) + digits
    }
}
