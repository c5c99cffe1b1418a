import TimeSeries

// Canonical LogQL text for every node. The output is meant to parse back to an equal tree, not to keep the
// user's spelling: strings are Go-quoted, `,` and juxtaposition in label filters print as `and`, numbers
// and durations print in their shortest form, and parentheses appear only where precedence needs them.

/// Shortest text for a number that reads back to the same value.
func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}

extension StreamSelector {
    public var description: String {
        "{" + matchers.map { "\($0.name)\($0.type.rawValue)\(quoteGo($0.value))" }.joined(separator: ", ") + "}"
    }
}

extension LogExpr {
    public var description: String {
        selector.description + pipeline.map { " " + $0.description }.joined()
    }
}

extension LogRange {
    public var description: String {
        var out = log.description
        if let unwrap { out += " " + unwrap.description }
        // `{a="b"}[5m]` but `{a="b"} |= "x" [5m]`, as Loki prints them.
        out += (log.pipeline.isEmpty && unwrap == nil ? "" : " ") + "[\(interval)]"
        if let offset { out += " offset \(offset)" }
        return out
    }
}

extension Unwrap {
    public var description: String {
        var out = conversion == .none ? "| unwrap \(label)" : "| unwrap \(conversion.rawValue)(\(label))"
        for filter in postFilters { out += " | \(filter)" }
        return out
    }
}

extension PipelineStage {
    public var description: String {
        switch kind {
        case .lineFilter(let f):
            return f.operation.rawValue + " " + f.values.map { value in
                switch value {
                case .string(let s): return quoteGo(s)
                case .ip(let s): return "ip(\(quoteGo(s)))"
                }
            }.joined(separator: " or ")
        case .json(let params):
            return "| json" + formatParameters(params)
        case .logfmt(let strict, let keepEmpty, let params):
            return "| logfmt" + (strict ? " --strict" : "") + (keepEmpty ? " --keep-empty" : "") + formatParameters(params)
        case .regexp(let s): return "| regexp \(quoteGo(s))"
        case .pattern(let s): return "| pattern \(quoteGo(s))"
        case .unpack: return "| unpack"
        case .decolorize: return "| decolorize"
        case .labelFilter(let f): return "| \(f)"
        case .lineFormat(let s): return "| line_format \(quoteGo(s))"
        case .labelFormat(let items):
            return "| label_format " + items.map { item in
                switch item.value {
                case .template(let t): return "\(item.label)=\(quoteGo(t))"
                case .rename(let source): return "\(item.label)=\(source)"
                }
            }.joined(separator: ", ")
        case .drop(let items): return "| drop " + formatSelections(items)
        case .keep(let items): return "| keep " + formatSelections(items)
        }
    }

    private func formatParameters(_ params: [ExtractionParameter]) -> String {
        if params.isEmpty { return "" }
        return " " + params.map { p in p.expression.map { "\(p.label)=\(quoteGo($0))" } ?? p.label }.joined(separator: ", ")
    }

    private func formatSelections(_ items: [LabelSelection]) -> String {
        items.map { item in
            item.matcher?.description ?? item.name
        }.joined(separator: ", ")
    }
}

extension LabelFilter {
    /// Printing recurses once per `and`/`or`; it runs on a large stack so long chains print anywhere.
    public var description: String { LargeStack.run { format(atEnd: true) } }

    /// `atEnd`: nothing follows this node in its group (`|`, `)` or the range come next). Only there can a
    /// comma be printed, because a comma takes everything after it as its right operand; this keeps long
    /// juxtaposed chains (`a="1" b="2" ...`) flat instead of nesting parentheses.
    private func format(atEnd: Bool) -> String {
        switch kind {
        case .matcher(let m): return m.description
        case .ip(let label, let negated, let range): return "\(label)\(negated ? "!=" : "=")ip(\(quoteGo(range)))"
        case .number(let label, let op, let v): return "\(label)\(op.rawValue)\(formatNumber(v))"
        case .duration(let label, let op, let d): return "\(label)\(op.rawValue)\(d)"
        case .bytes(let label, let op, let b): return "\(label)\(op.rawValue)\(b)B"
        case .or(let l, let r):
            let right = r.isOr ? "(\(r.format(atEnd: true)))" : r.format(atEnd: atEnd)
            return "\(l.format(atEnd: false)) or \(right)"
        case .and(let l, let r):
            let left = l.isOr ? "(\(l.format(atEnd: true)))" : l.format(atEnd: false)
            if !r.isCompound { return "\(left) and \(r.format(atEnd: atEnd))" }
            if atEnd, !l.isCompound { return "\(left), \(r.format(atEnd: true))" }
            return "\(left) and (\(r.format(atEnd: true)))"
        }
    }

    private var isOr: Bool { if case .or = kind { return true } else { return false } }
    private var isCompound: Bool {
        switch kind {
        case .and, .or: return true
        default: return false
        }
    }
}

extension SampleExpr {
    /// Printing recurses once per level of the tree; it runs on a large stack so the deepest query the
    /// parser accepts prints from any thread.
    public var description: String { LargeStack.run { printed } }

    var printed: String {
        switch kind {
        case .literal(let v): return formatNumber(v)
        case .vector(let v): return "vector(\(formatNumber(v)))"
        case .rangeAggregation(let r):
            var out = r.operation.rawValue + "("
            if let p = r.parameter { out += formatNumber(p) + ", " }
            out += r.logRange.description + ")"
            if let g = r.grouping { out += " " + g.description }
            return out
        case .vectorAggregation(let v):
            var out = v.operation.rawValue
            if let g = v.grouping { out += " " + g.description + " " }
            out += "("
            if let p = v.parameter { out += formatNumber(p) + ", " }
            return out + v.expr.printed + ")"
        case .labelReplace(let l):
            return "label_replace(\(l.expr.printed), \(quoteGo(l.destination)), \(quoteGo(l.replacement)), \(quoteGo(l.source)), \(quoteGo(l.regex)))"
        case .binary(let b):
            var op = b.op.rawValue
            if b.returnBool { op += " bool" }
            if let m = b.matching {
                op += (m.on ? " on (" : " ignoring (") + m.labels.joined(separator: ", ") + ")"
                if let card = m.card {
                    op += " " + card.rawValue
                    if !m.include.isEmpty { op += " (" + m.include.joined(separator: ", ") + ")" }
                }
            }
            return "\(operand(b.lhs, of: b.op, left: true)) \(op) \(operand(b.rhs, of: b.op, left: false))"
        }
    }

    private func operand(_ e: SampleExpr, of op: BinaryOperator, left: Bool) -> String {
        guard case .binary(let child) = e.kind else {
            // A negative literal on the right of `^` would bind to `^` first either way; nothing to bracket.
            return e.printed
        }
        let needsParens: Bool
        if child.op.precedence != op.precedence {
            needsParens = child.op.precedence < op.precedence
        } else {
            needsParens = left == op.isRightAssociative
        }
        return needsParens ? "(\(e.printed))" : e.printed
    }
}

extension Grouping: CustomStringConvertible {
    public var description: String {
        (without ? "without (" : "by (") + labels.joined(separator: ", ") + ")"
    }
}

extension LogQLExpr {
    public var description: String {
        switch self {
        case .log(let l): return l.description
        case .sample(let s): return s.description
        }
    }
}
