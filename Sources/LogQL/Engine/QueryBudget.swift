/// What one query may still spend: entries read from the store, and time. Every entry read is counted; the
/// clock and the caller's cancellation are looked at every few thousand entries of a cheap pipeline, before
/// every entry of a costly one, and at every step, so a query stops soon after its deadline or its
/// cancellation.
struct QueryBudget {
    private var entriesLeft: Int
    private let maxEntries: Int
    private let deadline: ContinuousClock.Instant?
    private let isCancelled: (@Sendable () -> Bool)?
    private var untilCheck = QueryBudget.checkEvery

    static let checkEvery = 4_096

    init(options: LogQLEngine.Options, isCancelled: (@Sendable () -> Bool)?) {
        entriesLeft = options.maxEntriesScanned
        maxEntries = options.maxEntriesScanned
        deadline = options.timeout.map { ContinuousClock.now.advanced(by: $0) }
        self.isCancelled = isCancelled
    }

    /// Counts one entry read. `costly`: the entry goes through stages beyond line filters (parsers, label
    /// filters, templates). One template can run for many milliseconds on a single entry (`{{ repeat 9999999
    /// "x" }}` is a fraction of a second), so checking only every few thousand entries let such a query run
    /// for minutes past its timeout (found by the logql-eval fuzz target). The clock costs tens of
    /// nanoseconds, nothing beside such an entry's dictionary of labels, but a sizeable share of a bare
    /// substring filter, so cheap pipelines keep the batched check.
    mutating func spendEntry(costly: Bool = false) throws(LogQLQueryError) {
        entriesLeft -= 1
        if entriesLeft < 0 {
            throw LogQLQueryError("the query would read more than \(maxEntries) entries", kind: .limit)
        }
        untilCheck -= 1
        if costly || untilCheck <= 0 {
            untilCheck = QueryBudget.checkEvery
            try checkTime()
        }
    }

    /// Stops the query when its time is up or its caller cancelled it.
    func checkTime() throws(LogQLQueryError) {
        if let isCancelled, isCancelled() { throw LogQLQueryError("the query was cancelled", kind: .canceled) }
        if let deadline, ContinuousClock.now >= deadline { throw LogQLQueryError("the query timed out", kind: .timeout) }
    }
}
