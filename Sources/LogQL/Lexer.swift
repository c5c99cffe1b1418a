/// Splits a LogQL query into tokens.
///
/// LogQL keywords are context sensitive, and the lexer settles that the way Loki does so that its token
/// lists hold: function names (`rate`, `sum`, `ip`, `bytes`, ...) are keywords only before `(` (aggregations
/// also before `by`/`without`), so `| rate="x"` filters on a label called `rate`; other keywords (`json`,
/// `or`, `offset`, ...) turn into label names before a comparison; and inside `{...}` every word is a name.
/// Keywords are case-insensitive (`SUM BY`), names keep their case.
public struct Lexer {
    private let bytes: [UInt8]
    private var index = 0
    private var braceDepth = 0
    private var previous: TokenKind?

    public init(_ input: String) {
        bytes = Array(input.utf8)
    }

    /// All tokens up to the end (without the final EOF), or the tokens before the first error and the error.
    public static func tokenize(_ input: String) -> (tokens: [Token], error: LogQLError?) {
        var lexer = Lexer(input)
        var tokens: [Token] = []
        do {
            while true {
                let token = try lexer.next()
                if token.kind == .eof { return (tokens, nil) }
                tokens.append(token)
            }
        } catch {
            return (tokens, error.located(in: input))
        }
    }

    /// The next token; `.eof` at the end, again and again.
    mutating func next() throws(ParseFailure) -> Token {
        skipTrivia()
        let token = try scan()
        previous = token.kind
        switch token.kind {
        case .openBrace: braceDepth += 1
        case .closeBrace: braceDepth = max(0, braceDepth - 1)
        default: break
        }
        return token
    }

    // MARK: - Scanning

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private mutating func skipTrivia() {
        index = Lexer.skipTrivia(bytes, from: index)
    }

