import TimeSeries

/// The entry point other targets use.
public enum LogQLParser {
    /// Parses and validates a LogQL query the way Loki's `ParseExpr` does.
    public static func parseExpr(_ input: String) throws(LogQLError) -> LogQLExpr {
        // The parser recurses once per nesting level (several KiB a level in a debug build); it runs where
        // the deepest accepted query cannot overflow the caller's stack.
        try LargeStack.run { () throws(LogQLError) -> LogQLExpr in
            var parser = Parser(input)
            do throws(ParseFailure) {
                return try parser.parseQuery()
            } catch {
                throw error.located(in: input)
            }
        }
    }
}

/// A recursive-descent parser with precedence climbing for binary operators.
///
/// Two kinds of values flow through it: log queries and sample expressions. Which one an operand may be
/// depends on where it stands (a log query cannot be added, a sample cannot be filtered), so operands are
/// parsed as `Operand` and checked where they are used, which also gives better messages than a grammar
/// split by kind would.
struct Parser {
    var lexer: Lexer
    var current: Token
    private var lookahead: Token?
    /// Nesting of parentheses and calls, bounded so hostile input cannot exhaust the stack.
    var depth = 0
    /// Binary and label filter operators, bounded for the same reason (their trees are walked recursively).
    var operators = 0

    // The parser, printer, equality and selector walk run on a LargeStack thread, so nesting is no longer
    // bounded by them. What bounds it is releasing the finished tree, which Swift does recursively on the
    // thread that drops it (about 300 bytes a level in a debug build): 256 levels plus a 500-operator chain
    // stays well inside a 512 KiB worker stack. Real queries nest a handful of levels; LogQLTests checks
    // both ends on such a thread.
    static let maxDepth = 256
    static let maxOperators = 500

    enum Operand {
        case log(LogExpr, Unwrap?)
        case sample(SampleExpr)

        var start: Int {
            switch self {
            case .log(let l, _): return l.range.start
            case .sample(let s): return s.range.start
            }
        }
    }

    init(_ input: String) {
        lexer = Lexer(input)
        current = Token(kind: .eof, text: "", start: 0, end: 0)
    }

    // MARK: - Token plumbing

    mutating func advance() throws(ParseFailure) {
        previousEnd = current.end
        if let next = lookahead {
            current = next
            lookahead = nil
        } else {
            current = try lexer.next()
        }
    }

