import TimeSeries

/// A matcher list that could not be parsed; the message is Alertmanager's, with rune columns
/// (`3:4: unexpected }: expected label value`).
public struct MatcherParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Alertmanager's matcher syntax (`matcher/parse`): `foo="bar"`, `foo=~"re"`, `foo!="x"`, `foo!~"y"`,
/// unquoted values (`foo=bar`), an optional surrounding `{...}`, commas between matchers (a trailing one
/// is allowed), and names that are quoted when they hold anything beyond the unreserved characters
/// (`"service name"="db"`). Quoted text uses Go's escapes.
public enum MatcherParser {
    /// The matcher list of one line, as Alertmanager reads `matchers:` entries and inhibit rule matchers:
    /// the UTF-8 syntax first, and when that fails or reads the input differently, the classic syntax
    /// (Alertmanager's default "fallback" mode). The error is the classic parser's when both fail.
    public static func matchers(_ input: String) throws(MatcherParseError) -> [AlertMatcher] {
        let utf8Result = Result { () throws(MatcherParseError) in try utf8Matchers(input) }
        let classicResult = Result { () throws(MatcherParseError) in try ClassicMatcherParser.matchers(input) }
        switch (utf8Result, classicResult) {
        case (.success(let m), .failure): return m
        case (.success(let m), .success(let c)): return m == c ? m : c
        case (.failure, .success(let c)): return c
        case (.failure, .failure(let e)): throw e
        }
    }

    /// Exactly one matcher (`amtool`'s `label=value` arguments); braces are refused, as upstream does.
    public static func matcher(_ input: String) throws(MatcherParseError) -> AlertMatcher {
        if input.hasPrefix("{") || input.hasSuffix("}") {
            throw MatcherParseError("unexpected open or close brace: \(input)")
        }
        let utf8Result = Result { () throws(MatcherParseError) in try single(utf8Matchers(input)) }
        let classicResult = Result { () throws(MatcherParseError) in try ClassicMatcherParser.matcher(input) }
        switch (utf8Result, classicResult) {
        case (.success(let m), .failure): return m
        case (.success(let m), .success(let c)): return m == c ? m : c
        case (.failure, .success(let c)): return c
        case (.failure, .failure(let e)): throw e
        }
    }

    static func single(_ m: [AlertMatcher]) throws(MatcherParseError) -> AlertMatcher {
        switch m.count {
        case 1: return m[0]
        case 0: throw MatcherParseError("no matchers")
        default: throw MatcherParseError("expected 1 matcher, found \(m.count)")
        }
    }

    /// The UTF-8 syntax only (Alertmanager's `utf8-strict-mode`).
    public static func utf8Matchers(_ input: String) throws(MatcherParseError) -> [AlertMatcher] {
        var parser = UTF8MatcherParser(input)
        return try parser.parse()
    }
}

/// One token of the matcher syntax; positions are Unicode scalar indices, which are Go's rune columns.
struct MatcherToken {
    enum Kind: Equatable { case openBrace, closeBrace, comma, equals, notEquals, matches, notMatches, quoted, unquoted }
    let kind: Kind
    let text: String
    let start: Int
    let end: Int
}

/// The recursive-descent parser over a token list computed up front. Lexing errors are sticky in
/// Alertmanager's lexer, so a list that ends with the error is the same as lexing on demand.
struct UTF8MatcherParser {
    let scalars: [Unicode.Scalar]
    var tokens: [MatcherToken] = []
    /// Thrown when the parser reads past the last token, nil when the input simply ends there.
    var lexError: MatcherParseError?
    var next = 0
    /// The column after the last token consumed (Go's `l.position().columnEnd`).
    var cursor = 0
    var hasOpenBrace = false
    var result: [AlertMatcher] = []

    static let endOfInput = "end of input"

    init(_ input: String) {
        scalars = Array(input.unicodeScalars)
        lex()
    }

    private func text(_ a: Int, _ b: Int) -> String { String(String.UnicodeScalarView(scalars[a..<b])) }

