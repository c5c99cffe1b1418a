/// Go `strconv` quoting (`Quote`, `QuoteRune`) and `%#U`: how Prometheus prints label values and string
/// literals, and how Go templates print `%q`, so printed output matches upstream byte for byte.
public enum GoQuote {
    public static func hex(_ v: UInt32, width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Whether Go's `strconv.IsPrint` holds (approximated with Unicode general categories).
    public static func isPrint(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x20 || s.value == 0x7F { return false }
        if s.value < 0x7F { return true }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return false
        case .spaceSeparator:
            return s.value == 0x20
        default:
            return true
        }
    }

    public static func escape(_ s: Unicode.Scalar, quote: Character, asciiOnly: Bool = false) -> String {
        switch s {
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{0B}": return "\\v"
        case "\\": return "\\\\"
        default: break
        }
        if Character(s) == quote { return "\\" + String(quote) }
        if isPrint(s) && !(asciiOnly && s.value >= 0x80) { return String(s) }
        if s.value < 0x20 || s.value == 0x7F { return "\\x" + hex(s.value, width: 2) }
        if s.value < 0x10000 { return "\\u" + hex(s.value, width: 4) }
        return "\\U" + hex(s.value, width: 8)
    }

    /// `strconv.Quote`. Invalid UTF-8 cannot occur in Swift strings.
    public static func quote(_ s: String, asciiOnly: Bool = false) -> String {
        var out = "\""
        for u in s.unicodeScalars { out += escape(u, quote: "\"", asciiOnly: asciiOnly) }
        return out + "\""
    }

    public static func quoteRune(_ r: Unicode.Scalar) -> String {
        "'" + escape(r, quote: "'") + "'"
    }

    /// `%#U`: `U+0041 'A'`.
    public static func runeDescription(_ r: Unicode.Scalar) -> String {
        let h = String(r.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - h.count)) + h
        if isPrint(r) { return "\(code) '\(r)'" }
        return code
    }
}

/// `strconv.Quote`.
public func quoteGo(_ s: String) -> String { GoQuote.quote(s) }
