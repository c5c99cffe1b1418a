import TimeSeries

/// The PromQL lexer. It works on the UTF-8 bytes of the input and mirrors upstream's lexer states (top
/// level, inside `{...}`, inside `[...]`), because several error messages and positions depend on them.
/// The whole input is tokenised up front; a lexing error becomes the last token, so the parser reports it
/// only once it gets there, as upstream does.
struct Lexer {
    let bytes: [UInt8]
    private var pos = 0
    private var start = 0
    private var width = 0
    private var parenDepth = 0
    private var braceOpen = false
    private var bracketOpen = false
    private var gotColon = false
    private var gotDuration = false
    /// True when the next token is read by upstream's `lexDurationExpr` state (right after `[` or an operator in it).
    private var durationState = false
    private var tokens: [Token] = []

    static let eofRune: Int32 = -1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func tokenize(_ bytes: [UInt8]) -> [Token] {
        var lexer = Lexer(bytes)
        lexer.run()
        return lexer.tokens
    }

    // MARK: Reading runes

    private mutating func next() -> Int32 {
        guard pos < bytes.count else { width = 0; return Lexer.eofRune }
        let (scalar, w) = decode(at: pos)
        width = w
        pos += w
        return scalar
    }

    private func decode(at i: Int) -> (Int32, Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (Int32(b0), 1) }
        let count: Int
        var value: UInt32
        if b0 & 0xE0 == 0xC0 { count = 2; value = UInt32(b0 & 0x1F) }
        else if b0 & 0xF0 == 0xE0 { count = 3; value = UInt32(b0 & 0x0F) }
        else if b0 & 0xF8 == 0xF0 { count = 4; value = UInt32(b0 & 0x07) }
        else { return (0xFFFD, 1) }
        // Swift strings are valid UTF-8, so upstream's "invalid UTF-8 rune" error cannot happen here; a
        // literal U+FFFD is accepted (it is what invalid bytes in Go-escaped strings print back as).
        guard i + count <= bytes.count else { return (0xFFFD, 1) }
        for k in 1..<count { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (Int32(bitPattern: value), count)
    }

    private mutating func backup() { pos -= width; width = 0 }

    private mutating func peek() -> Int32 {
        guard pos < bytes.count else { return Lexer.eofRune }
        return decode(at: pos).0
    }

    private mutating func accept(_ valid: String) -> Bool {
        let r = next()
        if r >= 0, r < 128, valid.utf8.contains(UInt8(r)) { return true }
        backup()
        return false
    }

    private mutating func isNext(_ valid: String) -> Bool {
        let r = peek()
        return r >= 0 && r < 128 && valid.utf8.contains(UInt8(r))
    }

    private mutating func acceptRun(_ valid: String) {
        while accept(valid) {}
    }

    // MARK: Emitting

    private mutating func emit(_ kind: TokenKind) {
        tokens.append(Token(kind: kind, start: start, end: pos))
        start = pos
    }

    /// Ends the token stream with an error located at the current token start (upstream's `errorf`).
    private mutating func fail(_ message: String) {
        tokens.append(Token(kind: .error(message), start: start, end: bytes.count))
    }