    /// Whitespace and `#` comments, which run to the end of the line.
    private static func skipTrivia(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                i += 1
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            default:
                return i
            }
        }
        return i
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    private mutating func scan() throws(ParseFailure) -> Token {
        let start = index
        guard let c = peek() else { return Token(kind: .eof, text: "", start: start, end: start) }
        func punct(_ kind: TokenKind, _ length: Int) -> Token {
            index += length
            return Token(kind: kind, text: text(start, start + length), start: start, end: start + length)
        }
        let n = peek(1)
        switch c {
        case UInt8(ascii: "{"): return punct(.openBrace, 1)
        case UInt8(ascii: "}"): return punct(.closeBrace, 1)
        case UInt8(ascii: "("): return punct(.openParenthesis, 1)
        case UInt8(ascii: ")"): return punct(.closeParenthesis, 1)
        case UInt8(ascii: ","): return punct(.comma, 1)
        case UInt8(ascii: "+"): return punct(.add, 1)
        case UInt8(ascii: "*"): return punct(.mul, 1)
        case UInt8(ascii: "/"): return punct(.div, 1)
        case UInt8(ascii: "%"): return punct(.mod, 1)
        case UInt8(ascii: "^"): return punct(.pow, 1)
        case UInt8(ascii: "="):
            if n == UInt8(ascii: "~") { return punct(.re, 2) }
            if n == UInt8(ascii: "=") { return punct(.cmpEq, 2) }
            return punct(.eq, 1)
        case UInt8(ascii: "!"):
            if n == UInt8(ascii: "=") { return punct(.neq, 2) }
            if n == UInt8(ascii: "~") { return punct(.nre, 2) }
            if n == UInt8(ascii: ">") { return punct(.notPipePattern, 2) }
            throw ParseFailure(message: "syntax error: unexpected character \"!\"", offset: start)
        case UInt8(ascii: "|"):
            if n == UInt8(ascii: "=") { return punct(.pipeExact, 2) }
            if n == UInt8(ascii: "~") { return punct(.pipeMatch, 2) }
            if n == UInt8(ascii: ">") { return punct(.pipePattern, 2) }
            return punct(.pipe, 1)
        case UInt8(ascii: ">"):
            return n == UInt8(ascii: "=") ? punct(.gte, 2) : punct(.gt, 1)
        case UInt8(ascii: "<"):
            return n == UInt8(ascii: "=") ? punct(.lte, 2) : punct(.lt, 1)
        case UInt8(ascii: "-"):
            // `--strict`; but `1--2` is 1 minus -2.
            if n == UInt8(ascii: "-"), let letter = peek(2), isIdentifierStart(letter) { return try scanFlag() }
            // `-5m` is one negative duration token (`offset -5m`), while `-5` stays SUB NUMBER.
            if let n, isDigit(n) || n == UInt8(ascii: ".") {
                let end = scanRun(from: start + 1)
                let run = text(start + 1, end)
                if parseGoDuration(run) != nil, !isGoNumber(run) {
                    index = end
                    return Token(kind: .duration, text: "-" + run, start: start, end: end)
                }
            }
            return punct(.sub, 1)
        case UInt8(ascii: "\""): return try scanQuoted()
        case UInt8(ascii: "`"): return try scanRaw()
        case UInt8(ascii: "["): return try scanRange()
        default:
            if isDigit(c) || (c == UInt8(ascii: ".") && n.map(isDigit) == true) { return try scanNumberLike() }
            if isIdentifierStart(c) { return scanWord() }
            let scalarEnd = min(bytes.count, start + utf8Length(c))
            throw ParseFailure(message: "syntax error: unexpected character \(quoteForMessage(text(start, scalarEnd)))",
                               offset: start)
        }
    }

    private func utf8Length(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    }

    private mutating func scanFlag() throws(ParseFailure) -> Token {
        let start = index
        var i = index + 2
        while i < bytes.count, isIdentifierPart(bytes[i]) || bytes[i] == UInt8(ascii: "-") { i += 1 }
        let flag = text(start, i)
        guard flag == "--strict" || flag == "--keep-empty" else {
            throw ParseFailure(message: "syntax error: unknown flag \(quoteForMessage(flag))", offset: start)
        }
        index = i
        return Token(kind: .functionFlag, text: flag, start: start, end: i)
    }

    /// A Go double-quoted string with Go's escapes.
    private mutating func scanQuoted() throws(ParseFailure) -> Token {
        let start = index
        var i = index + 1
        var value: [UInt8] = []
        while true {
            guard i < bytes.count, bytes[i] != UInt8(ascii: "\n") else {
                throw ParseFailure(message: "syntax error: unterminated string literal", offset: start)
            }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c != UInt8(ascii: "\\") { value.append(c); i += 1; continue }
            guard i + 1 < bytes.count else {
                throw ParseFailure(message: "syntax error: unterminated string literal", offset: start)
            }
            let e = bytes[i + 1]
            let simple: [UInt8: UInt8] = [
                UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12, UInt8(ascii: "n"): 10,
                UInt8(ascii: "r"): 13, UInt8(ascii: "t"): 9, UInt8(ascii: "v"): 11,
                UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "\""): UInt8(ascii: "\""),
            ]
            if let s = simple[e] { value.append(s); i += 2; continue }
            var digits = 0, radix = 16
            switch e {
            case UInt8(ascii: "x"): digits = 2
            case UInt8(ascii: "u"): digits = 4
            case UInt8(ascii: "U"): digits = 8
            case UInt8(ascii: "0")...UInt8(ascii: "7"): digits = 3; radix = 8
            default:
                throw ParseFailure(message: "syntax error: invalid escape sequence \(quoteForMessage(text(i, i + 2)))",
                                   offset: i)
            }
            let from = radix == 8 ? i + 1 : i + 2
            guard from + digits <= bytes.count, let v = UInt32(text(from, from + digits), radix: radix) else {
                throw ParseFailure(message: "syntax error: invalid escape sequence", offset: i)
            }
            if e == UInt8(ascii: "x") || radix == 8 {
                // \x and octal escapes are bytes, not code points, as in Go.
                guard v < 256 else { throw ParseFailure(message: "syntax error: octal escape value > 255", offset: i) }
                value.append(UInt8(v))
            } else {
                guard let scalar = Unicode.Scalar(v) else {
                    throw ParseFailure(message: "syntax error: escape sequence is invalid Unicode code point", offset: i)
                }
                value.append(contentsOf: Array(String(scalar).utf8))
            }
            i = from + digits
        }
        // `\xff` can spell bytes that are not UTF-8; Loki refuses such strings too.
        guard let decoded = String(validating: value, as: UTF8.self) else {
            throw ParseFailure(message: "syntax error: invalid UTF-8 encoding", offset: start)
        }
        index = i
        return Token(kind: .string, text: decoded, start: start, end: i)
    }

    /// A Go raw string: no escapes, newlines allowed.
    private mutating func scanRaw() throws(ParseFailure) -> Token {
        let start = index
        var i = index + 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "`") { i += 1 }
        guard i < bytes.count else {
            throw ParseFailure(message: "syntax error: unterminated raw string literal", offset: start)
        }
        index = i + 1
        return Token(kind: .string, text: text(start + 1, i), start: start, end: i + 1)
    }

    /// `[5m]`: a range is one token holding the duration.
    private mutating func scanRange() throws(ParseFailure) -> Token {
        let start = index
        var i = index + 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "]") {
            let c = bytes[i]
            guard isIdentifierPart(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: " ") || c >= 0x80 else {
                throw ParseFailure(message: "syntax error: unterminated range, expecting a duration and \"]\"", offset: start)
            }
            i += 1
        }
        guard i < bytes.count else {
            throw ParseFailure(message: "syntax error: unterminated range, expecting a duration and \"]\"", offset: start)
        }
        let content = text(start + 1, i).trimmingSpaces()
        guard parseGoDuration(content) != nil else {
            throw ParseFailure(message: "syntax error: invalid duration \(quoteForMessage(content)) in range", offset: start)
        }
        index = i + 1
        return Token(kind: .range, text: content, start: start, end: i + 1)
    }

    /// The maximal run of characters a number, duration or byte size can hold, plus the sign of an exponent.
    private func scanRun(from start: Int) -> Int {
        var i = start
        while i < bytes.count {
            let c = bytes[i]
            if isIdentifierPart(c) || c == UInt8(ascii: ".") { i += 1; continue }
            // µ (U+00B5) and μ (U+03BC) as in Go's `µs`.
            if (c == 0xC2 || c == 0xCE), i + 1 < bytes.count, bytes[i + 1] == 0xB5 || bytes[i + 1] == 0xBC { i += 2; continue }
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "-"), i > start, i + 1 < bytes.count, isDigit(bytes[i + 1]) {
                let prev = bytes[i - 1] | 0x20
                let isHex = i - start > 1 && bytes[start] == UInt8(ascii: "0") && (bytes[start + 1] | 0x20) == UInt8(ascii: "x")
                if (prev == UInt8(ascii: "e") && !isHex) || (prev == UInt8(ascii: "p") && isHex) { i += 1; continue }
            }
            break
        }
        return i
    }

    private mutating func scanNumberLike() throws(ParseFailure) -> Token {
        let start = index
        let end = scanRun(from: start)
        let run = text(start, end)
        let kind: TokenKind
        if isGoNumber(run) {
            kind = .number
        } else if parseGoDuration(run) != nil {
            kind = .duration
        } else if parseBytes(run) != nil {
            kind = .bytes
        } else {
            throw ParseFailure(message: "syntax error: invalid number, duration or byte size \(quoteForMessage(run))",
                               offset: start)
        }
        index = end
        return Token(kind: kind, text: run, start: start, end: end)
    }

    private mutating func scanWord() -> Token {
        let start = index
        var i = index
        while i < bytes.count, isIdentifierPart(bytes[i]) { i += 1 }
        index = i
        let word = text(start, i)
        return Token(kind: classify(word, end: i), text: word, start: start, end: i)
    }

    /// Settles whether a word is a keyword or a name from what follows it (see the type's comment).
    private func classify(_ word: String, end: Int) -> TokenKind {
        if braceDepth > 0 { return .identifier }
        let lower = word.lowercased()
        let after = Lexer.skipTrivia(bytes, from: end)
        let next = after < bytes.count ? bytes[after] : nil
        let next2 = after + 1 < bytes.count ? bytes[after + 1] : nil
        if let kind = TokenKind.aggregationKeywords[lower] {
            if next == UInt8(ascii: "(") { return kind }
            var j = after
            while j < bytes.count, isIdentifierPart(bytes[j]) { j += 1 }
            let following = text(after, j).lowercased()
            if following == "by" || following == "without" { return kind }
            return .identifier
        }
        if let kind = TokenKind.callKeywords[lower] {
            return next == UInt8(ascii: "(") ? kind : .identifier
        }
        guard let kind = TokenKind.plainKeywords[lower] else { return .identifier }
        switch next {
        case UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return .identifier
        case UInt8(ascii: "!") where next2 == UInt8(ascii: "=") || next2 == UInt8(ascii: "~"):
            return previous == .pipe && TokenKind.stageKeywords.contains(kind) ? kind : .identifier
        default:
            return kind
        }
    }
}

