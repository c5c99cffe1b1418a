import TimeSeries

/// Expressions: operators, primaries, selectors, calls and aggregations.
extension Parser {
    /// Precedence climbing over the binary operators; `minPrecedence` is the weakest operator accepted.
    func parseExpression(minPrecedence: Int = 0) throws(SyntaxAbort) -> Expr {
        try enter()
        defer { leave() }
        var lhs = try parseUnary()
        while let op = binaryOperator(kind), op.precedence >= minPrecedence {
            advance()
            let (returnBool, matching) = try parseBinaryModifiers()
            // `^` is right-associative: its right side may hold another `^`.
            let rhs = try parseExpression(minPrecedence: op == .pow ? op.precedence : op.precedence + 1)
            let binary = BinaryExpr(op: op, lhs: lhs, rhs: rhs, returnBool: returnBool, matching: matching)
            if !options.binopFillModifiers, matching.fillLeft != nil || matching.fillRight != nil {
                addError("binop fill modifiers are experimental and not enabled",
                         SourceRange(start: lhs.range.start, end: rhs.range.end))
            }
            lhs = .binary(binary)
            try checkHeight(lhs)
        }
        return lhs
    }

    func binaryOperator(_ k: TokenKind) -> BinaryOp? {
        switch k {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        case .atan2: return .atan2
        case .eqlc: return .eql
        case .neq: return .neq
        case .gtr: return .gtr
        case .gte: return .gte
        case .lss: return .lss
        case .lte: return .lte
        case .trimUpper: return .trimUpper
        case .trimLower: return .trimLower
        case .land: return .and
        case .lor: return .or
        case .lunless: return .unless
        default: return nil
        }
    }

    /// `bool`, `on(...)`/`ignoring(...)`, `group_left(...)`/`group_right(...)` and the fill modifiers, in
    /// that order. Whether they are allowed for the operator is decided by the type checker.
    private func parseBinaryModifiers() throws(SyntaxAbort) -> (Bool, VectorMatching) {
        var returnBool = false
        var vm = VectorMatching()
        if kind == .bool {
            advance()
            returnBool = true
        }
        if kind == .on || kind == .ignoring {
            vm.on = kind == .on
            advance()
            vm.matchingLabels = try parseGroupingLabels()
            if kind == .groupLeft || kind == .groupRight {
                vm.card = kind == .groupLeft ? .manyToOne : .oneToMany
                advance()
                if kind == .leftParen { vm.include = try parseGroupingLabels() }
            }
        }
        switch kind {
        case .fill:
            advance()
            let v = try parseFillValue()
            vm.fillLeft = v
            vm.fillRight = v
        case .fillLeft:
            advance()
            vm.fillLeft = try parseFillValue()
            if kind == .fillRight {
                advance()
                vm.fillRight = try parseFillValue()
            }
        case .fillRight:
            advance()
            vm.fillRight = try parseFillValue()
            if kind == .fillLeft {
                advance()
                vm.fillLeft = try parseFillValue()
            }
        default: break
        }
        return (returnBool, vm)
    }

    /// `( [+|-] number-or-duration )`.
    private func parseFillValue() throws(SyntaxAbort) -> Double {
        guard kind == .leftParen else { try unexpected() }
        advance()
        var sign = 1.0
        if kind == .add || kind == .sub {
            if kind == .sub { sign = -1 }
            advance()
        }
        let value: Double
        switch kind {
        case .number: value = numberValue(advance())
        case .duration: value = durationSeconds(advance())
        default: try unexpected()
        }
        guard kind == .rightParen else { try unexpected() }
        advance()
        return sign * value
    }

    /// `( label, ... )` after `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`.
    func parseGroupingLabels() throws(SyntaxAbort) -> [String] {
        guard kind == .leftParen else { try unexpected("grouping opts", "\"(\"") }
        advance()
        var labels: [String] = []
        if kind == .rightParen {
            advance()
            return labels
        }
        while true {
            if kind.canBeGroupingLabel {
                labels.append(text(advance()))
            } else if kind == .string {
                let t = advance()
                let name = unquote(t)
                if name.isEmpty { addError("invalid label name for grouping: \"\"", range(t)) }
                labels.append(name)
            } else {
                try unexpected("grouping opts", "label")
            }
            if kind == .comma {
                advance()
                if kind == .rightParen {
                    advance()
                    return labels
                }
                continue
            }
            if kind == .rightParen {
                advance()
                return labels
            }
            try unexpected("grouping opts", "\",\" or \")\"")
        }
    }