    /// Upstream's `emit` followed by `errorf` in the same step: the error replaces the emitted token.
    private mutating func failReplacingLast(_ message: String) {
        tokens.removeLast()
        fail(message)
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    // MARK: States

    private mutating func run() {
        while true {
            if let last = tokens.last {
                if case .eof = last.kind { return }
                if case .error = last.kind { return }
            }
            if braceOpen { lexInsideBraces() } else if durationState { lexDurationExpr() } else { lexStatements() }
        }
    }

    private mutating func lexStatements() {
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "#") { lexLineComment(); return }
        let r = next()
        switch r {
        case Lexer.eofRune:
            if parenDepth != 0 { fail("unclosed left parenthesis"); return }
            if bracketOpen { fail("unclosed left bracket"); return }
            emit(.eof)
        case c(","): emit(.comma)
        case _ where isSpace(r): skipSpaces()
        case c("*"): emit(.mul)
        case c("/"): emit(.div)
        case c("%"): emit(.mod)
        case c("+"): emit(.add)
        case c("-"): emit(.sub)
        case c("^"): emit(.pow)
        case c("="):
            let t = peek()
            if t == c("=") { _ = next(); emit(.eqlc) }
            else if t == c("~") { fail("unexpected character after '=': \(quoteRune(t))") }
            else { emit(.eql) }
        case c("!"):
            let t = next()
            if t != c("=") { fail("unexpected character after '!': \(quoteRune(t))"); return }
            emit(.neq)
        case c("<"):
            let t = peek()
            if t == c("=") { _ = next(); emit(.lte) }
            else if t == c("/") { _ = next(); emit(.trimUpper) }
            else { emit(.lss) }
        case c(">"):
            let t = peek()
            if t == c("=") { _ = next(); emit(.gte) }
            else if t == c("/") { _ = next(); emit(.trimLower) }
            else { emit(.gtr) }
        case _ where isDigit(r) || (r == c(".") && isDigit(peek())):
            backup()
            lexNumberOrDuration()
        case c("\""), c("'"): lexString(quote: r)
        case c("`"): lexRawString()
        case _ where isAlpha(r) || r == c(":"):
            if !bracketOpen {
                backup()
                lexKeywordOrIdentifier()
                return
            }
            if r == c(":") {
                if gotColon { fail("unexpected colon \(quoteRune(r))"); return }
                emit(.colon)
                gotColon = true
                return
            }
            if isDurationKeywordStart(r), scanDurationKeyword() { return }
            fail("unexpected character: \(quoteRune(r)), expected ':'")
        case c("("):
            emit(.leftParen)
            parenDepth += 1
        case c(")"):
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { failReplacingLast("unexpected right parenthesis ')'") }
        case c("{"):
            emit(.leftBrace)
            braceOpen = true
        case c("["):
            if bracketOpen { fail("unexpected left bracket '['"); return }
            gotColon = false
            emit(.leftBracket)
            skipSpaces()
            bracketOpen = true
            durationState = true
        case c("]"):
            if !bracketOpen { fail("unexpected right bracket ']'"); return }
            emit(.rightBracket)
            bracketOpen = false
        case c("@"): emit(.at)
        default:
            fail("unexpected character: \(quoteRune(r))")
        }
    }

