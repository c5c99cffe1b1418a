import TimeSeries

/// Entry point of the PromQL parser.
public enum PromQLParser {
    /// Parses a PromQL expression and type-checks it, the way Prometheus's `ParseExpr` does. On failure the
    /// error is the first one Prometheus would report.
    public static func parseExpr(_ input: String, options: Options = Options()) throws(PromQLError) -> Expr {
        let parser = Parser(input: input, options: options)
        // The parser stops at `maxNestingDepth`, so no more stack than that is ever needed.
        let height = Swift.min(parser.heightBound, options.maxNestingDepth + 2)
        let result = DeepRecursion.run(height: height) { () -> Result<Expr, PromQLError> in
            do throws(PromQLError) { return .success(try parser.parseTopLevel()) } catch { return .failure(error) }
        }
        guard let result else {
            throw PromQLError(message: "cannot start a thread to parse this deeply nested expression",
                              range: SourceRange(start: 0, end: 0), input: input)
        }
        return try result.get()
    }

    /// Parses a series selector such as `up{job="api"}` (the `match[]` of the HTTP API), as Prometheus's
    /// `ParseMetricSelector`: no operators, functions or modifiers.
    public static func parseMetricSelector(_ input: String) throws(PromQLError) -> [LabelMatcher] {
        let parser = Parser(input: input, options: Options())
        return try parser.parseMetricSelectorTopLevel()
    }
}

/// Thrown inside the parser to stop at a syntax error; the error itself is in `Parser.errors`.
struct SyntaxAbort: Error {}

/// A hand-written recursive-descent parser with precedence climbing for binary operators. Like upstream
/// it keeps going after "soft" errors (unknown function, bad offset placement...) and reports the first
/// error found; syntax errors stop it at once.
final class Parser {
    let input: String
    let options: PromQLParser.Options
    let bytes: [UInt8]
    let tokens: [Token]
    var index = 0
    /// End of the last `)`, `]`, `}`, number or duration consumed (upstream's `lastClosing`), which upstream
    /// uses as the end of calls, aggregations and modified selectors.
    var lastClosing = 0
    var errors: [(message: String, range: SourceRange)] = []
    /// Current recursion depth of the parser, and of duration expressions within it.
    var depth = 0
    var durationDepth = 0

    init(input: String, options: PromQLParser.Options) {
        self.input = input
        self.options = options
        self.bytes = Array(input.utf8)
        self.tokens = Lexer.tokenize(bytes)
    }

    /// An upper bound of the height of the tree these tokens can make, known before parsing: every node
    /// above a leaf owns a token of its own, an operator (binary or unary), a `(` (parentheses, calls,
    /// aggregations) or a `[` (subqueries), so the tree is no taller than their number plus one.
    var heightBound: Int {
        var n = 1
        for t in tokens {
            switch t.kind {
            case .leftParen, .leftBracket: n += 1
            default: if t.kind.isOperator { n += 1 }
            }
        }
        return n
    }

    func parseTopLevel() throws(PromQLError) -> Expr {
        var result: Expr?
        do {
            if case .eof = current.kind {
                addError("no expression found in input", SourceRange(start: 0, end: 0))
                throw SyntaxAbort()
            }
            let expr = try parseExpression()
            if case .eof = current.kind {} else { try unexpected() }
            result = expr
        } catch {
            // The error is recorded in `errors`.
        }
        if errors.isEmpty, var expr = result {
            // Only type-check when there are no syntax errors, as upstream.
            var checker = TypeChecker(parser: self)
            _ = checker.check(&expr)
            if errors.isEmpty { return expr }
        }
        let first = errors.first ?? (message: "unexpected error", range: SourceRange(start: 0, end: 0))
        throw PromQLError(message: first.message, range: first.range, input: input)
    }

    func parseMetricSelectorTopLevel() throws(PromQLError) -> [LabelMatcher] {
        var result: VectorSelector?
        do {
            let t = current
            if t.kind == .leftBrace {
                result = try parseSelector(nameToken: nil)
            } else if t.kind.canBeMetricName {
                advance()
                result = try parseSelector(nameToken: t)
            } else {
                try unexpected()
            }
            if case .eof = current.kind {} else { try unexpected() }
        } catch {
            // Recorded in `errors`.
        }
        if errors.isEmpty, let vs = result {
            var expr = Expr.vectorSelector(vs)
            var checker = TypeChecker(parser: self)
            checker.check(&expr)
            if errors.isEmpty { return vs.matchers }
        }
        let first = errors.first ?? (message: "unexpected error", range: SourceRange(start: 0, end: 0))
        throw PromQLError(message: first.message, range: first.range, input: input)
    }

    // MARK: Tokens

    var current: Token { tokens[index] }
    var kind: TokenKind { tokens[index].kind }

