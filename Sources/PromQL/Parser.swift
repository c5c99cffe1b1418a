import TimeSeries

/// Entry point of the PromQL parser.
public enum PromQLParser {
    /// Parses a PromQL expression and type-checks it, the way Prometheus's `ParseExpr` does. On failure the
    /// error is the first one Prometheus would report.
    public static func parseExpr(_ input: String, options: Options = Options()) throws(PromQLError) -> Expr {
        let parser = Parser(input: input, options: options)
        return try parser.parseTopLevel()
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
    var depth = 0
    var operatorCount = 0

    init(input: String, options: PromQLParser.Options) {
        self.input = input
        self.options = options
        self.bytes = Array(input.utf8)
        self.tokens = Lexer.tokenize(input)
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
        if depth > options.maxNestingDepth {
            addError("expression nested too deeply (more than \(options.maxNestingDepth) levels)", range(current))
            throw SyntaxAbort()
        }
    }

    func leave() { depth -= 1 }

    func countOperator() throws(SyntaxAbort) {
        operatorCount += 1
        if operatorCount > options.maxOperators {
            addError("expression too complex (more than \(options.maxOperators) operators)", range(current))
            throw SyntaxAbort()
        }
    }

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

enum GoFloatResult {
    case value(Double), outOfRange, invalid
}

/// Removes Go digit separators, rejecting misplaced ones; `prefixLength` digits of base prefix may be
/// followed directly by an underscore.
private func stripUnderscores(_ s: Substring) -> Substring? {
    guard s.contains("_") else { return s }
    let chars = Array(s.utf8)
    for (i, b) in chars.enumerated() where b == UInt8(ascii: "_") {
        if i == 0 || i == chars.count - 1 { return nil }
        if chars[i + 1] == UInt8(ascii: "_") { return nil }
    }
    return Substring(s.filter { $0 != "_" })
}

/// `strconv.ParseInt(s, 0, 64)` for the forms the lexer produces.
func parseGoInteger(_ s: String) -> Int64? {
    var body = Substring(s)
    var radix = 10
    if body.hasPrefix("0x") || body.hasPrefix("0X") {
        radix = 16
        body = body.dropFirst(2)
        if body.hasPrefix("_") { body = body.dropFirst() }
    } else if body.count > 1, body.hasPrefix("0") {
        radix = 8
        body = body.dropFirst()
        if body.hasPrefix("_") { body = body.dropFirst() }
    }
    guard !body.isEmpty, let digits = stripUnderscores(body) else { return nil }
    guard digits.utf8.allSatisfy({ digitValue(Int32($0)) < UInt32(radix) }) else { return nil }
    return Int64(digits, radix: radix)
}

/// `strconv.ParseFloat(s, 64)` for decimal forms (hex floats need a `p` exponent, which PromQL cannot lex).
func parseGoFloat(_ s: String) -> GoFloatResult {
    if s.hasPrefix("0x") || s.hasPrefix("0X") { return .invalid }
    guard let body = stripUnderscores(Substring(s)) else { return .invalid }
    // Only digits, one dot, and an exponent: Swift's parser would also take "inf", hex and the like.
    var sawDigit = false
    for b in body.utf8 {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
        case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): continue
        default: return .invalid
        }
    }
    guard sawDigit, let d = Double(String(body)) else { return .invalid }
    if d.isInfinite { return .outOfRange }
    return .value(d)
}

struct DurationParseError: Error {
    var message: String
}

/// Prometheus's `model.ParseDuration`, with its messages: units `y w d h m s ms`, largest first, each once;
/// the total must fit in int64 nanoseconds (about 292 years), as upstream.
func parsePrometheusDuration(_ s: String) throws(DurationParseError) -> PromDuration {
    if s == "0" { return .zero }
    if s.isEmpty { throw DurationParseError(message: "empty duration string") }
    let invalid = DurationParseError(message: "not a valid duration string: \(quoteGo(s))")
    // (unit, order, nanoseconds)
    let units: [String: (Int, UInt64)] = [
        "ms": (7, 1_000_000), "s": (6, 1_000_000_000), "m": (5, 60_000_000_000), "h": (4, 3_600_000_000_000),
        "d": (3, 86_400_000_000_000), "w": (2, 604_800_000_000_000), "y": (1, 31_536_000_000_000_000),
    ]
    let b = Array(s.utf8)
    var i = 0
    var totalNs: UInt64 = 0
    var lastOrder = 0
    while i < b.count {
        guard b[i] >= 48, b[i] <= 57 else { throw invalid }
        var v: UInt64 = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(b[i] - 48))
            if o1 || o2 { throw invalid }
            v = a
            i += 1
        }
        let unitStart = i
        while i < b.count, !(b[i] >= 48 && b[i] <= 57) { i += 1 }
        if i == unitStart { throw invalid }
        let unit = String(decoding: b[unitStart..<i], as: UTF8.self)
        guard let (order, mult) = units[unit] else {
            throw DurationParseError(message: "unknown unit \(quoteGo(unit)) in duration \(quoteGo(s))")
        }
        if order <= lastOrder { throw invalid }
        lastOrder = order
        if v > (UInt64(1) << 63) / mult { throw DurationParseError(message: "duration out of range") }
        totalNs += v * mult
        if totalNs > UInt64(Int64.max) { throw DurationParseError(message: "duration out of range") }
    }
    return PromDuration(milliseconds: Int64(totalNs / 1_000_000))
}

/// Go's unquoting of `"..."`, `'...'` and raw strings; escapes were validated by the lexer. Byte escapes
/// that do not form valid UTF-8 become U+FFFD (Swift strings hold valid Unicode only).
func unquoteGoString(_ quoted: String) -> String {
    let b = Array(quoted.utf8)
    guard b.count >= 2 else { return "" }
    let quote = b[0]
    let body = b[1..<(b.count - 1)]
    if quote == UInt8(ascii: "`") {
        return String(decoding: body.filter { $0 != 0x0D }, as: UTF8.self)
    }
    var out: [UInt8] = []
    out.reserveCapacity(body.count)
    var i = body.startIndex
    func appendScalar(_ v: UInt32) {
        if let s = Unicode.Scalar(v) { out.append(contentsOf: Array(String(Character(s)).utf8)) }
        else { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
    }
    func hexValue(_ from: Int, _ count: Int, radix: UInt32) -> UInt32 {
        var v: UInt32 = 0
        for k in from..<min(from + count, body.endIndex) { v = v &* radix &+ min(digitValue(Int32(body[k])), radix - 1) }
        return v
    }
    while i < body.endIndex {
        let ch = body[i]
        if ch != UInt8(ascii: "\\") { out.append(ch); i += 1; continue }
        guard i + 1 < body.endIndex else { break }
        let e = body[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "x"): out.append(UInt8(truncatingIfNeeded: hexValue(i, 2, radix: 16))); i += 2
        case UInt8(ascii: "u"): appendScalar(hexValue(i, 4, radix: 16)); i += 4
        case UInt8(ascii: "U"): appendScalar(hexValue(i, 8, radix: 16)); i += 8
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            out.append(UInt8(truncatingIfNeeded: hexValue(i - 1, 3, radix: 8))); i += 2
        default: out.append(e)
        }
    }
    return String(decoding: out, as: UTF8.self)
}
