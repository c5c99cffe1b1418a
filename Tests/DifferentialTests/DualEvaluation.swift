import PromQL
import TimeSeries

/// Where an expression is evaluated: at one time, or at every step of a range. `queryStart` and `queryEnd`
/// are those of the query the expression came from, which `@ start()` and `@ end()` refer to.
struct EvaluationContext: CustomStringConvertible {
    enum Kind {
        case instant(Int64)
        case range(start: Int64, end: Int64, step: Int64)
    }

    var kind: Kind
    var queryStart: Int64
    var queryEnd: Int64

    static func instant(_ t: Int64) -> EvaluationContext { EvaluationContext(kind: .instant(t), queryStart: t, queryEnd: t) }

    static func range(_ start: Int64, _ end: Int64, _ step: Int64) -> EvaluationContext {
        EvaluationContext(kind: .range(start: start, end: end, step: step), queryStart: start, queryEnd: end)
    }

    var isInstant: Bool {
        if case .instant = kind { return true }
        return false
    }

    var description: String {
        switch kind {
        case .instant(let t): return "instant query at \(PrometheusServer.seconds(t))"
        case .range(let s, let e, let step):
            return "range query from \(PrometheusServer.seconds(s)) to \(PrometheusServer.seconds(e)) step \(GeneratedExpr.duration(step))"
        }
    }
}

/// Evaluates an expression with both engines: Prometheus over HTTP and Vigil's `Engine` in process.
struct DualEvaluation {
    let server: PrometheusServer
    let engine: Engine
    let store: SeriesStore

    init(server: PrometheusServer, store: SeriesStore) {
        self.server = server
        self.store = store
        var options = Engine.Options()
        // Prometheus 2.42's settings: 5 minutes of lookback, `__name__` dropped where a function runs (3.x's
        // delayed name removal is a feature flag, off by default there too), no experimental parser features.
        options.lookbackDelta = 5 * 60 * 1000
        options.delayedNameRemoval = false
        options.defaultSubqueryStep = 60_000
        options.parserOptions = PromQLParser.Options()
        engine = Engine(options: options)
    }

    struct Answers {
        var text: String
        var prometheus: QueryOutcome
        var vigil: QueryOutcome
    }

    /// `resolveStartEnd` writes `@ start()`/`@ end()` as the times of the original query, for sub-expressions
    /// evaluated in a context of their own.
    func evaluate(_ expr: GeneratedExpr, _ context: EvaluationContext, resolveStartEnd: Bool) async throws -> Answers {
        let text = expr.render(startEnd: resolveStartEnd ? (context.queryStart, context.queryEnd) : nil)
        switch context.kind {
        case .instant(let t):
            let p = QueryOutcome.from(prometheusJSON: try await server.instantQuery(text, at: t))
            let v: QueryOutcome
            do { v = QueryOutcome.from(.success(try engine.instantQuery(text, at: t, source: store))) } catch {
                v = .error(error.message)
            }
            return Answers(text: text, prometheus: p, vigil: v)
        case .range(let start, let end, let step):
            let p = QueryOutcome.from(prometheusJSON: try await server.rangeQuery(text, start: start, end: end, step: step))
            let v: QueryOutcome
            do { v = QueryOutcome.from(.success(try engine.rangeQuery(text, start: start, end: end, step: step, source: store))) } catch {
                v = .error(error.message)
            }
            return Answers(text: text, prometheus: p, vigil: v)
        }
    }
}
