/// Alertmanager's classic matcher syntax (`pkg/labels`), the fallback when the UTF-8 syntax refuses an
/// input: `name op value` with a Prometheus label name, the value optionally in double quotes, `\n`,
/// `\"` and `\\` unescaped in it and any other backslash kept.
enum ClassicMatcherParser {
    static func matchers(_ input: String) throws(MatcherParseError) -> [AlertMatcher] {
        var s = Substring(input)
        if s.hasPrefix("{") { s = s.dropFirst() }
        if s.hasSuffix("}") { s = s.dropLast() }
        // Split on commas outside double quotes; a backslash escapes a quote.
        var tokens: [String] = []
        var token = ""
        var insideQuotes = false
        var escaped = false
        for c in s.unicodeScalars {
            switch c {
            case ",":
                if !insideQuotes {
                    tokens.append(token)
                    token = ""
                    continue
                }
            case "\"":
                if !escaped { insideQuotes.toggle() } else { escaped = false }
            case "\\":
                escaped.toggle()
            default:
                escaped = false
            }
            token.unicodeScalars.append(c)
        }
        let last = trimGoSpace(token)
        if !last.isEmpty { tokens.append(last) }
        var out: [AlertMatcher] = []
        for t in tokens { out.append(try matcher(t)) }
        return out
    }

    /// `^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$`, then the value's quotes and escapes.
    static func matcher(_ input: String) throws(MatcherParseError) -> AlertMatcher {
        let bad = MatcherParseError("bad matcher format: \(input)")
        let c = Array(input.unicodeScalars)
        var i = 0
        func isSpace(_ x: Unicode.Scalar) -> Bool { x == " " || x == "\t" || x == "\n" || x == "\r" || x == "\u{0C}" }
        func isNameStart(_ x: Unicode.Scalar) -> Bool { x == "_" || x == ":" || ("a"..."z").contains(x) || ("A"..."Z").contains(x) }
        while i < c.count, isSpace(c[i]) { i += 1 }
        guard i < c.count, isNameStart(c[i]) else { throw bad }
        let nameStart = i
        while i < c.count, isNameStart(c[i]) || ("0"..."9").contains(c[i]) { i += 1 }
        let name = String(String.UnicodeScalarView(c[nameStart..<i]))
        while i < c.count, isSpace(c[i]) { i += 1 }
        let type: AlertMatcher.MatchType
        func at(_ k: Int) -> Unicode.Scalar? { k < c.count ? c[k] : nil }
        switch (at(i), at(i + 1)) {
        case ("=", "~"): type = .regexMatch; i += 2
        case ("=", _): type = .equal; i += 1
        case ("!", "="): type = .notEqual; i += 2
        case ("!", "~"): type = .regexNoMatch; i += 2
        default: throw bad
        }
        while i < c.count, isSpace(c[i]) { i += 1 }
        var end = c.count
        while end > i, isSpace(c[end - 1]) { end -= 1 }
        let raw = String(String.UnicodeScalarView(c[i..<end]))
        var rawValue = Array(c[i..<end])
        var expectTrailingQuote = false
        if rawValue.first == "\"" {
            rawValue.removeFirst()
            expectTrailingQuote = true
        }
        let quoteError = MatcherParseError("matcher value contains unescaped double quote: \(raw)")
        var value = String.UnicodeScalarView()
        var escaped = false
        for (k, r) in rawValue.enumerated() {
            if escaped {
                escaped = false
                switch r {
                case "n": value.append("\n")
                case "\"", "\\": value.append(r)
                default: value.append("\\"); value.append(r)
                }
                continue
            }
            switch r {
            case "\\":
                // Go compares a byte index with the byte length; only the last character differs.
                if k < rawValue.count - 1 { escaped = true; continue }
                value.append("\\")
            case "\"":
                if !expectTrailingQuote || k < rawValue.count - 1 { throw quoteError }
                expectTrailingQuote = false
            default:
                value.append(r)
            }
        }
        if expectTrailingQuote { throw quoteError }
        do {
            return try AlertMatcher(type, name, String(value))
        } catch {
            throw MatcherParseError(error.message)
        }
    }

    static func trimGoSpace(_ s: String) -> String {
        var c = Substring(s).unicodeScalars[...]
        while let f = c.first, AlertMatcher.isGoSpace(f) { c = c.dropFirst() }
        while let l = c.last, AlertMatcher.isGoSpace(l) { c = c.dropLast() }
        return String(String.UnicodeScalarView(c))
    }
}
