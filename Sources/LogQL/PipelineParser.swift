import TimeSeries

/// The log half of the grammar: stream selectors, pipelines and label filters.
extension Parser {
    /// `{...}` and its pipeline. With `allowUnwrap`, an `| unwrap` stage ends the pipeline and is returned
    /// separately; only label filters may follow it.
    mutating func parseLogExpr(allowUnwrap: Bool) throws(ParseFailure) -> (LogExpr, Unwrap?) {
        let selector = try parseSelector()
        let (pipeline, unwrap) = try parsePipeline(allowUnwrap: allowUnwrap)
        let log = LogExpr(selector: selector, pipeline: pipeline, range: SourceRange(start: selector.range.start, end: lastEnd))
        return (log, unwrap)
    }

    mutating func parseSelector() throws(ParseFailure) -> StreamSelector {
        let open = try expect(.openBrace, "\"{\"")
        var matchers: [LabelMatcher] = []
        repeat {
            if current.kind == .comma, !matchers.isEmpty { _ = try consume() }
            if current.kind == .closeBrace, !matchers.isEmpty { break }
            let name = try expect(.identifier, "label name")
            let type: LabelMatcher.MatchType
            switch current.kind {
            case .eq: type = .equal
            case .neq: type = .notEqual
            case .re: type = .regexMatch
            case .nre: type = .regexNoMatch
            default: throw unexpected("\"=\", \"!=\", \"=~\" or \"!~\"")
            }
            _ = try consume()
            let value = try expect(.string, "STRING")
            matchers.append(try makeMatcher(type, name.text, value))
        } while current.kind == .comma
        try expect(.closeBrace, "\",\" or \"}\"")
        let selector = StreamSelector(matchers: matchers, range: SourceRange(start: open.start, end: lastEnd))
        try validate(selector)
        return selector
    }

    func makeMatcher(_ type: LabelMatcher.MatchType, _ name: String, _ value: Token) throws(ParseFailure) -> LabelMatcher {
        do {
            return try LabelMatcher(type, name, value.text)
        } catch {
            throw ParseFailure(message: error.message, offset: value.start)
        }
    }

    func makeValueMatcher(_ type: LabelMatcher.MatchType, _ name: String, _ value: Token) throws(ParseFailure) -> ValueMatcher {
        if type == .regexMatch || type == .regexNoMatch { try validateRegex(value) }
        return ValueMatcher(type, name, value.text)
    }

    func startsPipelineStage(_ kind: TokenKind) -> Bool {
        lineFilterOperation(kind) != nil || kind == .pipe
    }

    func lineFilterOperation(_ kind: TokenKind) -> LineFilter.Operation? {
        switch kind {
        case .pipeExact: return .contains
        case .neq: return .notContains
        case .pipeMatch: return .matchesRegex
        case .nre: return .notMatchesRegex
        case .pipePattern: return .matchesPattern
        case .notPipePattern: return .notMatchesPattern
        default: return nil
        }
    }

    mutating func parsePipeline(allowUnwrap: Bool) throws(ParseFailure) -> ([PipelineStage], Unwrap?) {
        var stages: [PipelineStage] = []
        var unwrap: Unwrap?
        while startsPipelineStage(current.kind) {
            let start = current.start
            if let op = lineFilterOperation(current.kind) {
                if unwrap != nil {
                    throw ParseFailure(message: "syntax error: only label filters are allowed after unwrap", offset: start)
                }
                _ = try consume()
                stages.append(PipelineStage(.lineFilter(try parseLineFilter(op)), range: SourceRange(start: start, end: lastEnd)))
                continue
            }
            _ = try consume() // `|`
            if current.kind == .unwrap {
                guard allowUnwrap else {
                    throw ParseFailure(message: "syntax error: unwrap is only allowed inside a range aggregation", offset: current.start)
                }
                guard unwrap == nil else {
                    throw ParseFailure(message: "syntax error: only label filters are allowed after unwrap", offset: current.start)
                }
                unwrap = try parseUnwrap(start: start)
                continue
            }
            let kind = try parseStage()
            let stage = PipelineStage(kind, range: SourceRange(start: start, end: lastEnd))
            if unwrap != nil {
                guard case .labelFilter(let filter) = kind else {
                    throw ParseFailure(message: "syntax error: only label filters are allowed after unwrap", offset: start)
                }
                unwrap?.postFilters.append(filter)
                unwrap?.range.end = lastEnd
            } else {
                stages.append(stage)
            }
        }
        return (stages, unwrap)
    }

    private mutating func parseLineFilter(_ op: LineFilter.Operation) throws(ParseFailure) -> LineFilter {
        var values = [try parseLineFilterValue(op)]
        // `|= "a" or "b"`: an `or` followed by another value continues the filter.
        while current.kind == .or {
            let next = try peek().kind
            guard next == .string || next == .ip else { break }
            _ = try consume()
            try countOperator(at: current.start)
            values.append(try parseLineFilterValue(op))
        }
        return LineFilter(op, values)
    }

