/// Reads `key=value key2="quoted value" standalone` pairs as the `logfmt` parser does.
/// https://grafana.com/docs/loki/latest/query/log_queries/ "logfmt".
///
/// Keys run up to `=`, a space or a quote; values are bare (up to a space) or double-quoted with Go escapes.
/// A malformed pair is a syntax error; the non-strict parser skips it and reads on, the strict one stops.
struct LogfmtScanner {
    struct Pair {
        var key: String
        var value: String
        /// A key with no `=` at all (`--keep-empty` keeps it, with an empty value).
        var standalone: Bool
    }

    struct SyntaxError: Error {
        var position: Int
        var message: String
        /// The text of `__error_details__`.
        var details: String { "logfmt syntax error at pos \(position) : \(message)" }
    }

    enum Item {
        case pair(Pair)
        case error(SyntaxError)
    }

    /// Every pair and error of the line, in order.
    static func scan(_ line: String) -> [Item] {
        let b = Array(line.utf8)
        var items: [Item] = []
        var i = 0
        func isSpace(_ c: UInt8) -> Bool { c <= 0x20 }
        func skipToken() { while i < b.count, !isSpace(b[i]) { i += 1 } }
        while i < b.count {
            while i < b.count, isSpace(b[i]) { i += 1 }
            if i >= b.count { break }
            let keyStart = i
            while i < b.count, !isSpace(b[i]), b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: "\"") { i += 1 }
            if i == keyStart {
                // `=value` or a quote where a key should start.
                items.append(.error(SyntaxError(position: i + 1, message: "unexpected \(quoteByte(b[i]))")))
                i += 1
                skipToken()
                continue
            }
            let key = String(decoding: b[keyStart..<i], as: UTF8.self)
            if i >= b.count || isSpace(b[i]) {
                items.append(.pair(Pair(key: key, value: "", standalone: true)))
                continue
            }
            if b[i] == UInt8(ascii: "\"") {
                items.append(.error(SyntaxError(position: i + 1, message: "unexpected '\"'")))
                skipToken()
                continue
            }
            i += 1 // '='
            if i >= b.count || isSpace(b[i]) {
                items.append(.pair(Pair(key: key, value: "", standalone: false)))
                continue
            }
            if b[i] == UInt8(ascii: "\"") {
                let quoteAt = i
                i += 1
                var out: [UInt8] = []
                var closed = false
                while i < b.count {
                    let c = b[i]
                    if c == UInt8(ascii: "\"") { closed = true; i += 1; break }
                    if c == UInt8(ascii: "\\"), i + 1 < b.count {
                        i += 1
                        switch b[i] {
                        case UInt8(ascii: "n"): out.append(0x0A)
                        case UInt8(ascii: "t"): out.append(0x09)
                        case UInt8(ascii: "r"): out.append(0x0D)
                        case UInt8(ascii: "\""): out.append(0x22)
                        case UInt8(ascii: "\\"): out.append(0x5C)
                        default: out.append(0x5C); out.append(b[i])
                        }
                        i += 1
                        continue
                    }
                    out.append(c)
                    i += 1
                }
                if !closed {
                    items.append(.error(SyntaxError(position: quoteAt + 1, message: "unterminated quoted value")))
                    break
                }
                items.append(.pair(Pair(key: key, value: String(decoding: out, as: UTF8.self), standalone: false)))
                if i < b.count, !isSpace(b[i]) {
                    items.append(.error(SyntaxError(position: i + 1, message: "unexpected \(quoteByte(b[i]))")))
                    skipToken()
                }
                continue
            }
            let valueStart = i
            var bad: Int? = nil
            while i < b.count, !isSpace(b[i]) {
                if bad == nil, b[i] == UInt8(ascii: "=") || b[i] == UInt8(ascii: "\"") { bad = i }
                i += 1
            }
            if let bad {
                items.append(.error(SyntaxError(position: bad + 1, message: "unexpected \(quoteByte(b[bad]))")))
                continue
            }
            items.append(.pair(Pair(key: key, value: String(decoding: b[valueStart..<i], as: UTF8.self), standalone: false)))
        }
        return items
    }

    private static func quoteByte(_ c: UInt8) -> String { "'" + String(decoding: [c], as: UTF8.self) + "'" }
}
