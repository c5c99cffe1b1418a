import TimeSeries

/// Prometheus's canonical text of an expression (`printer.go`'s `String()`), which reads back as the same
/// tree. Rule files and lint messages use it.
extension Expr: CustomStringConvertible {
    /// The text, built recursively; a deep tree is printed on a large stack (see `DeepRecursion`).
    public var description: String {
        DeepRecursion.run(height: height) { text } ?? text
    }

    var text: String {
        switch self {
        case .number(let n): return n.description
        case .string(let s): return quoteGo(s.value)
        case .vectorSelector(let v): return v.description
        case .matrixSelector(let m): return m.description
        case .subquery(let s): return s.text
        case .paren(let p): return "(" + p.expr.text + ")"
        case .unary(let u): return u.op.rawValue + u.expr.text
        case .binary(let b): return b.text
        case .aggregate(let a): return a.text
        case .call(let c): return c.function.name + "(" + c.args.map(\.text).joined(separator: ", ") + ")"
        }
    }
}

extension NumberLiteral: CustomStringConvertible {
    public var description: String {
        guard isDuration else { return GoFloat.formatF(value) }
        // Durations print in milliseconds, truncated, like model.Duration.
        if value < 0 { return "-" + PromDuration(milliseconds: truncatedMilliseconds(-value)).description }
        return PromDuration(milliseconds: truncatedMilliseconds(value)).description
    }
}

private func truncatedMilliseconds(_ seconds: Double) -> Int64 {
    let ns = clampToInt64((seconds * 1e9).rounded(.towardZero))
    return ns / 1_000_000
}

extension DurationExpr: CustomStringConvertible {
    public var description: String {
        switch self {
        case .number(let n): return n.description
        case .step: return "step()"
        case .range: return "range()"
        case .minOf(let a, let b, _): return "min_of(\(a), \(b))"
        case .maxOf(let a, let b, _): return "max_of(\(a), \(b))"
        case .negate(let e, _): return "-" + e.description
        case .binary(let op, let l, let r): return "\(l) \(op.rawValue) \(r)"
        case .paren(let e, _): return "(" + e.description + ")"
        }
    }
}

/// Label names in `by (...)`, `on (...)` etc.: bare when legacy-valid, quoted otherwise.
func formatLabelList(_ labels: [String]) -> String {
    labels.map { LabelNames.isValidLegacyLabelName($0) ? $0 : quoteGo($0) }.joined(separator: ", ")
}

extension TimeModifiers {
    var atText: String {
        if let ts = timestamp { return " @ " + formatMilliseconds(ts) }
        switch atPreprocessor {
        case .start: return " @ start()"
        case .end: return " @ end()"
        case nil: return ""
        }
    }

    var offsetText: String {
        if let e = offsetExpr { return " offset \(e)" }
        if offset.milliseconds > 0 { return " offset \(offset)" }
        if offset.milliseconds < 0 { return " offset -\(PromDuration(milliseconds: -offset.milliseconds))" }
        return ""
    }
}

/// Seconds with three decimals, as upstream's `%.3f` of `float64(ms) / 1000`.
func formatMilliseconds(_ ms: Int64) -> String {
    let negative = ms < 0
    let magnitude = ms.magnitude
    // Up to here the float's rounding cannot reach the third decimal, so the exact digits are Go's. Beyond
    // (`@ 9e18` stores math.MinInt64) Go prints the float, e.g. "-9223372036854776.000".
    guard magnitude < 4_500_000_000_000_000 else { return GoFloat.format(Double(ms) / 1000, verb: "f", precision: 3) }
    var frac = String(magnitude % 1000)
    while frac.count < 3 { frac = "0" + frac }
    return (negative ? "-" : "") + String(magnitude / 1000) + "." + frac
}

extension VectorSelector: CustomStringConvertible {
    public var description: String {
        selectorText + modifiers.atText + extendedText + modifiers.offsetText
    }

    /// The name and matchers only. The name matcher is left out; the others are sorted as text.
    var selectorText: String {
        var parts: [String] = []
        for m in matchers {
            if m.name == Label.metricName && m.type == .equal && m.value == name && !m.value.isEmpty { continue }
            parts.append(m.description)
        }
        parts.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return parts.isEmpty ? name : name + "{" + parts.joined(separator: ",") + "}"
    }

    var extendedText: String { anchored ? " anchored" : smoothed ? " smoothed" : "" }
}

extension MatrixSelector: CustomStringConvertible {
    public var description: String {
        let vs = vectorSelector
        let rangeText = rangeExpr?.description ?? rangeDuration.description
        return vs.selectorText + "[" + rangeText + "]" + vs.extendedText + vs.modifiers.atText + vs.modifiers.offsetText
    }
}

extension SubqueryExpr: CustomStringConvertible {
    public var description: String { Expr.subquery(self).description }

    var text: String {
        let rangeText = rangeExpr?.description ?? rangeDuration.description
        var stepText = ""
        if step != .zero { stepText = step.description } else if let e = stepExpr { stepText = e.description }
        return expr.text + "[" + rangeText + ":" + stepText + "]" + modifiers.atText + modifiers.offsetText
    }
}

extension BinaryExpr: CustomStringConvertible {
    public var description: String { Expr.binary(self).description }

    var text: String {
        var left = lhs.text
        // Upstream prints an infinite literal as "+Inf", but "+Inf ^ x" reads back as "+(Inf ^ x)" because
        // a sign binds looser than "^". Only there the sign is left out, so the text reads back the same.
        if op == .pow, case .number(let n) = lhs, n.value == .infinity { left = "Inf" }
        return "\(left) \(op.rawValue)\(returnBool ? " bool" : "")\(matchingText) \(rhs.text)"
    }

    var matchingText: String {
        guard let vm = matching else { return "" }
        var out = ""
        let grouped = vm.card == .manyToOne || vm.card == .oneToMany
        if !vm.matchingLabels.isEmpty || vm.on || grouped {
            out += " \(vm.on ? "on" : "ignoring") (\(formatLabelList(vm.matchingLabels)))"
        }
        if grouped {
            out += " group_\(vm.card == .manyToOne ? "left" : "right") (\(formatLabelList(vm.include)))"
        }
        if let l = vm.fillLeft, let r = vm.fillRight, l == r {
            out += " fill (\(GoFloat.formatG(l)))"
        } else {
            if let l = vm.fillLeft { out += " fill_left (\(GoFloat.formatG(l)))" }
            if let r = vm.fillRight { out += " fill_right (\(GoFloat.formatG(r)))" }
        }
        return out
    }
}

extension AggregateExpr: CustomStringConvertible {
    public var description: String { Expr.aggregate(self).description }

    var text: String {
        var out = op.rawValue
        if without {
            out += " without (\(formatLabelList(grouping))) "
        } else if !grouping.isEmpty {
            out += " by (\(formatLabelList(grouping))) "
        }
        out += "("
        if let p = param { out += p.text + ", " }
        return out + expr.text + ")"
    }
}