    private mutating func lex() {
        let n = scalars.count
        var i = 0
        var start = 0
        func emit(_ kind: MatcherToken.Kind, _ end: Int) -> MatcherToken {
            MatcherToken(kind: kind, text: String(String.UnicodeScalarView(scalars[start..<end])), start: start, end: end)
        }
        while i < n {
            let r = scalars[i]
            switch r {
            case "{", "}", ",":
                tokens.append(emit(r == "{" ? .openBrace : r == "}" ? .closeBrace : .comma, i + 1))
                i += 1
            case "!":
                guard i + 1 < n, scalars[i + 1] == "=" || scalars[i + 1] == "~" else {
                    lexError = expected(start, i + 1, "=~")
                    return
                }
                tokens.append(emit(scalars[i + 1] == "=" ? .notEquals : .notMatches, i + 2))
                i += 2
            case "=":
                let regex = i + 1 < n && scalars[i + 1] == "~"
                tokens.append(emit(regex ? .matches : .equals, regex ? i + 2 : i + 1))
                i += regex ? 2 : 1
            case "\"":
                var j = i + 1
                var escaped = false
                while j < n {
                    let c = scalars[j]
                    if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break }
                    j += 1
                }
                guard j < n else {
                    lexError = MatcherParseError("\(start):\(n): \(text(start, n)): missing end \"")
                    return
                }
                tokens.append(emit(.quoted, j + 1))
                i = j + 1
            default:
                if AlertMatcher.isGoSpace(r) {
                    i += 1
                } else if AlertMatcher.isReserved(r) {
                    lexError = MatcherParseError("\(start):\(i + 1): \(text(start, i + 1)): invalid input")
                    return
                } else {
                    var j = i
                    while j < n, !AlertMatcher.isReserved(scalars[j]) { j += 1 }
                    tokens.append(emit(.unquoted, j))
                    i = j
                }
            }
            start = i
        }
    }

    private func expected(_ a: Int, _ b: Int, _ what: String) -> MatcherParseError {
        if b >= scalars.count {
            return MatcherParseError("\(a):\(b): unexpected end of input, expected one of '\(what)'")
        }
        return MatcherParseError("\(a):\(b): \(text(a, b)): expected one of '\(what)'")
    }

    /// The next token without consuming it; nil at the end of the input.
    private func peek() throws(MatcherParseError) -> MatcherToken? {
        if next < tokens.count { return tokens[next] }
        if let lexError { throw lexError }
        return nil
    }

    private mutating func consume() {
        cursor = tokens[next].end
        next += 1
    }

    /// What Go's `expectPeek` reports: the lexing error, "end of input", or the unexpected token.
    private enum Expectation { case token(MatcherToken), endOfInput, failure(String) }

    private func expectPeek(_ kinds: [MatcherToken.Kind]) -> Expectation {
        do {
            guard let t = try peek() else { return .endOfInput }
            if kinds.contains(t.kind) { return .token(t) }
            return .failure("\(t.start):\(t.end): unexpected \(t.text)")
        } catch {
            return .failure(error.message)
        }
    }

    private mutating func expect(_ kinds: [MatcherToken.Kind], _ what: String) throws(MatcherParseError) -> MatcherToken {
        switch expectPeek(kinds) {
        case .token(let t):
            consume()
            return t
        case .endOfInput: throw MatcherParseError("\(Self.endOfInput): \(what)")
        case .failure(let m): throw MatcherParseError("\(m): \(what)")
        }
    }

    mutating func parse() throws(MatcherParseError) -> [AlertMatcher] {
        // Opening brace, or the end of an empty input.
        guard let first = try peek() else { return try parseEnd() }
        if first.kind == .openBrace {
            hasOpenBrace = true
            consume()
        }
        var atClose = true
        if let t = try peek(), t.kind != .closeBrace { atClose = false }
        while !atClose {
            try parseMatcher()
            switch expectPeek([.comma, .closeBrace]) {
            case .endOfInput: atClose = true
            case .failure(let m): throw MatcherParseError("\(m): expected a comma or close brace")
            case .token(let t) where t.kind == .closeBrace: atClose = true
            case .token:
                consume()
                switch expectPeek([.closeBrace, .unquoted, .quoted]) {
                case .endOfInput: atClose = true
                case .failure(let m): throw MatcherParseError("\(m): expected a matcher or close brace after comma")
                case .token(let t): atClose = t.kind == .closeBrace
                }
            }
        }
        try parseCloseBrace()
        return try parseEnd()
    }

    private mutating func parseCloseBrace() throws(MatcherParseError) {
        let at = cursor
        if hasOpenBrace {
            switch expectPeek([.closeBrace]) {
            case .token: consume()
            case .endOfInput: throw MatcherParseError("0:\(at): \(Self.endOfInput): expected close brace")
            case .failure(let m): throw MatcherParseError("0:\(at): \(m): expected close brace")
            }
        } else if case .token = expectPeek([.closeBrace]) {
            consume()
            throw MatcherParseError("0:\(cursor): }: expected opening brace")
        }
    }

    private func parseEnd() throws(MatcherParseError) -> [AlertMatcher] {
        let t: MatcherToken?
        do { t = try peek() } catch { throw MatcherParseError("\(error.message): expected end of input") }
        if let t { throw MatcherParseError("\(t.start):\(t.end): \(t.text): expected end of input") }
        return result
    }

    private mutating func parseMatcher() throws(MatcherParseError) {
        let nameToken = try expect([.quoted, .unquoted], "expected label name")
        let name = try unquote(nameToken)
        let op = try expect([.equals, .notEquals, .matches, .notMatches], "expected an operator such as '=', '!=', '=~' or '!~'")
        let valueToken = try expect([.unquoted, .quoted], "expected label value")
        let value = try unquote(valueToken)
        let type: AlertMatcher.MatchType = switch op.kind {
        case .equals: .equal
        case .notEquals: .notEqual
        case .matches: .regexMatch
        default: .regexNoMatch
        }
        do {
            result.append(try AlertMatcher(type, name, value))
        } catch {
            throw MatcherParseError("failed to create matcher: \(error.message)")
        }
    }

    private func unquote(_ t: MatcherToken) throws(MatcherParseError) -> String {
        guard t.kind == .quoted else { return t.text }
        do {
            return try GoUnquote.unquote(t.text)
        } catch {
            throw MatcherParseError("\(t.start):\(t.end): \(t.text): invalid input")
        }
    }
}
