import TimeSeries

/// Evaluates parsed PromQL over a `SeriesSource`, with Prometheus 3.14 semantics.
///
/// The engine is a value: it holds settings only. Each query builds an `Evaluator`, runs it, and throws it
/// away, so one engine can serve concurrent queries.
public struct Engine: Sendable {
    public struct Options: Sendable {
        /// How far back an instant selector looks for the latest sample.
        public var lookbackDelta: Int64 = 5 * 60 * 1000
        /// The most samples a query may hold in memory at once (`--query.max-samples`), counted as upstream
        /// counts them: what the evaluation holds at a time, not what it reads in total (see
        /// `EvaluatorLimits.swift`).
        public var maxSamples = 50_000_000
        /// The longest a query may run (`--query.timeout`); a `QueryContext` deadline may end it sooner.
        /// nil: no limit.
        public var timeout: Duration? = .seconds(120)
        /// The most points per series a range query may ask for: `(end - start) / step` above this is refused
        /// before evaluation, as upstream's `query_range` API does (it holds the limit, 11,000, in the API
        /// rather than the engine). nil: no limit, for test runners that call the engine directly.
        public var maxPointsPerSeries: Int? = 11_000
        /// Prometheus 3's `promql-delayed-name-removal`: functions mark `__name__` for removal and the
        /// engine drops it at the end, so `label_replace` and friends can still see it.
        public var delayedNameRemoval = false
        /// The step of a subquery written without one (`[1h:]`), in milliseconds.
        public var defaultSubqueryStep: Int64 = 60_000
        /// Parser features for queries given as text.
        public var parserOptions = PromQLParser.Options.all

        public init() {}

