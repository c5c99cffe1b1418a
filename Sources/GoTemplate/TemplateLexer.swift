import TimeSeries
/// Tokens of Go's `text/template` lexer (`text/template/parse/lex.go` semantics).
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case error, bool, char, charConstant, comment, assign, declare, eof, field, identifier
        case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
        // keywords
        case block, breakKw, continueKw, dot, define, elseKw, end, ifKw, nilKw, range, template, with

        var isKeyword: Bool {
            switch self {
            case .block, .breakKw, .continueKw, .dot, .define, .elseKw, .end, .ifKw, .nilKw, .range, .template, .with: return true
            default: return false
            }
        }
    }
    var kind: Kind
    var text: String
    var pos: Int
    var line: Int

    /// Go's `item.String()`, used in `unexpected X in Y` messages.
    var goDescription: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return text
        default:
            if kind.isKeyword { return "<\(text)>" }
            let bytes = Array(text.utf8)
            if bytes.count > 10 {
                // %.10q: quote the first 10 runes.
                return GoQuote.quote(String(text.prefix(10))) + "..."
            }
            return GoQuote.quote(text)
        }
    }
}

/// Scans template text into tokens. Works on UTF-8 bytes so positions are Go byte offsets.
struct TemplateLexer {
    let input: [UInt8]
    let leftDelim: [UInt8]
    let rightDelim: [UInt8]
    var pos = 0
    var start = 0
    var line = 1
    var startLine = 1
    var parenDepth = 0
    var tokens: [Token] = []
    let emitComments: Bool

    init(_ text: String, leftDelim: String = "{{", rightDelim: String = "}}", emitComments: Bool = false) {
        input = Array(text.utf8)
        self.leftDelim = Array(leftDelim.utf8)
        self.rightDelim = Array(rightDelim.utf8)
        self.emitComments = emitComments
    }

    static func tokenize(_ text: String, emitComments: Bool = false) -> [Token] {
        var l = TemplateLexer(text, emitComments: emitComments)
        l.run()
        return l.tokens
    }