// MARK: - Character classes and literal grammars shared with the parser

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
@inline(__always) func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "_")
}
@inline(__always) func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }

/// Whether the text is a number literal as Go's scanner reads it (decimal, hex, octal or binary).
func isGoNumber(_ s: String) -> Bool {
    let b = Array(s.utf8)
    guard !b.isEmpty else { return false }
    func all(_ from: Int, _ to: Int, _ ok: (UInt8) -> Bool) -> Bool { from <= to && b[from..<to].allSatisfy(ok) }
    let isHexDigit: (UInt8) -> Bool = { isDigit($0) || (($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "f")) }
    if b.count > 2, b[0] == UInt8(ascii: "0") {
        let p = b[1] | 0x20
        if p == UInt8(ascii: "b") { return all(2, b.count) { $0 == 48 || $0 == 49 } }
        if p == UInt8(ascii: "o") { return all(2, b.count) { $0 >= 48 && $0 <= 55 } }
        if p == UInt8(ascii: "x") {
            var i = 2, digits = 0
            while i < b.count, isHexDigit(b[i]) { i += 1; digits += 1 }
            if i < b.count, b[i] == UInt8(ascii: ".") { i += 1; while i < b.count, isHexDigit(b[i]) { i += 1; digits += 1 } }
            guard digits > 0 else { return false }
            if i < b.count, (b[i] | 0x20) == UInt8(ascii: "p") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                return i < b.count && all(i, b.count, isDigit)
            }
            return i == b.count
        }
    }
    var i = 0, digits = 0
    while i < b.count, isDigit(b[i]) { i += 1; digits += 1 }
    if i < b.count, b[i] == UInt8(ascii: ".") { i += 1; while i < b.count, isDigit(b[i]) { i += 1; digits += 1 } }
    guard digits > 0 else { return false }
    if i < b.count, (b[i] | 0x20) == UInt8(ascii: "e") {
        i += 1
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        return i < b.count && all(i, b.count, isDigit)
    }
    return i == b.count
}