    /// A unary `+`/`-` binds like `*`: tighter than `*` on its right only for `^` and the postfix modifiers.
    private func parseUnary() throws(SyntaxAbort) -> Expr {
        guard kind == .add || kind == .sub else {
            return try parsePostfix(parsePrimary())
        }
        let opToken = advance()
        let op: UnaryOp = opToken.kind == .sub ? .minus : .plus
        let operand = try parseExpression(minPrecedence: BinaryOp.pow.precedence)
        if case .number(var n) = operand {
            // Upstream folds the sign into number literals.
            if op == .minus { n.value = -n.value }
            n.range = SourceRange(start: opToken.start, end: n.range.end)
            return .number(n)
        }
        return .unary(UnaryExpr(op: op, expr: operand, range: SourceRange(start: opToken.start, end: operand.range.end)))
    }

    private func parsePrimary() throws(SyntaxAbort) -> Expr {
        let t = current
        switch t.kind {
        case .number:
            advance()
            return .number(NumberLiteral(value: numberValue(t), range: range(t)))
        case .duration:
            advance()
            return .number(NumberLiteral(value: durationSeconds(t), isDuration: true, range: range(t)))
        case .string:
            advance()
            return .string(StringLiteral(value: unquote(t), range: range(t)))
        case .leftParen:
            advance()
            let inner = try parseExpression()
            guard kind == .rightParen else { try unexpected() }
            let close = advance()
            return .paren(ParenExpr(expr: inner, range: SourceRange(start: t.start, end: close.end)))
        case .leftBrace:
            return .vectorSelector(try parseSelector(nameToken: nil))
        case .aggregator(let op):
            let next = peekKind()
            if next == .leftParen || next == .by || next == .without { return try parseAggregate(op) }
            advance()
            return .vectorSelector(try parseSelector(nameToken: t))
        case .identifier, .start, .end, .step, .range, .maxOf, .minOf:
            advance()
            if kind == .leftParen { return try parseCall(nameToken: t) }
            return .vectorSelector(try parseSelector(nameToken: t))
        default:
            if t.kind.canBeMetricName {
                advance()
                return .vectorSelector(try parseSelector(nameToken: t))
            }
            try unexpected()
        }
    }

    /// A vector selector: the name (already consumed) and/or `{matchers}`.
    func parseSelector(nameToken: Token?) throws(SyntaxAbort) -> VectorSelector {
        let start = nameToken?.start ?? current.start
        var end = nameToken?.end ?? current.start
        let name = nameToken.map(text) ?? ""
        var matchers: [LabelMatcher] = []
        if kind == .leftBrace {
            advance()
            matchers = try parseLabelMatchers()
            end = lastClosing
        }
        if !name.isEmpty {
            // Upstream appends the name matcher last; the type checker relies on that.
            if let m = try? LabelMatcher(.equal, Label.metricName, name) { matchers.append(m) }
        }
        return VectorSelector(name: name, matchers: matchers, range: SourceRange(start: start, end: end))
    }

    private func matchType(_ k: TokenKind) -> LabelMatcher.MatchType? {
        switch k {
        case .eql: return .equal
        case .neq: return .notEqual
        case .eqlRegex: return .regexMatch
        case .neqRegex: return .regexNoMatch
        default: return nil
        }
    }