    mutating func peek() throws(ParseFailure) -> Token {
        if let next = lookahead { return next }
        let next = try lexer.next()
        lookahead = next
        return next
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .eof: return "end of input"
        case .string: return "STRING " + quoteGo(token.text)
        case .identifier, .number, .duration, .bytes, .functionFlag: return "\(token.kind.rawValue) \(quoteForMessage(token.text))"
        case .range: return "RANGE [\(token.text)]"
        default: return quoteForMessage(token.text)
        }
    }

    func unexpected(_ expecting: String? = nil) -> ParseFailure {
        var message = "syntax error: unexpected \(describe(current))"
        if let expecting { message += ", expecting \(expecting)" }
        return ParseFailure(message: message, offset: current.start)
    }

    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String) throws(ParseFailure) -> Token {
        guard current.kind == kind else { throw unexpected(what) }
        let token = current
        try advance()
        return token
    }

    /// A label name: an identifier, or a keyword standing where a name must (`by (bytes)`, `| drop json`).
    mutating func expectName() throws(ParseFailure) -> Token {
        guard current.kind.isWord else { throw unexpected("label name") }
        let token = current
        try advance()
        return token
    }

    mutating func enter() throws(ParseFailure) {
        depth += 1
        if depth > Parser.maxDepth {
            throw ParseFailure(message: "expression nested too deeply (more than \(Parser.maxDepth) levels)", offset: current.start)
        }
    }

    mutating func leave() { depth -= 1 }

    mutating func countOperator(at offset: Int) throws(ParseFailure) {
        operators += 1
        if operators > Parser.maxOperators {
            throw ParseFailure(message: "expression too long (more than \(Parser.maxOperators) operators)", offset: offset)
        }
    }

    /// End offset of the last consumed token.
    var lastEnd: Int { previousEnd }
    private var previousEnd = 0

    mutating func consume() throws(ParseFailure) -> Token {
        let token = current
        try advance()
        return token
    }

    // MARK: - Queries

    mutating func parseQuery() throws(ParseFailure) -> LogQLExpr {
        try advance()
        if current.kind == .eof { throw ParseFailure(message: "syntax error: unexpected end of input", offset: current.start) }
        let operand = try parseBinary(minPrecedence: 0)
        guard current.kind == .eof else { throw unexpected() }
        switch operand {
        case .log(let log, let unwrap):
            if let unwrap {
                throw ParseFailure(message: "syntax error: unwrap is only allowed inside a range aggregation", offset: unwrap.range.start)
            }
            return .log(log)
        case .sample(let sample):
            return .sample(sample)
        }
    }

    mutating func parseBinary(minPrecedence: Int) throws(ParseFailure) -> Operand {
        var lhs = try parsePrimary()
        while let op = BinaryOperator.from(current.kind), op.precedence >= minPrecedence {
            let opToken = try consume()
            try countOperator(at: opToken.start)
            var returnBool = false
            if current.kind == .bool {
                guard op.isComparison else {
                    throw ParseFailure(message: "bool modifier can only be used on comparison operators", offset: current.start)
                }
                returnBool = true
                _ = try consume()
            }
            var matching: VectorMatching?
            if current.kind == .on || current.kind == .ignoring {
                let on = try consume().kind == .on
                let labels = try parseLabelList()
                matching = VectorMatching(on: on, labels: labels)
                if current.kind == .groupLeft || current.kind == .groupRight {
                    let cardToken = try consume()
                    if op.isSetOperator {
                        throw ParseFailure(message: "no grouping allowed for \"\(op.rawValue)\" operation", offset: cardToken.start)
                    }
                    matching?.card = cardToken.kind == .groupLeft ? .groupLeft : .groupRight
                    if current.kind == .openParenthesis { matching?.include = try parseLabelList() }
                }
            }
            let rhs = try parseBinary(minPrecedence: op.isRightAssociative ? op.precedence : op.precedence + 1)
            lhs = .sample(try makeBinary(op, lhs, rhs, returnBool: returnBool, matching: matching, opToken: opToken))
        }
        return lhs
    }

    mutating func parsePrimary() throws(ParseFailure) -> Operand {
        let start = current.start
        switch current.kind {
        case .openBrace:
            let (log, unwrap) = try parseLogExpr(allowUnwrap: false)
            return .log(log, unwrap)
        case .openParenthesis:
            try enter()
            _ = try consume()
            let inner = try parseBinary(minPrecedence: 0)
            try expect(.closeParenthesis, "\")\"")
            leave()
            return inner
        case .number, .add, .sub:
            let value = try parseSignedNumber()
            return .sample(SampleExpr(.literal(value), range: SourceRange(start: start, end: lastEnd)))
        case .labelReplace:
            return .sample(try parseLabelReplace())
        case .vector:
            _ = try consume()
            try expect(.openParenthesis, "\"(\"")
            let value = try parseSignedNumber()
            let close = try expect(.closeParenthesis, "\")\"")
            return .sample(SampleExpr(.vector(value), range: SourceRange(start: start, end: close.end)))
        default:
            if let op = RangeOperation(rawValue: current.text.lowercased()), current.kind == op.token {
                return .sample(try parseRangeAggregation(op))
            }
            if let op = VectorOperation(rawValue: current.text.lowercased()), current.kind == op.token {
                return .sample(try parseVectorAggregation(op))
            }
            throw unexpected()
        }
    }

    /// `5`, `-1.5`, `+2`: a number literal with an optional sign, as Go's `strconv.ParseFloat` reads it.
    mutating func parseSignedNumber() throws(ParseFailure) -> Double {
        var sign = 1.0
        if current.kind == .add || current.kind == .sub {
            sign = current.kind == .sub ? -1 : 1
            _ = try consume()
        }
        guard current.kind == .number else { throw unexpected("NUMBER") }
        guard let value = goParseFloat(current.text) else {
            throw ParseFailure(message: "invalid number \(quoteForMessage(current.text))", offset: current.start)
        }
        _ = try consume()
        return sign * value
    }

    /// `(a, b)` after `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`; may be empty.
    mutating func parseLabelList() throws(ParseFailure) -> [String] {
        try expect(.openParenthesis, "\"(\"")
        var labels: [String] = []
        while current.kind != .closeParenthesis {
            labels.append(try expectName().text)
            guard current.kind == .comma else { break }
            _ = try consume()
        }
        try expect(.closeParenthesis, "\",\" or \")\"")
        return labels
    }

    mutating func parseGrouping() throws(ParseFailure) -> Grouping? {
        guard current.kind == .by || current.kind == .without else { return nil }
        let without = try consume().kind == .without
        return Grouping(without: without, labels: try parseLabelList())
    }

    mutating func requireSample(_ operand: Operand, _ context: String) throws(ParseFailure) -> SampleExpr {
        switch operand {
        case .sample(let s): return s
        case .log(let l, _):
            throw ParseFailure(message: "syntax error: a log query cannot be used \(context); expecting a metric query",
                               offset: l.range.start)
        }
    }

    // MARK: - Aggregations and functions

    mutating func parseRangeAggregation(_ op: RangeOperation) throws(ParseFailure) -> SampleExpr {
        let start = try consume().start
        try enter()
        try expect(.openParenthesis, "\"(\"")
        var parameter: Double?
        if op.takesParameter {
            guard [.number, .add, .sub].contains(current.kind) else {
                throw ParseFailure(message: "syntax error: unexpected \(describe(current)), \(op.rawValue) needs a NUMBER parameter first",
                                   offset: current.start)
            }
            parameter = try parseSignedNumber()
            try expect(.comma, "\",\"")
        }
        let logRange = try parseLogRange()
        try expect(.closeParenthesis, "\")\"")
        leave()
        var end = lastEnd
        let grouping = try parseGrouping()
        if grouping != nil { end = lastEnd }
        let aggregation = RangeAggregation(operation: op, parameter: parameter, logRange: logRange, grouping: grouping)
        try validate(aggregation, at: start)
        return SampleExpr(.rangeAggregation(aggregation), range: SourceRange(start: start, end: end))
    }

    mutating func parseVectorAggregation(_ op: VectorOperation) throws(ParseFailure) -> SampleExpr {
        let start = try consume().start
        var grouping = try parseGrouping()
        try enter()
        try expect(.openParenthesis, "\"(\"")
        var parameter: Double?
        if op.takesParameter {
            parameter = try parseSignedNumber()
            try expect(.comma, "\",\"")
        }
        let inner = try parseBinary(minPrecedence: 0)
        if current.kind == .comma, !op.takesParameter {
            throw ParseFailure(message: "syntax error: unexpected \",\", \(op.rawValue) takes no parameter", offset: current.start)
        }
        let close = try expect(.closeParenthesis, "\")\"")
        leave()
        let expr = try requireSample(inner, "in \(op.rawValue)")
        var end = close.end
        if grouping == nil {
            grouping = try parseGrouping()
            if grouping != nil { end = lastEnd }
        }
        let aggregation = VectorAggregation(operation: op, parameter: parameter, expr: expr, grouping: grouping)
        try validate(aggregation, at: start)
        return SampleExpr(.vectorAggregation(aggregation), range: SourceRange(start: start, end: end))
    }

    mutating func parseLabelReplace() throws(ParseFailure) -> SampleExpr {
        let start = try consume().start
        try enter()
        try expect(.openParenthesis, "\"(\"")
        let inner = try requireSample(try parseBinary(minPrecedence: 0), "in label_replace")
        var strings: [Token] = []
        for _ in 0..<4 {
            try expect(.comma, "\",\"")
            strings.append(try expect(.string, "STRING"))
        }
        let close = try expect(.closeParenthesis, "\")\"")
        leave()
        do {
            _ = try GoRegex(strings[3].text, anchored: true)
        } catch {
            throw ParseFailure(message: "invalid regex in label_replace: \(error.message)", offset: strings[3].start)
        }
        let replace = LabelReplace(expr: inner, destination: strings[0].text, replacement: strings[1].text,
                                   source: strings[2].text, regex: strings[3].text)
        return SampleExpr(.labelReplace(replace), range: SourceRange(start: start, end: close.end))
    }

    /// The log query a range aggregation reads, in any of Loki's forms:
    /// `{s} | p [5m]`, `{s}[5m] | p`, `({s} | p)[5m]`, each optionally with `offset d` after the range.
    mutating func parseLogRange() throws(ParseFailure) -> LogRange {
        let start = current.start
        var (log, unwrap) = try parseLogRangeOperand()
        let rangeToken = try expect(.range, "a range like [5m]")
        guard let interval = LogQLDuration(parsing: rangeToken.text) else {
            throw ParseFailure(message: "invalid range \(quoteForMessage(rangeToken.text))", offset: rangeToken.start)
        }
        var end = rangeToken.end
        var offset: LogQLDuration?
        if current.kind == .offset {
            _ = try consume()
            let token = try expect(.duration, "a duration after offset")
            offset = LogQLDuration(parsing: token.text)
            end = token.end
        }
        if log.pipeline.isEmpty, unwrap == nil, startsPipelineStage(current.kind) {
            (log.pipeline, unwrap) = try parsePipeline(allowUnwrap: true)
            end = lastEnd
            log.range.end = end
        }
        return LogRange(log: log, interval: interval, offset: offset, unwrap: unwrap, range: SourceRange(start: start, end: end))
    }

    private mutating func parseLogRangeOperand() throws(ParseFailure) -> (LogExpr, Unwrap?) {
        switch current.kind {
        case .openBrace:
            return try parseLogExpr(allowUnwrap: true)
        case .openParenthesis:
            try enter()
            _ = try consume()
            let inner = try parseLogRangeOperand()
            try expect(.closeParenthesis, "\")\"")
            leave()
            return inner
        default:
            throw unexpected("a log query")
        }
    }

    mutating func makeBinary(_ op: BinaryOperator, _ lhs: Operand, _ rhs: Operand, returnBool: Bool,
                             matching: VectorMatching?, opToken: Token) throws(ParseFailure) -> SampleExpr {
        let l = try requireSample(lhs, "in a binary operation")
        let r = try requireSample(rhs, "in a binary operation")
        if op.isSetOperator {
            // Loki: set operations match series by labels, which a literal does not have.
            if case .literal(let v) = l.kind {
                throw ParseFailure(message: "unexpected literal for left leg of logical/set binary operation (\(op.rawValue)): \(formatNumber(v))",
                                   offset: l.range.start)
            }
            if case .literal(let v) = r.kind {
                throw ParseFailure(message: "unexpected literal for right leg of logical/set binary operation (\(op.rawValue)): \(formatNumber(v))",
                                   offset: r.range.start)
            }
        }
        let binary = BinaryOperation(op: op, lhs: l, rhs: r, returnBool: returnBool, matching: matching)
        return SampleExpr(.binary(binary), range: SourceRange(start: l.range.start, end: r.range.end))
    }
}
