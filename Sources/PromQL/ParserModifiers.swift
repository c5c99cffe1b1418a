import TimeSeries

/// The postfix parts of an expression: `[range]`, `[range:step]`, `offset`, `@`, `anchored`, `smoothed`.
/// They bind tighter than every operator, so they attach to the primary expression just parsed.
extension Parser {
    func parsePostfix(_ primary: Expr) throws(SyntaxAbort) -> Expr {
        var e = primary
        while true {
            switch kind {
            case .leftBracket: e = try parseRangeOrSubquery(e)
            case .offset: e = try parseOffset(e)
            case .at: e = try parseAt(e)
            case .anchored, .smoothed:
                let anchored = kind == .anchored
                advance()
                e = setExtendedRange(e, anchored: anchored)
            default: return e
            }
        }
    }

    private static let rangeStartContext = ("subquery or range selector", "number, duration, step(), or range()")
    private static let stepContext = ("subquery selector", "number, duration, step(), range(), or \"]\"")
    private static let offsetContext = ("offset", "number, duration, step(), or range()")

    private func startsDuration(_ k: TokenKind) -> Bool {
        switch k {
        case .number, .duration, .add, .sub, .leftParen, .step, .range, .maxOf, .minOf: return true
        default: return false
        }
    }

    private func parseRangeOrSubquery(_ e: Expr) throws(SyntaxAbort) -> Expr {
        let open = advance()
        guard startsDuration(kind) else { try unexpected(Parser.rangeStartContext.0, Parser.rangeStartContext.1) }
        let (rangeDuration, rangeExpr) = try parsePositiveDuration(Parser.rangeStartContext)
        if kind == .rightBracket {
            let close = advance()
            guard case .vectorSelector(let vs) = e else {
                addError("ranges only allowed for vector selectors", SourceRange(start: open.start, end: close.end))
                return e
            }
            if vs.modifiers.hasOffset {
                addError("no offset modifiers allowed before range", SourceRange(start: open.start, end: close.end))
            } else if vs.modifiers.hasAt {
                addError("no @ modifiers allowed before range", SourceRange(start: open.start, end: close.end))
            }
            return .matrixSelector(MatrixSelector(vectorSelector: vs, rangeDuration: rangeDuration, rangeExpr: rangeExpr,
                                                  range: SourceRange(start: vs.range.start, end: close.end)))
        }
        guard kind == .colon else { try unexpected("subquery or range", "\":\" or \"]\"") }
        advance()
        var step = PromDuration.zero
        var stepExpr: DurationExpr?
        if kind != .rightBracket {
            guard startsDuration(kind) else { try unexpected(Parser.stepContext.0, Parser.stepContext.1) }
            (step, stepExpr) = try parsePositiveDuration(Parser.stepContext)
            guard kind == .rightBracket else { try unexpected("subquery selector", "\"]\"") }
        }
        let close = advance()
        let subquery = Expr.subquery(SubqueryExpr(expr: e, rangeDuration: rangeDuration, rangeExpr: rangeExpr, step: step,
                                                  stepExpr: stepExpr, range: SourceRange(start: e.range.start, end: close.end)))
        try checkHeight(subquery)
        return subquery
    }

    /// A range or step: a literal must be positive; an expression is checked when evaluated.
    private func parsePositiveDuration(_ context: (String, String)) throws(SyntaxAbort) -> (PromDuration, DurationExpr?) {
        let d = try parseDurationExpr(minPrecedence: 0, context)
        if case .number(let n) = d {
            if n.value <= 0 {
                addError("duration must be greater than 0", n.range)
                return (.zero, nil)
            }
            return (millisecondsRounded(n.value), nil)
        }
        return (.zero, d)
    }

    // MARK: offset

    private func parseOffset(_ e: Expr) throws(SyntaxAbort) -> Expr {
        advance()
        let ctx = Parser.offsetContext
        let value: DurationExpr
        switch kind {
        case .add, .sub:
            let op = advance()
            switch kind {
            case .number, .duration:
                var n = literal(advance())
                if op.kind == .sub { n.value = -n.value }
                n.range = SourceRange(start: op.start, end: n.range.end)
                if durationOutOfRange(n.value) {
                    addError("duration out of range", range(op))
                    n.value = 0
                }
                value = .number(n)
            case .step, .range, .maxOf, .minOf:
                let inner = try parseDurationPrimary(ctx)
                value = op.kind == .sub ? .negate(inner, range: ignored(SourceRange(start: op.start, end: inner.sourceRange.end))) : inner
            case .leftParen:
                let inner = try parseDurationPrimary(ctx, checkParen: false)
                value = applyUnary(op, inner)
            default:
                try unexpected(ctx.0, ctx.1)
            }
        case .number, .duration:
            var n = literal(advance())
            if durationOutOfRange(n.value) {
                addError("duration out of range", n.range)
                n.value = 0
            }
            value = .number(n)
        case .step, .range, .maxOf, .minOf:
            value = try parseDurationPrimary(ctx)
        case .leftParen:
            // A parenthesised expression may go on with more operators: `offset (1h) * 2` is all offset.
            value = try parseDurationExpr(minPrecedence: 0, ctx)
        default:
            try unexpected(ctx.0, ctx.1)
        }
        return applyOffset(e, value)
    }