    private mutating func parseLineFilterValue(_ op: LineFilter.Operation) throws(ParseFailure) -> LineFilter.Value {
        if current.kind == .ip {
            _ = try consume()
            try expect(.openParenthesis, "\"(\"")
            let value = try expect(.string, "STRING")
            try expect(.closeParenthesis, "\")\"")
            return .ip(value.text)
        }
        // Loki compiles line filter regexes only when it runs the pipeline (`|~ "error\\"` parses), so
        // they are not checked here either.
        return .string(try expect(.string, "STRING or ip(...)").text)
    }

    private mutating func parseUnwrap(start: Int) throws(ParseFailure) -> Unwrap {
        _ = try consume() // unwrap
        var conversion = Unwrap.Conversion.none
        let label: String
        switch current.kind {
        case .bytesConv, .durationConv, .durationSecondsConv:
            conversion = current.kind == .bytesConv ? .bytes : current.kind == .durationConv ? .duration : .durationSeconds
            _ = try consume()
            try expect(.openParenthesis, "\"(\"")
            label = try expectName().text
            try expect(.closeParenthesis, "\")\"")
        default:
            label = try expectName().text
        }
        return Unwrap(label: label, conversion: conversion, range: SourceRange(start: start, end: lastEnd))
    }

    /// A stage after `|` (not `unwrap`).
    private mutating func parseStage() throws(ParseFailure) -> PipelineStage.Kind {
        switch current.kind {
        case .json:
            _ = try consume()
            return .json(try parseExtractionParameters())
        case .logfmt:
            _ = try consume()
            var strict = false, keepEmpty = false
            while current.kind == .functionFlag {
                if current.text == "--strict" { strict = true } else { keepEmpty = true }
                _ = try consume()
            }
            return .logfmt(strict: strict, keepEmpty: keepEmpty, try parseExtractionParameters())
        case .regexp:
            _ = try consume()
            let expression = try expect(.string, "STRING")
            try validateRegexpStage(expression)
            return .regexp(expression.text)
        case .pattern:
            _ = try consume()
            let expression = try expect(.string, "STRING")
            try validatePatternStage(expression)
            return .pattern(expression.text)
        case .unpack:
            _ = try consume()
            return .unpack
        case .decolorize:
            _ = try consume()
            return .decolorize
        case .lineFormat:
            _ = try consume()
            return .lineFormat(try expect(.string, "STRING").text)
        case .labelFormat:
            _ = try consume()
            var items: [LabelFormatItem] = []
            repeat {
                if !items.isEmpty { _ = try consume() }
                let name = try expectName()
                try expect(.eq, "\"=\"")
                if current.kind == .string {
                    items.append(LabelFormatItem(label: name.text, value: .template(try consume().text)))
                } else {
                    items.append(LabelFormatItem(label: name.text, value: .rename(try expectName().text)))
                }
            } while current.kind == .comma
            return .labelFormat(items)
        case .drop, .keep:
            let isDrop = try consume().kind == .drop
            var items: [LabelSelection] = []
            repeat {
                if !items.isEmpty { _ = try consume() }
                let name = try expectName()
                var matcher: ValueMatcher?
                let types: [TokenKind: LabelMatcher.MatchType] = [.eq: .equal, .neq: .notEqual, .re: .regexMatch, .nre: .regexNoMatch]
                if let type = types[current.kind] {
                    _ = try consume()
                    matcher = try makeValueMatcher(type, name.text, try expect(.string, "STRING"))
                }
                items.append(LabelSelection(name: name.text, matcher: matcher))
            } while current.kind == .comma
            return isDrop ? .drop(items) : .keep(items)
        case .identifier, .openParenthesis:
            return .labelFilter(try parseLabelFilter())
        default:
            throw unexpected("a parser, a formatter or a label filter after \"|\"")
        }
    }

    /// `a="path", b` after `json` or `logfmt`.
    private mutating func parseExtractionParameters() throws(ParseFailure) -> [ExtractionParameter] {
        var parameters: [ExtractionParameter] = []
        guard current.kind == .identifier else { return parameters }
        repeat {
            if !parameters.isEmpty { _ = try consume() }
            let name = try expectName()
            var expression: String?
            if current.kind == .eq {
                _ = try consume()
                expression = try expect(.string, "STRING").text
            }
            parameters.append(ExtractionParameter(label: name.text, expression: expression))
        } while current.kind == .comma
        return parameters
    }

    // MARK: - Label filters

