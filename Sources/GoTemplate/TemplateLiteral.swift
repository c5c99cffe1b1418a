/// Go's `strconv.Unquote` as the template lexer needs it: a byte escape above 0x7F is kept as that code
/// point (Go keeps the raw byte, which a Swift string cannot hold), where `TimeSeries.GoUnquote` refuses it.
enum TemplateLiteral {
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
