/// One query's view of its `QueryContext`: the effective deadline (the context's or the engine's timeout,
/// whichever comes first) and a counter that spaces out the checks.
///
/// Upstream checks its context at every node, step and series (`contextDone`). Reading a clock costs tens of
/// nanoseconds, which on a range function's per-step loop would be measurable, so the evaluator calls
/// `tick()` at those places and the clock and flag are read on every `checkStride`-th tick only; a query
/// still stops within a few milliseconds of its deadline or cancellation.
final class QueryInterruption {
    private let cancellation: QueryCancellation?
    private let deadline: ContinuousClock.Instant?
    private let clock: @Sendable () -> ContinuousClock.Instant
    private var ticks = 0

    static let checkStride = 64

    init(context: QueryContext, timeout: Duration?) {
        cancellation = context.cancellation
        clock = context.clock
        var deadline = context.deadline
        if let timeout {
            let engineDeadline = context.clock().advanced(by: timeout)
            deadline = deadline.map { min($0, engineDeadline) } ?? engineDeadline
        }
        self.deadline = deadline
    }

    /// Never stops: for evaluators built outside a query (tests of internals).
    static var none: QueryInterruption { QueryInterruption(context: QueryContext(), timeout: nil) }

    /// Checks now. A cancellation wins over a deadline that passed at the same time.
    func check(in phase: QueryError.Phase) throws(QueryError) {
        if let cancellation, cancellation.isCancelled { throw QueryError.canceled(in: phase) }
        if let deadline, clock() >= deadline { throw QueryError.timedOut(in: phase) }
    }

    /// Counts units of work (a node, a step or a series, or a step's window of samples, which may cost as
    /// much as many steps) and checks once every `checkStride` units.
    @inline(__always)
    func tick(cost: Int = 1) throws(QueryError) {
        ticks &+= cost
        if ticks >= QueryInterruption.checkStride {
            ticks = 0
            try check(in: .expressionEvaluation)
        }
    }
}