    func peekKind(_ offset: Int = 1) -> TokenKind {
        let i = index + offset
        return i < tokens.count ? tokens[i].kind : .eof
    }

    @discardableResult
    func advance() -> Token {
        let t = tokens[index]
        switch t.kind {
        case .rightBrace, .rightParen, .rightBracket, .duration, .number: lastClosing = t.end
        default: break
        }
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    func text(_ t: Token) -> String {
        String(decoding: bytes[t.start..<t.end], as: UTF8.self)
    }

    func range(_ t: Token) -> SourceRange { SourceRange(start: t.start, end: t.end) }

    // MARK: Errors

    func addError(_ message: String, _ range: SourceRange) {
        errors.append((message, range))
    }

    /// Reports the current token as unexpected and stops (upstream's `unexpected`). A lexing error token is
    /// reported with the lexer's own message instead.
    func unexpected(_ context: String = "", _ expected: String = "") throws(SyntaxAbort) -> Never {
        let t = current
        if case .error(let message) = t.kind {
            addError(message, SourceRange(start: t.start, end: bytes.count))
            throw SyntaxAbort()
        }
        var message = "unexpected " + describe(t)
        if !context.isEmpty { message += " in " + context }
        if !expected.isEmpty { message += ", expected " + expected }
        addError(message, range(t))
        throw SyntaxAbort()
    }

    /// How upstream describes a token in "unexpected ..." messages (`Item.desc`).
    func describe(_ t: Token) -> String {
        let value = text(t)
        switch t.kind {
        case .eof: return "end of input"
        case .error(let m): return "error " + m
        case .identifier: return "identifier " + quoteGo(value)
        case .metricIdentifier: return "metric identifier " + quoteGo(value)
        case .number: return "number " + shortQuote(value)
        case .duration: return "duration " + shortQuote(value)
        case .string: return "string " + shortQuote(value)
        default:
            if t.kind.isKeyword { return "<\(value)>" }
            if t.kind.isOperator { return "<op:\(value)>" }
            if case .aggregator = t.kind { return "<aggr:\(value)>" }
            return shortQuote(value)
        }
    }

    /// Go's `%q`, or `%.10q...` for values longer than 10 bytes, as upstream's `Item.String`.
    private func shortQuote(_ value: String) -> String {
        if value.utf8.count > 10 { return quoteGo(String(value.unicodeScalars.prefix(10))) + "..." }
        return quoteGo(value)
    }

    // MARK: Nesting limits

    func enter() throws(SyntaxAbort) {
        depth += 1
        if depth > options.maxNestingDepth { try tooDeep() }
    }

    func leave() { depth -= 1 }

    /// Chains (`a + b + c`, `x[1m:][1m:]`) grow the tree without recursion in the parser: the height of
    /// each node built in a loop is checked against the same limit.
    func checkHeight(_ e: Expr) throws(SyntaxAbort) {
        if e.height > options.maxNestingDepth { try tooDeep() }
    }

    private func tooDeep() throws(SyntaxAbort) -> Never {
        addError("expression nested too deeply (more than \(options.maxNestingDepth) levels)", range(current))
        throw SyntaxAbort()
    }

    /// Duration expressions have their own, smaller limit, on recursion and on operator chains alike.
    func enterDuration() throws(SyntaxAbort) {
        durationDepth += 1
        if durationDepth > options.maxDurationDepth {
            addError("duration expression nested too deeply (more than \(options.maxDurationDepth) levels)", range(current))
            throw SyntaxAbort()
        }
    }

    func leaveDuration() { durationDepth -= 1 }

    // MARK: Literals

    /// Upstream's `number`: an integer in Go syntax (hex, octal with a leading 0), else a float.
    func numberValue(_ t: Token) -> Double {
        let s = text(t)
        let lower = s.lowercased()
        if lower == "inf" { return .infinity }
        if lower == "nan" { return .nan }
        if let i = parseGoInteger(s) { return Double(i) }
        switch parseGoFloat(s) {
        case .value(let d): return d
        case .outOfRange:
            addError("error parsing number: strconv.ParseFloat: parsing \(quoteGo(s)): value out of range", range(t))
        case .invalid:
            addError("error parsing number: strconv.ParseFloat: parsing \(quoteGo(s)): invalid syntax", range(t))
        }
        return 0
    }

    /// Seconds of a duration token such as `1h30m`.
    func durationSeconds(_ t: Token) -> Double {
        let s = text(t)
        do {
            let d = try parsePrometheusDuration(s)
            return Double(d.milliseconds) / 1000
        } catch {
            addError(error.message, range(t))
            return 0
        }
    }

    func unquote(_ t: Token) -> String {
        unquoteGoString(text(t))
    }
}
