import TimeSeries

/// What a LogQL query returns. Times are nanoseconds since the epoch throughout the LogQL engine (the
/// `t` of `InstantSample` and `Sample` too), as Loki keeps them.
public enum LogQLResult: Sendable, Equatable {
    /// A log query: streams labelled by what the pipeline left, entries in the query's direction.
    case streams([LogStream])
    /// A metric query at one time.
    case vector([InstantSample])
    /// A metric query over a range.
    case matrix([RangeSeries])
    /// A query of literals only (`1 + 1`) at one time.
    case scalar(t: Int64, value: Double)
}

/// The order a log query returns entries in, and which end of the range `limit` keeps.
public enum LogDirection: String, Sendable, CaseIterable {
    /// Oldest first: the `limit` oldest entries.
    case forward
    /// Newest first (Loki's default): the `limit` newest entries.
    case backward
}