    private mutating func lexInsideBraces() {
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "#") { lexLineComment(); return }
        let r = next()
        switch r {
        case Lexer.eofRune: fail("unexpected end of input inside braces")
        case _ where isSpace(r): skipSpaces()
        case _ where isAlpha(r):
            while isAlphaNumeric(next()) {}
            backup()
            emit(.identifier)
        case c(","): emit(.comma)
        case c("\""), c("'"): lexString(quote: r)
        case c("`"): lexRawString()
        case c("="):
            if next() == c("~") { emit(.eqlRegex) } else { backup(); emit(.eql) }
        case c("!"):
            let nr = next()
            if nr == c("~") { emit(.neqRegex) }
            else if nr == c("=") { emit(.neq) }
            else { fail("unexpected character after '!' inside braces: \(quoteRune(nr))") }
        case c("{"): fail("unexpected left brace '{'")
        case c("}"):
            emit(.rightBrace)
            braceOpen = false
        default:
            fail("unexpected character inside braces: \(quoteRune(r))")
        }
    }

    /// Upstream's `lexDurationExpr`: the first token after `[` and after each operator inside brackets.
    private mutating func lexDurationExpr() {
        let r = next()
        switch r {
        case Lexer.eofRune: fail("unexpected end of input in duration expression")
        case c("]"):
            emit(.rightBracket)
            bracketOpen = false
            gotColon = false
            durationState = false
        case c(":"):
            emit(.colon)
            if !gotDuration { failReplacingLast("unexpected colon before duration in duration expression"); return }
            if gotColon { failReplacingLast("unexpected repeated colon in duration expression"); return }
            gotColon = true
        case c("("):
            emit(.leftParen)
            parenDepth += 1
        case c(")"):
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { failReplacingLast("unexpected right parenthesis ')'") }
        case _ where isSpace(r): skipSpaces()
        case c("+"): emit(.add)
        case c("-"): emit(.sub)
        case c("*"): emit(.mul)
        case c("/"): emit(.div)
        case c("%"): emit(.mod)
        case c("^"): emit(.pow)
        case c(","): emit(.comma)
        case _ where isDurationKeywordStart(r):
            if !scanDurationKeyword() { fail("unexpected character in duration expression: \(quoteRune(r))") }
        case _ where isDigit(r) || (r == c(".") && isDigit(peek())):
            backup()
            gotDuration = true
            durationState = false
            lexNumberOrDuration()
        default:
            fail("unexpected character in duration expression: \(quoteRune(r))")
        }
    }

    private mutating func lexLineComment() {
        pos += 1
        var r = next()
        while r != Lexer.eofRune, r != c("\n"), r != c("\r") { r = next() }
        backup()
        // Comments are dropped here; upstream's parser skips them too.
        start = pos
    }

    private mutating func skipSpaces() {
        while isSpace(peek()) { _ = next() }
        start = pos
    }

    private mutating func lexKeywordOrIdentifier() {
        while true {
            let r = next()
            if isAlphaNumeric(r) || r == c(":") { continue }
            backup()
            break
        }
        let word = text(start, pos)
        if let kw = promqlKeywords[word.lowercased()] {
            // fill/fill_left/fill_right are keywords only before "(", so they stay usable as metric names.
            if kw == .fill || kw == .fillLeft || kw == .fillRight, !followedByLeftParen() {
                emit(.identifier)
            } else {
                emit(kw)
            }
        } else if word.utf8.contains(UInt8(ascii: ":")) {
            emit(.metricIdentifier)
        } else {
            emit(.identifier)
        }
    }

    private func followedByLeftParen() -> Bool {
        var i = pos
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
            return b == UInt8(ascii: "(")
        }
        return false
    }

    private func isDurationKeywordStart(_ r: Int32) -> Bool {
        guard r >= 0, r < 128 else { return false }
        let lower = UInt8(r) | 0x20
        return lower == UInt8(ascii: "s") || lower == UInt8(ascii: "r") || lower == UInt8(ascii: "m")
    }

    private mutating func scanDurationKeyword() -> Bool {
        while isAlpha(next()) {}
        backup()
        if let kind = durationKeywords[text(start, pos).lowercased()] {
            emit(kind)
            return true
        }
        return false
    }

    private mutating func lexNumberOrDuration() {
        if scanNumber() { emit(.number); return }
        if acceptRemainingDuration() {
            backup()
            emit(.duration)
            return
        }
        fail("bad number or duration syntax: \(quoteGo(text(start, pos)))")
    }

    private mutating func acceptRemainingDuration() -> Bool {
        if !accept("smhdwy") { return false }
        _ = accept("s")
        while accept("0123456789") {
            while accept("0123456789") {}
            if !accept("smhdw") { return false }
            _ = accept("s")
        }
        return !isAlphaNumeric(next())
    }

    /// Upstream's `scanNumber`: decimal, hex and octal integers and floats with `_` separators. The text is
    /// not necessarily a valid number; the parser converts it and reports errors.
    private mutating func scanNumber() -> Bool {
        let initial = pos
        var digits = "0123456789"
        if accept("0") && accept("xX") {
            _ = accept("_")
            digits = "0123456789abcdefABCDEF"
        }
        _ = accept(".")
        _ = accept(digits)
        var dotConsumed = false
        var exponentConsumed = false
        while isNext(digits + "._eE") {
            if isNext("."), dotConsumed { _ = accept("."); return false }
            if isNext("eE"), exponentConsumed { _ = accept("eE"); return false }
            if accept(".") {
                dotConsumed = true
                if accept("_.") { return false }
                if digits.utf8.count > 10 { return false }
                continue
            }
            if accept("eE") {
                exponentConsumed = true
                _ = accept("+-")
                if accept("._eE") || peek() == Lexer.eofRune { return false }
                continue
            }
            if accept("_") {
                if accept("._eE") || peek() == Lexer.eofRune { return false }
                continue
            }
            acceptRun(digits)
        }
        if pos == initial { return false }
        return !isAlphaNumeric(peek())
    }

    private mutating func lexString(quote: Int32) {
        while true {
            let r = next()
            switch r {
            case c("\\"):
                if let message = lexEscape(quote: quote) { fail(message); return }
            case Lexer.eofRune, c("\n"):
                fail("unterminated quoted string"); return
            case quote:
                emit(.string); return
            default: continue
            }
        }
    }

    private mutating func lexRawString() {
        while true {
            let r = next()
            switch r {
            case Lexer.eofRune: fail("unterminated raw string"); return
            case c("`"): emit(.string); return
            default: continue
            }
        }
    }

    /// Validates one escape sequence (the backslash is consumed); returns an error message if it is bad.
    private mutating func lexEscape(quote: Int32) -> String? {
        var ch = next()
        var n = 0
        var base: UInt32 = 0
        var maxValue: UInt32 = 0
        switch ch {
        case c("a"), c("b"), c("f"), c("n"), c("r"), c("t"), c("v"), c("\\"), quote: return nil
        case c("0")...c("7"): (n, base, maxValue) = (3, 8, 255)
        case c("x"): ch = next(); (n, base, maxValue) = (2, 16, 255)
        case c("u"): ch = next(); (n, base, maxValue) = (4, 16, 0x10FFFF)
        case c("U"): ch = next(); (n, base, maxValue) = (8, 16, 0x10FFFF)
        case Lexer.eofRune: return "escape sequence not terminated"
        default: return "unknown escape sequence \(formatUnicode(ch))"
        }
        var x: UInt32 = 0
        while n > 0 {
            let d = digitValue(ch)
            if d >= base {
                if ch == Lexer.eofRune { return "escape sequence not terminated" }
                return "illegal character \(formatUnicode(ch)) in escape sequence"
            }
            x = x &* base &+ d
            n -= 1
            if n > 0 { ch = next() }
        }
        if x > maxValue || (0xD800 <= x && x < 0xE000) { return "escape sequence is an invalid Unicode code point" }
        return nil
    }
}