    /// The inside of `{...}`; the `{` is consumed, the `}` is consumed here.
    private func parseLabelMatchers() throws(SyntaxAbort) -> [LabelMatcher] {
        var matchers: [LabelMatcher] = []
        if kind == .rightBrace {
            advance()
            return matchers
        }
        while true {
            let nameToken = current
            switch nameToken.kind {
            case .identifier, .string:
                advance()
                let labelName = nameToken.kind == .string ? unquote(nameToken) : text(nameToken)
                if let type = matchType(kind) {
                    advance()
                    guard kind == .string else { try unexpected("label matching", "string") }
                    let valueToken = advance()
                    do {
                        matchers.append(try LabelMatcher(type, labelName, unquote(valueToken)))
                    } catch {
                        addError("\(error)", SourceRange(start: nameToken.start, end: valueToken.end))
                    }
                } else if nameToken.kind == .string {
                    // A lone quoted name is the metric name: {"my.metric"}.
                    if let m = try? LabelMatcher(.equal, Label.metricName, labelName) { matchers.append(m) }
                } else {
                    try unexpected("label matching", "label matching operator")
                }
            default:
                try unexpected("label matching", "identifier or \"}\"")
            }
            if kind == .comma {
                advance()
                if kind == .rightBrace {
                    advance()
                    return matchers
                }
                continue
            }
            if kind == .rightBrace {
                advance()
                return matchers
            }
            try unexpected("label matching", "\",\" or \"}\"")
        }
    }

    /// `name(args...)`; the name is consumed and the current token is `(`.
    private func parseCall(nameToken: Token) throws(SyntaxAbort) -> Expr {
        let name = text(nameToken)
        let args = try parseCallArguments()
        let function: PromQLFunction
        if let f = PromQLFunction.named(name) {
            function = f
            if f.experimental, !options.experimentalFunctions {
                addError("function \(quoteGo(name)) is not enabled", range(nameToken))
            }
        } else {
            addError("unknown function with name \(quoteGo(name))", range(nameToken))
            function = PromQLFunction(name: name, argTypes: [], variadic: -1, returnType: .vector)
        }
        return .call(Call(function: function, args: args, range: SourceRange(start: nameToken.start, end: lastClosing)))
    }

    /// `( expr, ... )`; a trailing comma is reported but tolerated, as upstream.
    private func parseCallArguments() throws(SyntaxAbort) -> [Expr] {
        guard kind == .leftParen else { try unexpected() }
        advance()
        var args: [Expr] = []
        if kind == .rightParen {
            advance()
            return args
        }
        while true {
            args.append(try parseExpression())
            if kind == .comma {
                let comma = advance()
                if kind == .rightParen {
                    addError("trailing commas not allowed in function call args", range(comma))
                    advance()
                    return args
                }
                continue
            }
            if kind == .rightParen {
                advance()
                return args
            }
            try unexpected()
        }
    }

    /// `op [by|without (labels)] (args) [by|without (labels)]`.
    private func parseAggregate(_ op: AggregateOp) throws(SyntaxAbort) -> Expr {
        let opToken = advance()
        var grouping: [String] = []
        var without = false
        var sawModifier = false
        if kind == .by || kind == .without {
            without = kind == .without
            advance()
            grouping = try parseGroupingLabels()
            sawModifier = true
            guard kind == .leftParen else { try unexpected("aggregation") }
        }
        let args = try parseCallArguments()
        if !sawModifier, kind == .by || kind == .without {
            without = kind == .without
            advance()
            grouping = try parseGroupingLabels()
        }
        let range = SourceRange(start: opToken.start, end: lastClosing)
        let placeholder = Expr.number(NumberLiteral(value: 0, range: range))
        func result(_ expr: Expr, _ param: Expr?) -> Expr {
            .aggregate(AggregateExpr(op: op, expr: expr, param: param, grouping: grouping, without: without, range: range))
        }
        if args.isEmpty {
            addError("no arguments for aggregate expression provided", range)
            return result(placeholder, nil)
        }
        var wanted = 1
        if op.hasParam {
            if op.isExperimental, !options.experimentalFunctions {
                addError("\(op.rawValue)() is experimental and must be enabled with --enable-feature=promql-experimental-functions", range)
                return result(placeholder, nil)
            }
            wanted = 2
        }
        if args.count != wanted {
            addError("wrong number of arguments for aggregate expression provided, expected \(wanted), got \(args.count)", range)
            return result(placeholder, nil)
        }
        return result(args[wanted - 1], op.hasParam ? args[0] : nil)
    }
}