    /// A label filter expression.
    ///
    /// `and` binds tighter than `or`, both left-associative. A comma, or plain juxtaposition
    /// (`a="x" b="y"`), also means `and` but groups the way Loki's yacc grammar does, which always shifts
    /// there: its left operand is the primary just before it and its right operand is everything after it,
    /// so `a, b or c` is `a and (b or c)` (like `a | b or c`) and `a or b, c` is `a or (b and c)`.
    ///
    /// Built iteratively: each comma opens a frame for its right operand, closed at the end of the
    /// expression, so long juxtaposed chains do not recurse in the parser.
    mutating func parseLabelFilter() throws(ParseFailure) -> LabelFilter {
        // Per frame: primaries and the `and`/`or` between them; `pending` holds each comma's left operand.
        var frames: [[(filter: LabelFilter, op: TokenKind?)]] = [[]]
        var pending: [LabelFilter] = []
        while true {
            let primary = try parseLabelFilterPrimary()
            if current.kind == .comma || current.kind == .identifier || current.kind == .openParenthesis {
                try countOperator(at: current.start)
                if current.kind == .comma { _ = try consume() }
                pending.append(primary)
                frames.append([])
                continue
            }
            if current.kind == .and || current.kind == .or {
                try countOperator(at: current.start)
                frames[frames.count - 1].append((primary, try consume().kind))
                continue
            }
            frames[frames.count - 1].append((primary, nil))
            break
        }
        var result = Parser.foldLabelFilters(frames.removeLast())
        while let left = pending.popLast() {
            let joined = LabelFilter(.and(left, result), range: SourceRange(start: left.range.start, end: result.range.end))
            frames[frames.count - 1].append((joined, nil))
            result = Parser.foldLabelFilters(frames.removeLast())
        }
        return result
    }

    /// `p1 op1 p2 op2 ... pn` with `and` over `or`, both left-associative.
    private static func foldLabelFilters(_ items: [(filter: LabelFilter, op: TokenKind?)]) -> LabelFilter {
        func join(_ l: LabelFilter, _ r: LabelFilter, or: Bool) -> LabelFilter {
            LabelFilter(or ? .or(l, r) : .and(l, r), range: SourceRange(start: l.range.start, end: r.range.end))
        }
        var disjunction: LabelFilter?
        var conjunction = items[0].filter
        for i in 1..<max(1, items.count) {
            if items[i - 1].op == .or {
                disjunction = disjunction.map { join($0, conjunction, or: true) } ?? conjunction
                conjunction = items[i].filter
            } else {
                conjunction = join(conjunction, items[i].filter, or: false)
            }
        }
        return disjunction.map { join($0, conjunction, or: true) } ?? conjunction
    }

    private mutating func parseLabelFilterPrimary() throws(ParseFailure) -> LabelFilter {
        let start = current.start
        if current.kind == .openParenthesis {
            try enter()
            _ = try consume()
            var inner = try parseLabelFilter()
            try expect(.closeParenthesis, "\")\"")
            leave()
            inner.range = SourceRange(start: start, end: lastEnd)
            return inner
        }
        let name = try expect(.identifier, "label name")
        let opToken = current
        let kind: LabelFilter.Kind
        switch opToken.kind {
        case .eq, .neq:
            _ = try consume()
            let negated = opToken.kind == .neq
            if current.kind == .string {
                kind = .matcher(try makeValueMatcher(negated ? .notEqual : .equal, name.text, try consume()))
            } else if current.kind == .ip {
                _ = try consume()
                try expect(.openParenthesis, "\"(\"")
                let value = try expect(.string, "STRING")
                try expect(.closeParenthesis, "\")\"")
                kind = .ip(label: name.text, negated: negated, range: value.text)
            } else {
                kind = try parseComparisonValue(name.text, negated ? .notEqual : .equal)
            }
        case .re, .nre:
            _ = try consume()
            kind = .matcher(try makeValueMatcher(opToken.kind == .re ? .regexMatch : .regexNoMatch, name.text, try expect(.string, "STRING")))
        case .gt, .gte, .lt, .lte, .cmpEq:
            _ = try consume()
            if current.kind == .ip {
                throw ParseFailure(message: "syntax error: ip() filters only allow \"=\" and \"!=\"", offset: current.start)
            }
            let ops: [TokenKind: ComparisonOperator] = [.gt: .greater, .gte: .greaterOrEqual, .lt: .less, .lte: .lessOrEqual, .cmpEq: .equal]
            kind = try parseComparisonValue(name.text, ops[opToken.kind]!)
        default:
            throw unexpected("a comparison operator")
        }
        return LabelFilter(kind, range: SourceRange(start: start, end: lastEnd))
    }

    /// The right side of a numeric comparison: a number, a duration or a byte size.
    private mutating func parseComparisonValue(_ label: String, _ op: ComparisonOperator) throws(ParseFailure) -> LabelFilter.Kind {
        switch current.kind {
        case .duration:
            let token = try consume()
            guard let d = LogQLDuration(parsing: token.text) else {
                throw ParseFailure(message: "invalid duration \(quoteForMessage(token.text))", offset: token.start)
            }
            return .duration(label: label, op, d)
        case .bytes:
            let token = try consume()
            guard let b = parseBytes(token.text) else {
                throw ParseFailure(message: "invalid byte size \(quoteForMessage(token.text))", offset: token.start)
            }
            return .bytes(label: label, op, b)
        case .number, .sub, .add:
            return .number(label: label, op, try parseSignedNumber())
        default:
            throw unexpected("STRING, NUMBER, DURATION, BYTES or ip(...)")
        }
    }
}
