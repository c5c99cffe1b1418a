import TimeSeries

/// A parsed LogQL query: a log query (lines) or a metric query (samples). Equality ignores source ranges;
/// `description` is canonical LogQL that parses back to an equal expression.
public enum LogQLExpr: Sendable, Equatable, CustomStringConvertible {
    case log(LogExpr)
    case sample(SampleExpr)

    /// Rules (alerting and recording) must be metric queries.
    public var isMetricQuery: Bool {
        if case .sample = self { return true }
        return false
    }

    public var isLogQuery: Bool { !isMetricQuery }

    public var range: SourceRange {
        switch self {
        case .log(let l): return l.range
        case .sample(let s): return s.range
        }
    }

    /// Every stream selector in the query, left to right.
    public var streamSelectors: [StreamSelector] {
        switch self {
        case .log(let l): return [l.selector]
        case .sample(let s): return s.streamSelectors
        }
    }

    /// The matchers of each stream selector, left to right.
    public var matchers: [[LabelMatcher]] { streamSelectors.map(\.matchers) }
}

extension SampleExpr {
    /// Every stream selector below this expression, left to right.
    public var streamSelectors: [StreamSelector] {
        var out: [StreamSelector] = []
        // The walk recurses once per level of the tree: on a large stack (inline when already on one).
        LargeStack.run { collectSelectors(into: &out) }
        return out
    }

    private func collectSelectors(into out: inout [StreamSelector]) {
        switch kind {
        case .rangeAggregation(let r): out.append(r.logRange.log.selector)
        case .vectorAggregation(let v): v.expr.collectSelectors(into: &out)
        case .binary(let b):
            b.lhs.collectSelectors(into: &out)
            b.rhs.collectSelectors(into: &out)
        case .labelReplace(let l): l.expr.collectSelectors(into: &out)
        case .literal, .vector: break
        }
    }
}