    private func applyOffset(_ e: Expr, _ value: DurationExpr) -> Expr {
        func set(_ m: inout TimeModifiers) {
            if m.hasOffset {
                addError("offset may not be set multiple times", e.range)
                return
            }
            if case .number(let n) = value { m.offset = millisecondsRounded(n.value) } else { m.offsetExpr = value }
        }
        switch e {
        case .vectorSelector(var vs):
            set(&vs.modifiers)
            vs.range.end = lastClosing
            return .vectorSelector(vs)
        case .matrixSelector(var ms):
            set(&ms.vectorSelector.modifiers)
            ms.range.end = lastClosing
            return .matrixSelector(ms)
        case .subquery(var sq):
            set(&sq.modifiers)
            sq.range.end = lastClosing
            return .subquery(sq)
        default:
            addError("offset modifier must be preceded by an instant vector selector or range vector selector or a subquery", e.range)
            return e
        }
    }

    // MARK: @

    private func parseAt(_ e: Expr) throws(SyntaxAbort) -> Expr {
        advance()
        switch kind {
        case .number, .duration, .add, .sub:
            var sign = 1.0
            if kind == .add || kind == .sub {
                if kind == .sub { sign = -1 }
                advance()
                guard kind == .number || kind == .duration else { try unexpected("@", "timestamp") }
            }
            let ts = sign * literal(advance()).value
            if !ts.isFinite || ts >= 9.223372036854775807e18 || ts <= -9.223372036854775808e18 {
                addError("timestamp out of bounds for @ modifier: \(formatGoFixed6(ts))", e.range)
            }
            // Upstream stores `int64(math.Round(ts * 1000))` even after reporting the error above, and a
            // value in range in seconds may still overflow in milliseconds (`@ 9e18`): Go then gives
            // math.MinInt64, a time the engine selects nothing at.
            return applyAt(e) { m in m.timestamp = GoInt64.convert((ts * 1000).rounded()) }
        case .start, .end:
            let which: AtPreprocessor = kind == .start ? .start : .end
            advance()
            guard kind == .leftParen else { try unexpected("@", "timestamp") }
            advance()
            guard kind == .rightParen else { try unexpected("@", "timestamp") }
            advance()
            return applyAt(e) { m in m.atPreprocessor = which }
        default:
            try unexpected("@", "timestamp")
        }
    }

    private func applyAt(_ e: Expr, _ update: (inout TimeModifiers) -> Void) -> Expr {
        func set(_ m: inout TimeModifiers) -> Bool {
            if m.hasAt {
                addError("@ <timestamp> may not be set multiple times", e.range)
                return false
            }
            update(&m)
            return true
        }
        switch e {
        case .vectorSelector(var vs):
            if set(&vs.modifiers) { vs.range.end = lastClosing }
            return .vectorSelector(vs)
        case .matrixSelector(var ms):
            if set(&ms.vectorSelector.modifiers) { ms.range.end = lastClosing }
            return .matrixSelector(ms)
        case .subquery(var sq):
            if set(&sq.modifiers) { sq.range.end = lastClosing }
            return .subquery(sq)
        default:
            addError("@ modifier must be preceded by an instant vector selector or range vector selector or a subquery", e.range)
            return e
        }
    }

    // MARK: anchored / smoothed

    private func setExtendedRange(_ e: Expr, anchored: Bool) -> Expr {
        let name = anchored ? "anchored" : "smoothed"
        guard options.extendedRangeSelectors else {
            addError("\(name) modifier is experimental and not enabled", e.range)
            return e
        }
        func set(_ vs: inout VectorSelector) {
            if anchored { vs.anchored = true } else { vs.smoothed = true }
            if vs.anchored && vs.smoothed {
                addError("anchored and smoothed modifiers cannot be used together", e.range)
            }
        }
        switch e {
        case .vectorSelector(var vs):
            set(&vs)
            return .vectorSelector(vs)
        case .matrixSelector(var ms):
            set(&ms.vectorSelector)
            return .matrixSelector(ms)
        case .subquery:
            addError("\(name) modifier is not supported for subqueries", e.range)
            return e
        default:
            addError("\(name) modifier not implemented", e.range)
            return e
        }
    }
}

/// Upstream turns seconds into a `time.Duration` by rounding to nanoseconds; we keep milliseconds (the
/// printed precision), truncating the nanoseconds as `model.Duration.String` does.
func millisecondsRounded(_ seconds: Double) -> PromDuration {
    let ns = (seconds * 1e9).rounded()
    return PromDuration(milliseconds: clampToInt64((ns / 1e6).rounded(.towardZero)))
}

func clampToInt64(_ d: Double) -> Int64 {
    if d.isNaN { return 0 }
    if d >= 9.223372036854775807e18 { return Int64.max }
    if d <= -9.223372036854775808e18 { return Int64.min }
    return Int64(d)
}

/// Whether seconds would overflow a Go `time.Duration` (int64 nanoseconds).
func durationOutOfRange(_ seconds: Double) -> Bool {
    seconds > 9223372036.854775807 || seconds < -9223372036.854775808
}