    // MARK: helpers

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }
    static func isAlnum(_ c: UInt8) -> Bool {
        c == 0x5F || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80
    }

    /// Go's `isAlphaNumeric` for the rune at `i` (underscore, Unicode letter or digit); returns its byte length.
    func alnumLength(at i: Int) -> Int? {
        guard i < input.count else { return nil }
        let c = input[i]
        if c < 0x80 { return Self.isAlnum(c) ? 1 : nil }
        var end = i + 1
        while end < input.count, end - i < 4, input[end] & 0xC0 == 0x80 { end += 1 }
        guard let r = String(decoding: input[i..<end], as: UTF8.self).unicodeScalars.first else { return nil }
        let p = r.properties
        let isLetter = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter].contains(p.generalCategory)
        return isLetter || p.generalCategory == .decimalNumber ? end - i : nil
    }

    mutating func absorbAlnum() {
        while let n = alnumLength(at: pos) { advance(n) }
    }

    func hasPrefix(_ p: [UInt8], at i: Int) -> Bool {
        if i + p.count > input.count { return false }
        for k in 0..<p.count where input[i + k] != p[k] { return false }
        return true
    }

    func peek(_ offset: Int = 0) -> UInt8? { pos + offset < input.count ? input[pos + offset] : nil }

    mutating func emit(_ kind: Token.Kind) {
        let text = String(decoding: input[start..<pos], as: UTF8.self)
        tokens.append(Token(kind: kind, text: text, pos: start, line: startLine))
        start = pos
        startLine = line
    }

    mutating func ignore() {
        for i in start..<pos where input[i] == 0x0A { line += 1 }
        start = pos
        startLine = line
    }

    mutating func advance(_ n: Int = 1) {
        for _ in 0..<n {
            if pos < input.count, input[pos] == 0x0A { line += 1 }
            pos += 1
        }
    }

    mutating func error(_ message: String) {
        tokens.append(Token(kind: .error, text: message, pos: start, line: startLine))
    }

    // MARK: states

    mutating func run() {
        // Top level: text until left delimiter.
        while true {
            guard let idx = findLeftDelim(from: pos) else {
                pos = input.count
                recountLine()
                if pos > start { emit(.text) }
                tokens.append(Token(kind: .eof, text: "", pos: pos, line: line))
                return
            }
            var trimLen = 0
            let afterDelim = idx + leftDelim.count
            if afterDelim + 1 < input.count, input[afterDelim] == UInt8(ascii: "-"), Self.isSpace(input[afterDelim + 1]) {
                trimLen = 2
            }
            // Emit text before the delimiter, right-trimmed when asked.
            var textEnd = idx
            if trimLen > 0 {
                while textEnd > start, Self.isSpace(input[textEnd - 1]) { textEnd -= 1 }
            }
            pos = textEnd
            recountLine()
            if pos > start { emit(.text) }
            pos = idx
            recountLine()
            start = pos
            startLine = line
            if !lexLeftDelim(trimLen: trimLen) { return }
        }
    }

    /// Moves `line` forward to match `pos` (counting newlines from `start`).
    mutating func recountLine() {
        var l = startLine
        var i = start
        while i < pos { if input[i] == 0x0A { l += 1 }; i += 1 }
        line = l
    }

    func findLeftDelim(from i: Int) -> Int? {
        var k = i
        while k + leftDelim.count <= input.count {
            if input[k] == leftDelim[0] && hasPrefix(leftDelim, at: k) { return k }
            k += 1
        }
        return nil
    }

    /// Returns false when lexing must stop (error or EOF emitted).
    mutating func lexLeftDelim(trimLen: Int) -> Bool {
        pos += leftDelim.count
        let afterMarker = pos + trimLen
        if hasPrefix(Array("/*".utf8), at: afterMarker) {
            pos = afterMarker
            ignoreKeepingStart()
            return lexComment()
        }
        emit(.leftDelim)
        pos += trimLen
        ignore()
        parenDepth = 0
        return lexInsideAction()
    }

    mutating func ignoreKeepingStart() {
        start = pos
        startLine = line
    }

    mutating func lexComment() -> Bool {
        // pos at "/*"
        var k = pos + 2
        var found: Int? = nil
        while k + 1 < input.count {
            if input[k] == UInt8(ascii: "*") && input[k + 1] == UInt8(ascii: "/") { found = k; break }
            k += 1
        }
        guard let end = found else {
            error("unclosed comment")
            return false
        }
        advance(end + 2 - pos)
        let (isDelim, trim) = atRightDelim()
        if !isDelim {
            error("comment ends before closing delimiter")
            return false
        }
        if emitComments { emit(.comment) }
        if trim { advance(2) }
        advance(rightDelim.count)
        ignore()
        if trim { skipLeadingSpace() }
        return true
    }

    mutating func skipLeadingSpace() {
        while pos < input.count, Self.isSpace(input[pos]) { advance() }
        ignore()
    }

    func atRightDelim() -> (Bool, Bool) {
        if pos + 1 < input.count, Self.isSpace(input[pos]), input[pos + 1] == UInt8(ascii: "-"), hasPrefix(rightDelim, at: pos + 2) {
            return (true, true)
        }
        if hasPrefix(rightDelim, at: pos) { return (true, false) }
        return (false, false)
    }

    mutating func lexInsideAction() -> Bool {
        while true {
            let (isDelim, trim) = atRightDelim()
            if isDelim {
                if parenDepth != 0 {
                    error("unclosed left paren")
                    return false
                }
                if trim { advance(2); ignore() }
                advance(rightDelim.count)
                emit(.rightDelim)
                if trim { skipLeadingSpace() }
                return true
            }
            guard let c = peek() else {
                error("unclosed action")
                return false
            }
            switch c {
            case _ where Self.isSpace(c):
                while let d = peek(), Self.isSpace(d) {
                    // Stop before a trim marker " -}}".
                    if pos + 1 < input.count, input[pos + 1] == UInt8(ascii: "-"), hasPrefix(rightDelim, at: pos + 2) { break }
                    advance()
                }
                if pos == start { advance() }  // single space before the trim marker
                emit(.space)
            case UInt8(ascii: "="):
                advance(); emit(.assign)
            case UInt8(ascii: ":"):
                advance()
                if peek() != UInt8(ascii: "=") { error("expected :="); return false }
                advance(); emit(.declare)
            case UInt8(ascii: "|"):
                advance(); emit(.pipe)
            case UInt8(ascii: "\""):
                if !lexQuote() { return false }
            case UInt8(ascii: "`"):
                if !lexRawQuote() { return false }
            case UInt8(ascii: "$"):
                if !lexFieldOrVariable(.variable) { return false }
            case UInt8(ascii: "'"):
                if !lexChar() { return false }
            case UInt8(ascii: "."):
                if let d = peek(1), d >= 0x30 && d <= 0x39 {
                    if !lexNumber() { return false }
                } else {
                    if !lexFieldOrVariable(.field) { return false }
                }
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if !lexNumber() { return false }
            case UInt8(ascii: "("):
                advance(); emit(.leftParen); parenDepth += 1
            case UInt8(ascii: ")"):
                advance(); emit(.rightParen); parenDepth -= 1
                if parenDepth < 0 { error("unexpected right paren"); return false }
            case _ where alnumLength(at: pos) != nil:
                if !lexIdentifier() { return false }
            case _ where c < 0x80 && c >= 0x20 && c != 0x7F:
                advance(); emit(.char)
            default:
                let r = decodeRune(at: pos)
                error("unrecognized character in action: \(GoQuote.runeDescription(r))")
                return false
            }
        }
    }

    func decodeRune(at i: Int) -> Unicode.Scalar {
        var end = i + 1
        while end < input.count, end - i < 4, input[end] & 0xC0 == 0x80 { end += 1 }
        let s = String(decoding: input[i..<end], as: UTF8.self)
        return s.unicodeScalars.first ?? "\u{FFFD}"
    }

    func atTerminator() -> Bool {
        guard let c = peek() else { return true }
        if Self.isSpace(c) { return true }
        switch c {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "|"), UInt8(ascii: ":"), UInt8(ascii: ")"), UInt8(ascii: "("):
            return true
        default:
            return hasPrefix(rightDelim, at: pos)
        }
    }

    mutating func lexIdentifier() -> Bool {
        absorbAlnum()
        if !atTerminator() {
            error("bad character \(GoQuote.runeDescription(decodeRune(at: pos)))")
            return false
        }
        let word = String(decoding: input[start..<pos], as: UTF8.self)
        let kind: Token.Kind
        switch word {
        case "block": kind = .block
        case "break": kind = .breakKw
        case "continue": kind = .continueKw
        case "define": kind = .define
        case "else": kind = .elseKw
        case "end": kind = .end
        case "if": kind = .ifKw
        case "range": kind = .range
        case "nil": kind = .nilKw
        case "template": kind = .template
        case "with": kind = .with
        case "true", "false": kind = .bool
        default: kind = .identifier
        }
        emit(kind)
        return true
    }

    mutating func lexFieldOrVariable(_ kind: Token.Kind) -> Bool {
        advance()  // '.' or '$'
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return true
        }
        absorbAlnum()
        if !atTerminator() {
            error("bad character \(GoQuote.runeDescription(decodeRune(at: pos)))")
            return false
        }
        emit(kind)
        return true
    }

    mutating func lexQuote() -> Bool {
        advance()
        while true {
            guard let c = peek() else { error("unterminated quoted string"); return false }
            if c == UInt8(ascii: "\\") {
                advance()
                guard let d = peek(), d != 0x0A else { error("unterminated quoted string"); return false }
                advance()
                continue
            }
            if c == 0x0A { error("unterminated quoted string"); return false }
            advance()
            if c == UInt8(ascii: "\"") { break }
        }
        emit(.string)
        return true
    }

    mutating func lexRawQuote() -> Bool {
        advance()
        while true {
            guard let c = peek() else { error("unterminated raw quoted string"); return false }
            advance()
            if c == UInt8(ascii: "`") { break }
        }
        emit(.rawString)
        return true
    }

    mutating func lexChar() -> Bool {
        advance()
        while true {
            guard let c = peek() else { error("unterminated character constant"); return false }
            if c == UInt8(ascii: "\\") {
                advance()
                guard let d = peek(), d != 0x0A else { error("unterminated character constant"); return false }
                advance()
                continue
            }
            if c == 0x0A { error("unterminated character constant"); return false }
            advance()
            if c == UInt8(ascii: "'") { break }
        }
        emit(.charConstant)
        return true
    }

    mutating func accept(_ set: String) -> Bool {
        if let c = peek(), set.utf8.contains(c) { advance(); return true }
        return false
    }

    mutating func acceptRun(_ set: String) {
        while let c = peek(), set.utf8.contains(c) { advance() }
    }

    mutating func lexNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") { digits = "0123456789abcdefABCDEF_" }
            else if accept("oO") { digits = "01234567_" }
            else if accept("bB") { digits = "01_" }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11 && accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.count == 23 && accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        // Go rejects a number glued to a trim-less "-}}" as one bad number ("1-").
        if peek() == UInt8(ascii: "-"), hasPrefix(rightDelim, at: pos + 1), pos > start {
            advance()
            let text = String(decoding: input[start..<pos], as: UTF8.self)
            error("bad number syntax: \(GoQuote.quote(text))")
            return false
        }
        if let n = alnumLength(at: pos) {
            advance(n)
            let text = String(decoding: input[start..<pos], as: UTF8.self)
            error("bad number syntax: \(GoQuote.quote(text))")
            return false
        }
        emit(.number)
        return true
    }
}
