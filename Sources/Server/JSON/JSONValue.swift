import GoTemplate
import TimeSeries

/// A JSON document written as Prometheus's HTTP API writes it (jsoniter in its standard-library-compatible
/// mode): object fields in declaration order, map keys sorted by bytes, HTML characters escaped in strings
/// (`<` as `\u003c`), floats as Go's `encoding/json` prints a `float64`.
///
/// The API's shapes are built as values of this type and rendered once, so every number and time is
/// spelled in one place.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    /// A Go `float64` field.
    case number(Double)
    /// A Go `int` field.
    case integer(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    /// Fields in the order given (a Go struct); use `map` for a Go map.
    case object([(String, JSONValue)])
    /// A number already spelled as JSON (Prometheus's sample times, written as upstream's
    /// `MarshalTimestamp` writes them rather than through a float).
    case raw(String)

    /// A Go `map[string]string` (or `labels.Labels`): keys sorted by their UTF-8 bytes, as Go sorts them.
    public static func map(_ pairs: [(String, String)]) -> JSONValue {
        .object(pairs.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }.map { ($0.0, .string($0.1)) })
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text == b.text }

    /// The JSON text.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .string(let s): out += GoJSON.quote(s)
        case .number(let d): out += Self.goFloat(d)
        case .integer(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .raw(let text): out += text
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                out += GoJSON.quote(key)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Go's `encoding/json` spelling of a finite `float64`: `strconv` 'f' format with the shortest digits,
    /// switching to 'e' below 1e-6 and from 1e21 on, with a one-digit negative exponent written `e-7`.
    /// Go refuses NaN and infinities (the whole response fails); the API never produces them in float
    /// fields (durations and intervals), so they are written as `null` here rather than failing.
    static func goFloat(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        let a = abs(d)
        if a != 0 && (a < 1e-6 || a >= 1e21) {
            var s = GoNumbers.formatE(d)
            // Go cleans up e-07 to e-7 (only negative exponents: large ones have two digits anyway).
            if let r = s.range(of: "e-0") { s.replaceSubrange(r, with: "e-") }
            return s
        }
        return GoFloat.formatF(d)
    }
}
