import TimeSeries

/// Duration expressions inside `[...]` and after `offset` (experimental, `Options.durationExpressions`).
/// A plain literal needs no flag; arithmetic, parentheses, `step()`, `range()`, `min_of`, `max_of` do.
extension Parser {
    func parseDurationExpr(minPrecedence: Int, _ context: (String, String)) throws(SyntaxAbort) -> DurationExpr {
        try enterDuration()
        defer { leaveDuration() }
        var lhs = try parseDurationUnary(context)
        // Operators chained in this loop deepen the tree without recursion: each counts as a level.
        var chained = 0
        defer { durationDepth -= chained }
        while let op = durationOperator(kind), op.precedence >= minPrecedence {
            let opToken = advance()
            try enterDuration()
            chained += 1
            let rhs = try parseDurationExpr(minPrecedence: op == .pow ? op.precedence : op.precedence + 1, context)
            experimentalDuration(lhs.sourceRange)
            if op == .div || op == .mod, case .number(let n) = rhs, n.value == 0 {
                addError(op == .div ? "division by zero" : "modulo by zero", range(opToken))
                lhs = .number(NumberLiteral(value: 0, range: lhs.sourceRange))
                continue
            }
            lhs = .binary(op, lhs, rhs)
        }
        return lhs
    }

    private func durationOperator(_ k: TokenKind) -> DurationBinaryOp? {
        switch k {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        default: return nil
        }
    }

    /// A unary sign binds like `*`, so `-2^2` is `-(2^2)`.
    private func parseDurationUnary(_ context: (String, String)) throws(SyntaxAbort) -> DurationExpr {
        guard kind == .add || kind == .sub else { return try parseDurationPrimary(context) }
        let op = advance()
        let operand = try parseDurationExpr(minPrecedence: DurationBinaryOp.pow.precedence, context)
        return applyUnary(op, operand)
    }

    func parseDurationPrimary(_ context: (String, String), checkParen: Bool = true) throws(SyntaxAbort) -> DurationExpr {
        let t = current
        switch t.kind {
        case .number, .duration:
            var n = literal(advance())
            if durationOutOfRange(n.value) {
                addError("duration out of range", n.range)
                n.value = 0
            }
            return .number(n)
        case .step, .range:
            advance()
            guard kind == .leftParen else { try unexpected(context.0, context.1) }
            advance()
            guard kind == .rightParen else { try unexpected(context.0, context.1) }
            let close = advance()
            let r = SourceRange(start: t.start, end: close.end)
            experimentalDuration(r)
            return t.kind == .step ? .step(range: ignored(r)) : .range(range: ignored(r))
        case .maxOf, .minOf:
            advance()
            guard kind == .leftParen else { try unexpected(context.0, context.1) }
            advance()
            try enterDuration()
            defer { leaveDuration() }
            let a = try parseDurationExpr(minPrecedence: 0, context)
            guard kind == .comma else { try unexpected(context.0, context.1) }
            advance()
            let b = try parseDurationExpr(minPrecedence: 0, context)
            guard kind == .rightParen else { try unexpected(context.0, context.1) }
            let close = advance()
            let r = SourceRange(start: t.start, end: close.end)
            experimentalDuration(r)
            return t.kind == .maxOf ? .maxOf(a, b, range: ignored(r)) : .minOf(a, b, range: ignored(r))
        case .leftParen:
            advance()
            let inner = try parseDurationExpr(minPrecedence: 0, context)
            guard kind == .rightParen else { try unexpected(context.0, context.1) }
            let close = advance()
            if checkParen { experimentalDuration(inner.sourceRange) }
            return wrapParen(inner, SourceRange(start: t.start, end: close.end))
        default:
            try unexpected(context.0, context.1)
        }
    }

    /// A number or duration token as a literal (seconds), without the range check.
    func literal(_ t: Token) -> NumberLiteral {
        if t.kind == .duration {
            return NumberLiteral(value: durationSeconds(t), isDuration: true, range: range(t))
        }
        return NumberLiteral(value: numberValue(t), range: range(t))
    }

    /// Upstream marks a node as parenthesised once; parentheses around parentheses print once.
    private func wrapParen(_ e: DurationExpr, _ r: SourceRange) -> DurationExpr {
        if case .paren = e { return e }
        return .paren(e, range: ignored(r))
    }

    /// `-` folds into literals and wraps anything else; `+` changes nothing.
    func applyUnary(_ op: Token, _ e: DurationExpr) -> DurationExpr {
        if case .number(var n) = e {
            if op.kind == .sub { n.value = -n.value }
            if durationOutOfRange(n.value) {
                addError("duration out of range", range(op))
                return .number(NumberLiteral(value: 0, range: range(op)))
            }
            n.range = SourceRange(start: op.start, end: n.range.end)
            return .number(n)
        }
        guard op.kind == .sub else { return e }
        return .negate(e, range: ignored(SourceRange(start: op.start, end: e.sourceRange.end)))
    }

    private func experimentalDuration(_ r: SourceRange) {
        if !options.durationExpressions {
            addError("experimental duration expression is not enabled", r)
        }
    }
}
