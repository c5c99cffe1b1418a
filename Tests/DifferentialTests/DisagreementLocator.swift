/// A disagreement narrowed to the smallest sub-expression on which the engines differ while all of its own
/// sub-expressions agree: that node's function or operator is the class the disagreement is filed under.
struct Disagreement {
    var query: String
    var context: EvaluationContext
    var node: GeneratedExpr
    var nodeText: String
    var nodeContext: EvaluationContext
    var prometheus: QueryOutcome
    var vigil: QueryOutcome
    var detail: String
    /// The node's evaluable children, each in the context it is evaluated in, with answers on which the
    /// engines agree (what explanations recompute the node from).
    var children: [(expr: GeneratedExpr, context: EvaluationContext, answers: DualEvaluation.Answers)] = []
    /// For a subquery, the children of its expression at the subquery's steps (what `topk` inside a subquery
    /// chose from).
    var grandchildren: [(expr: GeneratedExpr, context: EvaluationContext, answers: DualEvaluation.Answers)] = []
    /// Prometheus answered the node differently when asked again (its choice among ties follows Go's map
    /// order, which changes from run to run).
    var prometheusVaries = false

    /// The node's function or operator, marked when only one engine failed.
    var classKey: String {
        switch (prometheus.isError, vigil.isError) {
        case (true, false): return "\(node.classKey) [only Prometheus failed]"
        case (false, true): return "\(node.classKey) [only Vigil failed]"
        default: return node.classKey
        }
    }

    var report: String {
        """
        \(nodeText)
              (\(nodeContext); from \(query), \(context))
              Prometheus 2.42: \(prometheus.summary)
              Vigil:           \(vigil.summary)
              difference:      \(detail)\(prometheusVaries ? "\n      (Prometheus answers this differently from run to run)" : "")
        """
    }
}

struct DisagreementLocator {
    let dual: DualEvaluation
    let tolerance: (GeneratedExpr) -> OutcomeComparison.Tolerance

    /// Narrows a disagreement on `expr` in `context`. A range query is first narrowed to the instant query
    /// at its earliest differing step (a range query is that instant query at every step), then each
    /// evaluable child is compared in the context it is evaluated in, descending into the first that differs.
    func locate(_ expr: GeneratedExpr, _ context: EvaluationContext, answers: DualEvaluation.Answers,
                verdict: OutcomeComparison.Verdict, original: (String, EvaluationContext), depth: Int = 0) async throws -> Disagreement {
        var node = (expr: expr, context: context, answers: answers, verdict: verdict)
        if case .range = context.kind, case .differ(_, let t?) = verdict {
            var instant = context
            instant.kind = .instant(t)
            let a = try await dual.evaluate(expr, instant, resolveStartEnd: true)
            let v = compare(a, expr, instant)
            if !v.agrees { node = (expr, instant, a, v) }
        }
        var agreeing: [(expr: GeneratedExpr, context: EvaluationContext, answers: DualEvaluation.Answers)] = []
        if depth < 12 {
            for child in node.expr.children {
                guard let childContext = Self.context(of: child, under: node.expr, in: node.context) else { continue }
                if child.kind == .matrix, !childContext.isInstant { continue }
                let a = try await dual.evaluate(child, childContext, resolveStartEnd: true)
                let v = compare(a, child, childContext)
                if !v.agrees {
                    return try await locate(child, childContext, answers: a, verdict: v, original: original, depth: depth + 1)
                }
                agreeing.append((child, childContext, a))
            }
        }
        var grandchildren: [(expr: GeneratedExpr, context: EvaluationContext, answers: DualEvaluation.Answers)] = []
        if case .subquery = node.expr, let inner = agreeing.first {
            for g in inner.expr.children where g.kind != .matrix {
                grandchildren.append((g, inner.context, try await dual.evaluate(g, inner.context, resolveStartEnd: true)))
            }
        }
        var varies = false
        for _ in 0..<4 where !varies {
            let again = try await dual.evaluate(node.expr, node.context, resolveStartEnd: true)
            varies = !OutcomeComparison.compare(prometheus: node.answers.prometheus, vigil: again.prometheus,
                                                ordered: Self.isOrdered(node.expr, node.context), tolerance: .exact).agrees
        }
        let detail: String
        if case .differ(let what, _) = node.verdict { detail = what } else { detail = "" }
        var d = Disagreement(query: original.0, context: original.1, node: node.expr,
                             nodeText: node.answers.text, nodeContext: node.context,
                             prometheus: node.answers.prometheus, vigil: node.answers.vigil, detail: detail,
                             children: agreeing, grandchildren: grandchildren)
        d.prometheusVaries = varies
        return d
    }

    func compare(_ a: DualEvaluation.Answers, _ expr: GeneratedExpr, _ context: EvaluationContext) -> OutcomeComparison.Verdict {
        OutcomeComparison.compare(prometheus: a.prometheus, vigil: a.vigil,
                                  ordered: Self.isOrdered(expr, context), tolerance: tolerance(expr))
    }

    /// Vector order is defined only in an instant query, and only for `sort`, `sort_desc`, and `topk` and
    /// `bottomk` without grouping (by value; the order of groups is not defined).
    static func isOrdered(_ expr: GeneratedExpr, _ context: EvaluationContext) -> Bool {
        guard context.isInstant else { return false }
        switch expr {
        case .call(let name, _): return name == "sort" || name == "sort_desc"
        case .aggregate(let op, _, nil, _): return op == "topk" || op == "bottomk"
        default: return false
        }
    }

    /// The context a child is evaluated in: its parent's, except under a subquery, whose expression is
    /// evaluated at the subquery's own steps (whole multiples of its step inside its window). `nil` when the
    /// subquery has no step inside its window.
    static func context(of child: GeneratedExpr, under parent: GeneratedExpr, in context: EvaluationContext) -> EvaluationContext? {
        guard case .subquery(_, let range, let step, let mods) = parent else { return context }
        guard case .instant(let t) = context.kind else { return nil }
        var base = t
        switch mods.at {
        case .time(let at): base = at
        case .start: base = context.queryStart
        case .end: base = context.queryEnd
        case nil: break
        }
        let end = base - (mods.offset ?? 0)
        let s = step ?? 60_000
        let first = (floorDiv(end - range, s) + 1) * s
        let last = floorDiv(end, s) * s
        guard first <= last else { return nil }
        return EvaluationContext(kind: .range(start: first, end: last, step: s), queryStart: context.queryStart, queryEnd: context.queryEnd)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
