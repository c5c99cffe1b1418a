/// Go's `strconv.Unquote` for the three string forms PromQL, LogQL and test files accept: `"…"` and `'…'`
/// with Go escapes, and raw `` `…` `` strings with none.
public enum GoUnquote {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        /// Offset in Unicode scalars from the opening quote to the offending character.
        public let offset: Int
        public var description: String { message }
    }

    /// Unquotes `literal`, which must include its quotes.
    public static func unquote(_ literal: String) throws(Failure) -> String {
        let s = Array(literal.unicodeScalars)
        guard s.count >= 2, let quote = s.first, s.last == quote, quote == "\"" || quote == "'" || quote == "`" else {
            throw Failure(message: "invalid syntax", offset: 0)
        }
        var out = String.UnicodeScalarView()
        if quote == "`" {
            for c in s[1..<(s.count - 1)] where c != "\r" {
                if c == "`" { throw Failure(message: "invalid syntax", offset: 0) }
                out.append(c)
            }
            return String(out)
        }
        var i = 1
        let end = s.count - 1
        while i < end {
            let c = s[i]
            if c == quote { throw Failure(message: "invalid syntax", offset: i) }
            if c == "\n" { throw Failure(message: "newline in string", offset: i) }
            guard c == "\\" else { out.append(c); i += 1; continue }
            guard i + 1 < end else { throw Failure(message: "escape sequence not terminated", offset: i) }
            let e = s[i + 1]
            i += 2
            switch e {
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "\\": out.append("\\")
            case "\"", "'":
                guard e == quote else { throw Failure(message: "unknown escape sequence", offset: i - 2) }
                out.append(e)
            case "x", "u", "U":
                let width = e == "x" ? 2 : e == "u" ? 4 : 8
                guard i + width <= end else { throw Failure(message: "escape sequence not terminated", offset: i - 2) }
                var value: UInt32 = 0
                for k in 0..<width {
                    guard let d = hexValue(s[i + k]) else {
                        throw Failure(message: "invalid character in escape sequence", offset: i + k)
                    }
                    value = value * 16 + d
                }
                i += width
                if e == "x" {
                    // \xHH is a byte; outside ASCII it cannot stand alone in a Swift (UTF-8) string.
                    guard value < 0x80 else { throw Failure(message: "invalid byte escape in UTF-8 string", offset: i - 4) }
                    out.append(Unicode.Scalar(value)!)
                } else {
                    guard let scalar = Unicode.Scalar(value) else {
                        throw Failure(message: "escape sequence is invalid Unicode code point", offset: i - width - 2)
                    }
                    out.append(scalar)
                }
            case "0"..."7":
                var value: UInt32 = 0
                var k = i - 1
                for _ in 0..<3 {
                    guard k < end, let d = hexValue(s[k]), d < 8 else {
                        throw Failure(message: "invalid character in escape sequence", offset: k)
                    }
                    value = value * 8 + d
                    k += 1
                }
                guard value < 0x80 else { throw Failure(message: "octal escape value > 255", offset: i - 2) }
                out.append(Unicode.Scalar(value)!)
                i = k
            default:
                throw Failure(message: "unknown escape sequence", offset: i - 2)
            }
        }
        return String(out)
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }
}
