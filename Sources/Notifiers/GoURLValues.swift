/// Go's `url.Values.Encode`: `key=value` pairs joined by `&`, sorted by key (stable for repeated keys),
/// both sides escaped by `url.QueryEscape` (space as `+`, everything but letters, digits and `-_.~`
/// as `%XX`).
enum GoURLValues {
    static func encode(_ pairs: [(String, String)]) -> String {
        let sorted = pairs.enumerated().sorted { a, b in
            let ka = Array(a.element.0.utf8), kb = Array(b.element.0.utf8)
            return ka == kb ? a.offset < b.offset : ka.lexicographicallyPrecedes(kb)
        }
        return sorted.map { queryEscape($0.element.0) + "=" + queryEscape($0.element.1) }.joined(separator: "&")
    }

    static func queryEscape(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
