import PromQL

/// What the runner needs from a PromQL engine. Timestamps are milliseconds since the epoch. The engine is
/// expected to use upstream's test settings: lookback delta 5m, at most 10,000 samples per query, `@` and
/// negative offsets allowed, delayed `__name__` removal, 1m default subquery step, experimental functions,
/// duration expressions, `anchored`/`smoothed` and `fill` modifiers enabled.
///
/// A query that does not parse must fail with a `QueryError` whose message contains `parse error`: the
/// runner then reports the file as rejected, as upstream does when an `eval` expression does not parse.
public protocol PromQLTestEngine {
    func instantQuery(_ query: String, at t: Int64, source: SeriesStore) -> Result<QueryResult, QueryError>
    func rangeQuery(_ query: String, start: Int64, end: Int64, step: Int64, source: SeriesStore) -> Result<QueryResult, QueryError>

    /// For the step-invariance cross-check: `query` with `@ <t>` added to every vector selector, matrix
    /// selector and subquery that is not pinned already (nothing below a subquery that has `@`), printed
    /// back as PromQL. Needs the engine's parser and printer, hence a hook; the default says unsupported and
    /// the runner skips the check.
    func stepInvariantForm(of query: String, at t: Int64) -> StepInvariantForm
}

/// The answer of `PromQLTestEngine.stepInvariantForm(of:at:)`.
public enum StepInvariantForm: Sendable, Equatable {
    /// The query with every unpinned selector and subquery pinned at the eval time.
    case pinned(String)
    /// The query calls a function whose result depends on the eval time even with pinned arguments
    /// (upstream's `AtModifierUnsafeFunctions`: `time`, `timestamp`, `day_of_*`, `days_in_month`, `hour`,
    /// `minute`, `month`, `year`, `predict_linear`, …): the check is skipped.
    case notStepInvariant
    /// The engine cannot rewrite queries.
    case unsupported

    /// Upstream's `AtModifierUnsafeFunctions`: a query calling any of these answers `.notStepInvariant`.
    public static let timeDependentFunctions: Set<String> = [
        "days_in_month", "day_of_month", "day_of_week", "day_of_year", "end", "hour", "minute", "month", "year",
        "predict_linear", "range", "start", "step", "time", "timestamp",
    ]
}

extension PromQLTestEngine {
    public func stepInvariantForm(of query: String, at t: Int64) -> StepInvariantForm { .unsupported }
}

/// The single hook through which the `promqltest` executable gets its engine: Vigil's own.
public func makeDefaultEngine() -> (any PromQLTestEngine)? {
    VigilPromQLTestEngine()
}
