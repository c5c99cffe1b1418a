import TimeSeries
/// Go's `encoding/json.Marshal` for template values (HTML-safe escaping, sorted map keys).
public enum GoJSON {
    static func marshal(_ v: TemplateValue) throws(FunctionError) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .duration(let d): return String(d)
        case .float(let d):
            if !d.isFinite { throw FunctionError("json: unsupported value: \(GoFormat.sprint([v]))") }
            let a = abs(d)
            if a != 0 && (a < 1e-6 || a >= 1e21) {
                var s = GoFloatFormat.format(d, "e", prec: -1)
                // Go trims e-07 to e-7.
                if let r = s.range(of: "e-0") { s.replaceSubrange(r, with: "e-") }
                if let r = s.range(of: "e+0") { s.replaceSubrange(r, with: "e+") }
                return s
            }
            return GoFloatFormat.format(d, "f", prec: -1)
        case .string(let s): return quote(s)
        case .time(let t): return quote(GoTimeFormat.format(t, layout: "2006-01-02T15:04:05.999999999Z07:00"))
        case .list(let l):
            var parts: [String] = []
            for e in l { parts.append(try marshal(e)) }
            return "[" + parts.joined(separator: ",") + "]"
        case .map, .stringMap:
            var parts: [String] = []
            for (k, e) in v.sortedMapEntries ?? [] { parts.append(quote(k) + ":" + (try marshal(e))) }
            return "{" + parts.joined(separator: ",") + "}"
        case .object(let o):
            if o.isNilPointer { return "null" }
            if let u = o.underlying { return try marshal(u) }
            var parts: [String] = []
            for name in o.fieldOrder {
                let key = name.prefix(1).lowercased() + name.dropFirst()
                parts.append(quote(key) + ":" + (try marshal(o.field(name) ?? .null)))
            }
            return "{" + parts.joined(separator: ",") + "}"
        case .function:
            throw FunctionError("json: unsupported type: \(v.goTypeName)")
        }
    }

    /// A JSON string literal as Go's `encoding/json` writes it (`<`, `>`, `&` escaped), which is also
    /// what Prometheus's HTTP API prints.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += "\\u" + GoQuote.hex(u.value, width: 4)
            default:
                if u.value < 0x20 { out += "\\u" + GoQuote.hex(u.value, width: 4) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
