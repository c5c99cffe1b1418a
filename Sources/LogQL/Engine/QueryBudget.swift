/// What one query may still spend: entries read from the store, and time. Every entry read is counted; the
/// clock and the caller's cancellation are looked at every few thousand entries and at every step, so a
/// query over a large store stops soon after its deadline or its cancellation.
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

    /// Counts one entry read.
    mutating func spendEntry() throws(LogQLQueryError) {
        entriesLeft -= 1
        if entriesLeft < 0 {
            throw LogQLQueryError("the query would read more than \(maxEntries) entries", kind: .limit)
        }
        untilCheck -= 1
        if untilCheck <= 0 {
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