// MARK: Character classes

@inline(__always) func c(_ s: Unicode.Scalar) -> Int32 { Int32(s.value) }

func isSpace(_ r: Int32) -> Bool { r == 0x20 || r == 0x09 || r == 0x0A || r == 0x0D }
func isDigit(_ r: Int32) -> Bool { r >= 0x30 && r <= 0x39 }
func isAlpha(_ r: Int32) -> Bool { r == 0x5F || (r >= 0x61 && r <= 0x7A) || (r >= 0x41 && r <= 0x5A) }
func isAlphaNumeric(_ r: Int32) -> Bool { isAlpha(r) || isDigit(r) }

func digitValue(_ r: Int32) -> UInt32 {
    switch r {
    case 0x30...0x39: return UInt32(r - 0x30)
    case 0x61...0x66: return UInt32(r - 0x61 + 10)
    case 0x41...0x46: return UInt32(r - 0x41 + 10)
    default: return 16
    }
}

/// Go's `%q` for a rune: `'x'`, with Go's escapes.
func quoteRune(_ r: Int32) -> String {
    guard r >= 0, let scalar = Unicode.Scalar(UInt32(r)) else { return "'\u{FFFD}'" }
    if scalar == "'" { return "'\\''" }
    if scalar == "\"" { return "'\"'" }
    let quoted = quoteGo(String(Character(scalar)))
    return "'" + quoted.dropFirst().dropLast() + "'"
}

/// Go's `%#U`: `U+0063 'c'` (the character only when printable).
func formatUnicode(_ r: Int32) -> String {
    let value = r < 0 ? 0xFFFD : UInt32(r)
    var hex = String(value, radix: 16, uppercase: true)
    while hex.count < 4 { hex = "0" + hex }
    if let scalar = Unicode.Scalar(value), GoQuote.isPrint(scalar) {
        return "U+\(hex) '\(Character(scalar))'"
    }
    return "U+\(hex)"
}
