import TimeSeries

/// An experimental duration expression, used for ranges, subquery steps and offsets
/// (`[5m + 1m]`, `offset (1h * 2)`, `[step()]`, `[min_of(range(), 5m)]`).
///
/// Values are in seconds, like number literals. The parser keeps the shape the user wrote (including
/// parentheses) so that it prints back the way Prometheus prints it; the evaluator folds it per query.
public indirect enum DurationExpr: Sendable, Equatable {
    case number(NumberLiteral)
    /// `step()`: the query step.
    case step(range: IgnoredInEquality<SourceRange>)
    /// `range()`: the query range.
    case range(range: IgnoredInEquality<SourceRange>)
    case minOf(DurationExpr, DurationExpr, range: IgnoredInEquality<SourceRange>)
    case maxOf(DurationExpr, DurationExpr, range: IgnoredInEquality<SourceRange>)
    /// Only `-` is kept: a unary `+` disappears, and `-` on a literal is folded into the literal.
    case negate(DurationExpr, range: IgnoredInEquality<SourceRange>)
    case binary(DurationBinaryOp, DurationExpr, DurationExpr)
    case paren(DurationExpr, range: IgnoredInEquality<SourceRange>)

    public var sourceRange: SourceRange {
        switch self {
        case .number(let n): return n.range
        case .step(let r), .range(let r): return r.wrappedValue
        case .minOf(_, _, let r), .maxOf(_, _, let r), .negate(_, let r): return r.wrappedValue
        // Upstream's parentheses only mark the node: an expression keeps its own range, and a literal gets
        // one from the `(` to its own end (a unary-plus node), which is where errors point.
        case .paren(let e, let r):
            if case .number(let n) = e { return SourceRange(start: r.wrappedValue.start, end: n.range.end) }
            return e.sourceRange
        case .binary(_, let l, let r): return SourceRange(start: l.sourceRange.start, end: r.sourceRange.end)
        }
    }

    /// The literal value when the expression is just a number (parenthesised or not).
    public var literalSeconds: Double? {
        switch self {
        case .number(let n): return n.value
        default: return nil
        }
    }
}

public enum DurationBinaryOp: String, Sendable, Equatable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^"

    var precedence: Int {
        switch self {
        case .add, .sub: return 4
        case .mul, .div, .mod: return 5
        case .pow: return 6
        }
    }
}

func ignored(_ r: SourceRange) -> IgnoredInEquality<SourceRange> { IgnoredInEquality(wrappedValue: r) }
