/// Go `strconv` quoting and unquoting (`Quote`, `QuoteRune`, `Unquote`), and `%#U`.
enum GoQuote {
    static func hex(_ v: UInt32, width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// Whether Go's `strconv.IsPrint` holds (approximated with Unicode general categories).
    static func isPrint(_ s: Unicode.Scalar) -> Bool {
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

    static func escape(_ s: Unicode.Scalar, quote: Character, asciiOnly: Bool = false) -> String {
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
    static func quote(_ s: String, asciiOnly: Bool = false) -> String {
        var out = "\""
        for u in s.unicodeScalars { out += escape(u, quote: "\"", asciiOnly: asciiOnly) }
        return out + "\""
    }

    static func quoteRune(_ r: Unicode.Scalar) -> String {
        "'" + escape(r, quote: "'") + "'"
    }

    /// `%#U`: `U+0041 'A'`.
    static func runeDescription(_ r: Unicode.Scalar) -> String {
        let h = String(r.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - h.count)) + h
        if isPrint(r) { return "\(code) '\(r)'" }
        return code
    }

    enum UnquoteError: Error { case invalidSyntax }

    /// `strconv.Unquote` for "…", `…` and '…'.
    static func unquote(_ text: String) throws(UnquoteError) -> String {
        let b = Array(text.unicodeScalars)
        guard b.count >= 2, let q = b.first, b.last == q else { throw .invalidSyntax }
        let body = b[1..<(b.count - 1)]
        if q == "`" {
            if body.contains("`") { throw .invalidSyntax }
            return String(String.UnicodeScalarView(body.filter { $0 != "\r" }))
        }
        guard q == "\"" || q == "'" else { throw .invalidSyntax }
        var out = String.UnicodeScalarView()
        var i = body.startIndex
        func hexVal(_ c: Unicode.Scalar) -> UInt32? {
            switch c.value {
            case 0x30...0x39: return c.value - 0x30
            case 0x41...0x46: return c.value - 0x41 + 10
            case 0x61...0x66: return c.value - 0x61 + 10
            default: return nil
            }
        }
        var count = 0
        while i < body.endIndex {
            let c = body[i]
            count += 1
            if c == q || c == "\n" { throw .invalidSyntax }
            if c != "\\" { out.append(c); i += 1; continue }
            i += 1
            guard i < body.endIndex else { throw .invalidSyntax }
            let e = body[i]
            i += 1
            switch e {
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "\\": out.append("\\")
            case "'", "\"":
                if e != q { throw .invalidSyntax }
                out.append(e)
            case "x", "u", "U":
                let n = e == "x" ? 2 : (e == "u" ? 4 : 8)
                var v: UInt32 = 0
                for _ in 0..<n {
                    guard i < body.endIndex, let h = hexVal(body[i]) else { throw .invalidSyntax }
                    v = v * 16 + h
                    i += 1
                }
                guard let s = Unicode.Scalar(v) else {
                    if e == "x" { out.append("\u{FFFD}"); continue }
                    throw .invalidSyntax
                }
                if e == "x" && v >= 0x80 {
                    // A raw byte; Swift strings can't hold invalid UTF-8, use U+FFFD-free mapping.
                    out.append(s)
                } else {
                    out.append(s)
                }
            case "0"..."7":
                var v: UInt32 = e.value - 0x30
                for _ in 0..<2 {
                    guard i < body.endIndex, body[i].value >= 0x30, body[i].value <= 0x37 else { throw .invalidSyntax }
                    v = v * 8 + body[i].value - 0x30
                    i += 1
                }
                guard v <= 255, let s = Unicode.Scalar(v) else { throw .invalidSyntax }
                out.append(s)
            default:
                throw .invalidSyntax
            }
        }
        if q == "'" && (count != 1 || out.count != 1) { throw .invalidSyntax }
        return String(out)
    }
}