/// Go's `time.ParseDuration` without a sign, extended with `d`, `w` and `y` as Prometheus has them;
/// nanoseconds, or nil when the text is not a duration or overflows.
func parseGoDuration(_ s: String) -> Int64? {
    let b = Array(s.utf8)
    guard !b.isEmpty else { return nil }
    if s == "0" { return 0 }
    let units: [String: Int64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000, "d": 86_400_000_000_000,
        "w": 604_800_000_000_000, "y": 31_536_000_000_000_000,
    ]
    var i = 0
    var total: Int64 = 0
    while i < b.count {
        var whole: Int64 = 0
        var digits = 0
        while i < b.count, isDigit(b[i]) {
            let (m, o1) = whole.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(b[i] - 48))
            if o1 || o2 { return nil }
            whole = a; i += 1; digits += 1
        }
        var fraction: [UInt8] = []
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, isDigit(b[i]) { fraction.append(b[i] - 48); i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        let unitStart = i
        while i < b.count, !isDigit(b[i]), b[i] != UInt8(ascii: ".") { i += 1 }
        guard let size = units[String(decoding: b[unitStart..<i], as: UTF8.self)] else { return nil }
        let (w, o1) = whole.multipliedReportingOverflow(by: size)
        if o1 { return nil }
        // The fraction scaled to the unit, exactly while it fits (Go does the same with a float fallback).
        var frac: Int64 = 0
        var scale = size
        for d in fraction {
            scale /= 10
            if scale == 0 { break }
            frac += Int64(d) * scale
        }
        let (sum1, o2) = total.addingReportingOverflow(w)
        let (sum2, o3) = sum1.addingReportingOverflow(frac)
        if o2 || o3 { return nil }
        total = sum2
    }
    return total
}

/// A byte size as `humanize.ParseBytes` reads it (`20MB`, `1KiB`, `2.5kb`); units are case-insensitive,
/// SI units are powers of 1000 and IEC units powers of 1024. Nil when not a byte size.
func parseBytes(_ s: String) -> UInt64? {
    let b = Array(s.utf8)
    var i = 0
    while i < b.count, isDigit(b[i]) || b[i] == UInt8(ascii: ".") { i += 1 }
    guard i > 0, i < b.count, let number = Double(String(decoding: b[0..<i], as: UTF8.self)) else { return nil }
    let unit = String(decoding: b[i...], as: UTF8.self).lowercased()
    let multipliers: [String: Double] = [
        "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15, "eb": 1e18,
        "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
        "pib": 1_125_899_906_842_624, "eib": 1_152_921_504_606_846_976,
    ]
    guard let m = multipliers[unit] else { return nil }
    let value = number * m
    guard value.isFinite, value < 18_446_744_073_709_551_616.0 else { return nil }
    return UInt64(value)
}

/// Go's `strconv.ParseFloat` for the literals LogQL takes: decimal, or hexadecimal with a `p` exponent.
/// Hex integers (`0x10`) and binary are refused there, which is why `| code > 0x10` is an error in Loki.
func goParseFloat(_ s: String) -> Double? {
    let lower = s.lowercased()
    if lower.hasPrefix("0x") {
        guard lower.contains("p"), let v = Double(s) else { return nil }
        return v.isFinite ? v : nil
    }
    if lower.hasPrefix("0b") || lower.hasPrefix("0o") { return nil }
    guard let v = Double(s), v.isFinite else { return nil }
    return v
}

func quoteForMessage(_ s: String) -> String { "\"" + s + "\"" }

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