        /// The settings of upstream's promqltest runner.
        public static var promqlTest: Options {
            var o = Options()
            o.delayedNameRemoval = true
            o.maxSamples = 10_000
            o.timeout = .seconds(100)
            o.maxPointsPerSeries = nil
            return o
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Parses and evaluates `query` at time `t` (milliseconds).
    public func instantQuery(_ query: String, at t: Int64, source: SeriesSource,
                             context: QueryContext = QueryContext()) throws(QueryError) -> QueryResult {
        let expr = try parse(query)
        return try instantQuery(expr, at: t, source: source, text: query, context: context)
    }

    /// Parses and evaluates `query` at every `step` from `start` to `end` (milliseconds, both included).
    /// The range is checked first, as upstream's `query_range` API checks its parameters before the query.
    public func rangeQuery(_ query: String, start: Int64, end: Int64, step: Int64, source: SeriesSource,
                           context: QueryContext = QueryContext()) throws(QueryError) -> QueryResult {
        try checkRange(start: start, end: end, step: step)
        let expr = try parse(query)
        return try rangeQuery(expr, start: start, end: end, step: step, source: source, text: query, context: context)
    }

    /// Parses a query; a syntax error is `bad_data` about the `query` parameter, as the API reports it.
    public func parse(_ query: String) throws(QueryError) -> Expr {
        do {
            return try PromQLParser.parseExpr(query, options: options.parserOptions)
        } catch {
            throw QueryError(error.description, type: .badData, parameter: "query")
        }
    }

    /// Evaluates a parsed expression at one time. `text` is the query as written, for the `line:col`
    /// positions of annotations.
    public func instantQuery(_ expr: Expr, at t: Int64, source: SeriesSource, text: String = "",
                             context: QueryContext = QueryContext()) throws(QueryError) -> QueryResult {
        try Engine.onDeepStack(expr) { () throws(QueryError) in
            try evaluateInstant(expr, at: t, source: source, text: text, context: context)
        }
    }

    private func evaluateInstant(_ expr: Expr, at t: Int64, source: SeriesSource, text: String,
                                 context: QueryContext) throws(QueryError) -> QueryResult {
        let interruption = QueryInterruption(context: context, timeout: options.timeout)
        try interruption.check(in: .queryExecution)
        let ev = Evaluator(options: options, source: source, start: t, end: t, interval: 1, queryStep: 0, text: text,
                           interruption: interruption)
        let value: QueryValue
        switch expr.type {
        case .string:
            value = .string(t: t, value: try ev.evalString(expr))
        case .matrix:
            var matrix = try ev.evalRangeVector(expr)
            matrix = try ev.finishMatrix(matrix)
            value = .matrix(matrix.map { RangeSeries(labels: $0.labels, floats: $0.floats, histograms: $0.histograms) })
        case .scalar:
            let m = try ev.eval(expr)
            value = .scalar(t: t, value: m.first?.floats.first?.v ?? .nan)
        default:
            let m = try ev.finishVector(try ev.eval(expr))
            value = .vector(m.map { s in
                if let h = s.histograms.first { return InstantSample(labels: s.labels, t: t, value: 0, histogram: h.h) }
                return InstantSample(labels: s.labels, t: t, value: s.floats[0].v)
            })
        }
        return QueryResult(value: value, annotations: ev.annotations.result)
    }

    /// Evaluates a parsed expression at every step; the result is a matrix sorted by labels.
    public func rangeQuery(_ expr: Expr, start: Int64, end: Int64, step: Int64, source: SeriesSource,
                           text: String = "", context: QueryContext = QueryContext()) throws(QueryError) -> QueryResult {
        try Engine.onDeepStack(expr) { () throws(QueryError) in
            try evaluateRange(expr, start: start, end: end, step: step, source: source, text: text, context: context)
        }
    }

    /// The evaluator recurses once per tree level: a tall tree is evaluated on a large stack (DeepRecursion).
    private static func onDeepStack(_ expr: Expr, _ body: () throws(QueryError) -> QueryResult) throws(QueryError) -> QueryResult {
        let result = DeepRecursion.run(height: expr.height) { () -> Result<QueryResult, QueryError> in
            do throws(QueryError) { return .success(try body()) } catch { return .failure(error) }
        }
        guard let result else {
            throw QueryError("cannot start a thread to evaluate this deeply nested expression", type: .internal)
        }
        return try result.get()
    }

    private func evaluateRange(_ expr: Expr, start: Int64, end: Int64, step: Int64, source: SeriesSource,
                               text: String, context: QueryContext) throws(QueryError) -> QueryResult {
        try checkRange(start: start, end: end, step: step)
        switch expr.type {
        case .vector, .scalar:
            break
        default:
            throw QueryError("invalid expression type \"\(expr.type.documentedName)\" for range query, must be Scalar or instant Vector",
                             type: .badData, parameter: "query")
        }
        let interruption = QueryInterruption(context: context, timeout: options.timeout)
        try interruption.check(in: .queryExecution)
        let ev = Evaluator(options: options, source: source, start: start, end: end, interval: step, queryStep: step, text: text,
                           interruption: interruption)
        var matrix = try ev.finishMatrix(try ev.eval(expr))
        // Upstream checks once more after evaluating a range query, before sorting.
        try interruption.check(in: .expressionEvaluation)
        matrix.sort { $0.labels < $1.labels }
        let series = matrix.map { RangeSeries(labels: $0.labels, floats: $0.floats, histograms: $0.histograms) }
        return QueryResult(value: .matrix(series), annotations: ev.annotations.result)
    }

    /// The checks of upstream's `query_range` API on its `start`, `end` and `step`, in its order, with its
    /// messages (`bad_data`): the end not before the start, a positive step, and at most
    /// `maxPointsPerSeries` steps after the first.
    ///
    /// Upstream divides Go durations, which saturate at about 292 years; here a range longer than `Int64`
    /// milliseconds can hold is simply too long, with a limit or without one (the evaluator could not
    /// count its steps).
    public func checkRange(start: Int64, end: Int64, step: Int64) throws(QueryError) {
        guard end >= start else { throw QueryError("end timestamp must not be before start time", type: .badData, parameter: "end") }
        guard step > 0 else {
            throw QueryError("zero or negative query resolution step widths are not accepted. Try a positive integer", type: .badData, parameter: "step")
        }
        let (span, overflow) = end.subtractingReportingOverflow(start)
        if overflow {
            if let limit = options.maxPointsPerSeries { throw QueryError.tooManyPoints(limit: limit) }
            throw QueryError("the range from \(start) to \(end) is too long to evaluate", type: .badData)
        }
        if let limit = options.maxPointsPerSeries, span / step > Int64(limit) {
            throw QueryError.tooManyPoints(limit: limit)
        }
    }
}

extension Engine {
    /// `instantQuery` for async callers: cancelling the calling task stops the evaluation at its next check
    /// with `query was canceled in expression evaluation` (`canceled`).
    public func cancellableInstantQuery(_ query: String, at t: Int64, source: SeriesSource,
                                        context: QueryContext = QueryContext()) async throws(QueryError) -> QueryResult {
        try await context.withTaskCancellation { (context) throws(QueryError) in
            try instantQuery(query, at: t, source: source, context: context)
        }
    }

    /// `rangeQuery` for async callers, cancelled with the calling task as `cancellableInstantQuery`.
    public func cancellableRangeQuery(_ query: String, start: Int64, end: Int64, step: Int64, source: SeriesSource,
                                      context: QueryContext = QueryContext()) async throws(QueryError) -> QueryResult {
        try await context.withTaskCancellation { (context) throws(QueryError) in
            try rangeQuery(query, start: start, end: end, step: step, source: source, context: context)
        }
    }
}
