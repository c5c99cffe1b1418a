import PromQL
import TimeSeries

/// Vigil's PromQL engine with upstream's promqltest settings, as the runner sees it.
public struct VigilPromQLTestEngine: PromQLTestEngine {
    let engine: Engine

    public init(options: Engine.Options = .promqlTest) {
        engine = Engine(options: options)
    }

    public func instantQuery(_ query: String, at t: Int64, source: SeriesStore) -> Result<QueryResult, QueryError> {
        Result { () throws(QueryError) in try engine.instantQuery(query, at: t, source: source) }
    }

    public func rangeQuery(_ query: String, start: Int64, end: Int64, step: Int64, source: SeriesStore) -> Result<QueryResult, QueryError> {
        Result { () throws(QueryError) in try engine.rangeQuery(query, start: start, end: end, step: step, source: source) }
    }

    public func stepInvariantForm(of query: String, at t: Int64) -> StepInvariantForm {
        guard let expr = try? engine.parse(query) else { return .unsupported }
        if StepPinning.callsAny(expr, StepInvariantForm.timeDependentFunctions) { return .notStepInvariant }
        return .pinned(StepPinning.pin(expr, at: t).description)
    }
}

/// Adds `@ t` to every selector and subquery that has none, leaving whatever sits below a subquery alone
/// (once pinned, everything below it is): the rewrite upstream's runner uses to check that results do not
/// depend on the step.
enum StepPinning {
    static func pin(_ e: Expr, at t: Int64) -> Expr {
        switch e {
        case .vectorSelector(var vs):
            if !vs.modifiers.hasAt { vs.modifiers.timestamp = t }
            return .vectorSelector(vs)
        case .matrixSelector(var ms):
            if !ms.vectorSelector.modifiers.hasAt { ms.vectorSelector.modifiers.timestamp = t }
            return .matrixSelector(ms)
        case .subquery(var sq):
            // Upstream pins the subquery and leaves its inside alone: the subquery's own @ fixes its range.
            if !sq.modifiers.hasAt { sq.modifiers.timestamp = t }
            return .subquery(sq)
        case .paren(var p):
            p.expr = pin(p.expr, at: t)
            return .paren(p)
        case .unary(var u):
            u.expr = pin(u.expr, at: t)
            return .unary(u)
        case .binary(var b):
            b.lhs = pin(b.lhs, at: t)
            b.rhs = pin(b.rhs, at: t)
            return .binary(b)
        case .aggregate(var a):
            a.expr = pin(a.expr, at: t)
            a.param = a.param.map { pin($0, at: t) }
            return .aggregate(a)
        case .call(var c):
            c.args = c.args.map { pin($0, at: t) }
            return .call(c)
        case .number, .string:
            return e
        }
    }

    static func callsAny(_ e: Expr, _ names: Set<String>) -> Bool {
        switch e {
        case .call(let c): return names.contains(c.function.name) || c.args.contains { callsAny($0, names) }
        case .paren(let p): return callsAny(p.expr, names)
        case .unary(let u): return callsAny(u.expr, names)
        case .binary(let b): return callsAny(b.lhs, names) || callsAny(b.rhs, names)
        case .aggregate(let a): return callsAny(a.expr, names) || (a.param.map { callsAny($0, names) } ?? false)
        case .subquery(let s): return callsAny(s.expr, names)
        default: return false
        }
    }
}
