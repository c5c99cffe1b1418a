/// A generated PromQL expression as a tree, so that a disagreement can be narrowed down to the smallest
/// sub-expression on which the engines differ (see `DisagreementLocator`).
indirect enum GeneratedExpr {
    enum ValueKind: String { case scalar, vector, matrix, string }

    enum At {
        case time(Int64)
        case start
        case end
    }

    /// `offset` and `@` of a selector or subquery.
    struct Modifiers {
        var offset: Int64?
        var at: At?
    }

    struct Matching {
        enum Card { case oneToOne, groupLeft, groupRight }
        var on: Bool
        var labels: [String]
        var card: Card = .oneToOne
        var include: [String] = []
    }

    case number(Double)
    case string(String)
    case selector(metric: String?, matchers: [String], Modifiers)
    case matrixSelector(metric: String?, matchers: [String], range: Int64, Modifiers)
    case subquery(GeneratedExpr, range: Int64, step: Int64?, Modifiers)
    case call(String, [GeneratedExpr])
    case aggregate(String, param: GeneratedExpr?, grouping: (without: Bool, labels: [String])?, GeneratedExpr)
    case binary(String, GeneratedExpr, GeneratedExpr, returnBool: Bool, matching: Matching?)
    case negate(GeneratedExpr)

    var kind: ValueKind {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .selector: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .call(let name, _): return ["scalar", "time", "pi"].contains(name) ? .scalar : .vector
        case .aggregate: return .vector
        case .binary(_, let l, let r, _, _): return l.kind == .scalar && r.kind == .scalar ? .scalar : .vector
        case .negate(let e): return e.kind
        }
    }

    /// The sub-expressions worth evaluating on their own (literals are not).
    var children: [GeneratedExpr] {
        switch self {
        case .number, .string, .selector, .matrixSelector: return []
        case .subquery(let e, _, _, _): return [e]
        case .call(_, let args): return args.filter { $0.isEvaluable }
        case .aggregate(_, let p, _, let e): return [p, e].compactMap { $0 }.filter { $0.isEvaluable }
        case .binary(_, let l, let r, _, _): return [l, r].filter { $0.isEvaluable }
        case .negate(let e): return [e]
        }
    }

    private var isEvaluable: Bool {
        switch self {
        case .number, .string: return false
        default: return true
        }
    }

    /// What a disagreement at this node is filed under: the function, aggregation or operator.
    var classKey: String {
        switch self {
        case .number: return "number literal"
        case .string: return "string literal"
        case .selector: return "instant selector"
        case .matrixSelector: return "range selector"
        case .subquery: return "subquery"
        case .call(let name, _): return name
        case .aggregate(let op, _, _, _): return op
        case .binary(let op, let l, let r, let returnBool, let matching):
            var key = "\(op) (\(l.kind.rawValue), \(r.kind.rawValue))"
            if returnBool { key += " bool" }
            if let m = matching, m.card != .oneToOne { key += m.card == .groupLeft ? " group_left" : " group_right" }
            return key
        case .negate: return "unary -"
        }
    }

    /// Every function and operator name in the expression (for looking up tolerances).
    var operators: Set<String> {
        var out: Set<String> = []
        switch self {
        case .call(let name, _): out.insert(name)
        case .aggregate(let op, _, _, _): out.insert(op)
        case .binary(let op, _, _, _, _): out.insert(op)
        case .subquery: out.insert("subquery")
        default: break
        }
        for c in children { out.formUnion(c.operators) }
        return out
    }

    /// PromQL text. `startEnd` replaces `@ start()` and `@ end()` by the times they stand for, which a
    /// sub-expression evaluated on its own needs (its own query would have other start and end times).
    func render(startEnd: (Int64, Int64)? = nil) -> String {
        switch self {
        case .number(let v):
            if v.isNaN { return "NaN" }
            if v.isInfinite { return v < 0 ? "-Inf" : "Inf" }
            if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
            return "\(v)"
        case .string(let s):
            return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .selector(let metric, let matchers, let mods):
            return Self.selectorText(metric, matchers) + Self.modifierText(mods, startEnd)
        case .matrixSelector(let metric, let matchers, let range, let mods):
            return Self.selectorText(metric, matchers) + "[\(Self.duration(range))]" + Self.modifierText(mods, startEnd)
        case .subquery(let e, let range, let step, let mods):
            let s = step.map { Self.duration($0) } ?? ""
            return "(\(e.render(startEnd: startEnd)))[\(Self.duration(range)):\(s)]" + Self.modifierText(mods, startEnd)
        case .call(let name, let args):
            return "\(name)(" + args.map { $0.render(startEnd: startEnd) }.joined(separator: ", ") + ")"
        case .aggregate(let op, let param, let grouping, let e):
            var text = op
            if let g = grouping { text += (g.without ? " without (" : " by (") + g.labels.joined(separator: ", ") + ")" }
            text += " ("
            if let p = param { text += p.render(startEnd: startEnd) + ", " }
            return text + e.render(startEnd: startEnd) + ")"
        case .binary(let op, let l, let r, let returnBool, let matching):
            var text = "(\(l.render(startEnd: startEnd))) \(op)"
            if returnBool { text += " bool" }
            if let m = matching {
                text += (m.on ? " on (" : " ignoring (") + m.labels.joined(separator: ", ") + ")"
                switch m.card {
                case .oneToOne: break
                case .groupLeft: text += " group_left (" + m.include.joined(separator: ", ") + ")"
                case .groupRight: text += " group_right (" + m.include.joined(separator: ", ") + ")"
                }
            }
            return text + " (\(r.render(startEnd: startEnd)))"
        case .negate(let e):
            return "-(\(e.render(startEnd: startEnd)))"
        }
    }

    var description: String { render() }

    private static func selectorText(_ metric: String?, _ matchers: [String]) -> String {
        let m = metric ?? ""
        if matchers.isEmpty { return m.isEmpty ? "{}" : m }
        return m + "{" + matchers.joined(separator: ", ") + "}"
    }

    private static func modifierText(_ mods: Modifiers, _ startEnd: (Int64, Int64)?) -> String {
        var text = ""
        if let o = mods.offset { text += o < 0 ? " offset -\(duration(-o))" : " offset \(duration(o))" }
        switch mods.at {
        case nil: break
        case .time(let t): text += " @ \(PrometheusServer.seconds(t))"
        case .start: text += startEnd.map { " @ \(PrometheusServer.seconds($0.0))" } ?? " @ start()"
        case .end: text += startEnd.map { " @ \(PrometheusServer.seconds($0.1))" } ?? " @ end()"
        }
        return text
    }

    /// A whole-second duration in PromQL units (`1h30m`, `45s`).
    static func duration(_ ms: Int64) -> String {
        var s = ms / 1000
        var text = ""
        for (unit, size) in [("h", Int64(3600)), ("m", 60), ("s", 1)] where s >= size {
            text += "\(s / size)\(unit)"
            s %= size
        }
        return text.isEmpty ? "0s" : text
    }
}
