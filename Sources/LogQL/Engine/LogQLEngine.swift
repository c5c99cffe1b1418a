import TimeSeries

/// Evaluates LogQL over a `LogStore`, with Loki 3's semantics as its documentation describes them.
///
/// Times are nanoseconds since the epoch. A metric query's range aggregation at time `t` reads the entries in
/// `(t - offset - range, t - offset]`; a log query reads `[start, end)`. The engine is a value holding
/// settings only; every query builds what it needs and throws it away.
public struct LogQLEngine: Sendable {
    public struct Options: Sendable {
        /// The most entries one query may read from the store.
        public var maxEntriesScanned = 5_000_000
        /// The most series a range aggregation may produce.
        public var maxSeries = 100_000
        /// The most steps of a range query: `(end - start) / step + 1`, Loki's 11,000 points per series.
        public var maxPointsPerSeries = 11_000
        /// The largest `limit` of a log query (Loki's `max_entries_limit_per_query`).
        public var maxEntriesLimit = 5_000
        /// The most samples a range query's result may hold.
        public var maxResultSamples = 5_000_000
        /// The longest a query may run; nil: no limit.
        public var timeout: Duration? = .seconds(120)
        /// The longest line `line_format` and label value `label_format` may make, in bytes; a longer result
        /// is a `TemplateFormatErr` and the line or label stays as it was. A template turns a short line into
        /// up to hundreds of megabytes (`{{ repeat 9999999 __line__ }}`), and every entry a query keeps or
        /// every series it makes holds its own: without a bound, one query takes the process's memory.
        /// 256 KiB is far above real log lines (Loki installations commonly refuse lines past 256KB,
        /// `max_line_size`).
        public var maxFormattedBytes = 256 << 10

        public init() {}
    }

    public var options: Options
    /// Asked now and then while a query runs; true stops it with a `canceled` error.
    public var isCancelled: (@Sendable () -> Bool)?

    public init(options: Options = Options(), isCancelled: (@Sendable () -> Bool)? = nil) {
        self.options = options
        self.isCancelled = isCancelled
    }

    public static func parse(_ query: String) throws(LogQLQueryError) -> LogQLExpr {
        do { return try LogQLParser.parseExpr(query) } catch { throw LogQLQueryError(error.description, kind: .badData) }
    }

    /// A metric query at one time. Log queries are refused, as Loki refuses them as instant queries.
    public func instantQuery(_ query: String, at t: Int64, store: LogStore) throws(LogQLQueryError) -> LogQLResult {
        try instantQuery(try LogQLEngine.parse(query), at: t, store: store)
    }

    public func instantQuery(_ expr: LogQLExpr, at t: Int64, store: LogStore) throws(LogQLQueryError) -> LogQLResult {
        guard case .sample(let sample) = expr else {
            throw LogQLQueryError("log queries are not supported as an instant query type, please change your query to a range query type", kind: .badData)
        }
        var budget = QueryBudget(options: options, isCancelled: isCancelled)
        let options = self.options
        return try LargeStack.run { () throws(LogQLQueryError) -> LogQLResult in
            let plan = try EvaluationPlan.build(sample, store: store, start: t, end: t, options: options, budget: &budget)
            switch try plan.evaluate(at: t) {
            case .scalar(let v): return .scalar(t: t, value: v)
            case .vector(let v):
                let ordered = plan.keepsOrder ? v : v.sorted { $0.labels < $1.labels }
                return .vector(ordered.map { InstantSample(labels: $0.labels, t: t, value: $0.value) })
            }
        }
    }

    /// A query over `[start, end]`: a metric query is evaluated at `start`, `start + step`, … up to `end`
    /// (a matrix sorted by labels); a log query returns up to `limit` entries of `[start, end)` in `direction`.
    public func rangeQuery(_ query: String, start: Int64, end: Int64, step: Int64, limit: Int = 100,
                           direction: LogDirection = .backward, store: LogStore) throws(LogQLQueryError) -> LogQLResult {
        try rangeQuery(try LogQLEngine.parse(query), start: start, end: end, step: step, limit: limit,
                       direction: direction, store: store)
    }

    public func rangeQuery(_ expr: LogQLExpr, start: Int64, end: Int64, step: Int64, limit: Int = 100,
                           direction: LogDirection = .backward, store: LogStore) throws(LogQLQueryError) -> LogQLResult {
        guard end >= start else { throw LogQLQueryError("end timestamp must not be before start time", kind: .badData) }
        switch expr {
        case .log(let log):
            return .streams(try logQuery(log, start: start, end: end, limit: limit, direction: direction, store: store))
        case .sample(let sample):
            return .matrix(try metricRange(sample, start: start, end: end, step: step, store: store))
        }
    }

    /// The steps `start, start + step, …` not after `end`, refused when there are too many.
    func steps(start: Int64, end: Int64, step: Int64) throws(LogQLQueryError) -> [Int64] {
        guard step > 0 else {
            throw LogQLQueryError("zero or negative query resolution step widths are not accepted. Try a positive integer", kind: .badData)
        }
        let span = end.saturatingSub(start)
        let count = span / step
        guard count < Int64(options.maxPointsPerSeries) else {
            throw LogQLQueryError("exceeded maximum resolution of \(options.maxPointsPerSeries) points per timeseries. Try decreasing the query resolution (?step=XX)", kind: .badData)
        }
        return (0...count).map { start + $0 * step }
    }

    private func metricRange(_ sample: SampleExpr, start: Int64, end: Int64, step: Int64,
                             store: LogStore) throws(LogQLQueryError) -> [RangeSeries] {
        let times = try steps(start: start, end: end, step: step)
        var budget = QueryBudget(options: options, isCancelled: isCancelled)
        let options = self.options
        return try LargeStack.run { () throws(LogQLQueryError) -> [RangeSeries] in
            let plan = try EvaluationPlan.build(sample, store: store, start: start, end: end, options: options, budget: &budget)
            var series: [Labels: [Sample]] = [:]
            var total = 0
            for t in times {
                try budget.checkTime()
                let points: [(labels: Labels, value: Double)]
                switch try plan.evaluate(at: t) {
                case .scalar(let v): points = [(labels: .empty, value: v)]
                case .vector(let v): points = v
                }
                total += points.count
                if total > options.maxResultSamples {
                    throw LogQLQueryError("the query would return more than \(options.maxResultSamples) samples", kind: .limit)
                }
                for p in points { series[p.labels, default: []].append(Sample(t: t, v: p.value)) }
            }
            return series.map { RangeSeries(labels: $0.key, floats: $0.value) }.sorted { $0.labels < $1.labels }
        }
    }

    /// A log query: the entries of `[start, end)` the pipeline keeps, the `limit` first in `direction`,
    /// grouped into streams by the labels the pipeline left (streams sorted by labels).
    /// https://grafana.com/docs/loki/latest/reference/loki-http-api/ "Query logs within a range of time".
    public func logQuery(_ log: LogExpr, start: Int64, end: Int64, limit: Int, direction: LogDirection,
                         store: LogStore) throws(LogQLQueryError) -> [LogStream] {
        guard limit >= 0 else { throw LogQLQueryError("limit must be a positive value", kind: .badData) }
        guard limit <= options.maxEntriesLimit else {
            throw LogQLQueryError("max entries limit per query exceeded, limit > max_entries_limit_per_query (\(limit) > \(options.maxEntriesLimit))", kind: .badData)
        }
        // On a large stack like the metric queries: a template executes on one (`Template.execute` starts a
        // thread for every call made from a small stack, which was a thread per entry of a `line_format`).
        return try LargeStack.run { () throws(LogQLQueryError) -> [LogStream] in
            try readLogs(log, start: start, end: end, limit: limit, direction: direction, store: store)
        }
    }

    private func readLogs(_ log: LogExpr, start: Int64, end: Int64, limit: Int, direction: LogDirection,
                          store: LogStore) throws(LogQLQueryError) -> [LogStream] {
        let pipeline: Pipeline
        do { pipeline = try Pipeline(log.pipeline, now: end, maxFormattedBytes: options.maxFormattedBytes) } catch { throw LogQLQueryError(error.message, kind: .badData) }
        var budget = QueryBudget(options: options, isCancelled: isCancelled)
        // The `limit` first entries so far, in the query's direction. Merged after every stream rather than
        // collected from all streams and sorted at the end: a formatted line is new memory (up to
        // `maxFormattedBytes`), and `limit` entries from each of thousands of streams would hold far more
        // than the query can return.
        var kept: [KeptEntry] = []
        for stream in store.select(log.selector.matchers) {
            let slice = stream.entries(from: start, before: end)
            // A stream is read from the query's end of the range and stops at `limit` kept entries, or as soon
            // as its next entry could not be returned: it is not earlier (in the query's direction) than the
            // last of `limit` already kept, and equal times go to the streams read first.
            var here: [KeptEntry] = []
            let indices = direction == .forward
                ? stride(from: slice.startIndex, to: slice.endIndex, by: 1)
                : stride(from: slice.endIndex - 1, to: slice.startIndex - 1, by: -1)
            for i in indices {
                if here.count >= limit { break }
                let entry = slice[i]
                if kept.count >= limit, let last = kept.last, !direction.precedes(entry.timestamp, last.entry.timestamp) { break }
                try budget.spendEntry(costly: !pipeline.onlyLineFilters)
                guard let out = pipeline.process(entry, stream: stream.labels) else { continue }
                here.append(KeptEntry(labels: out.labels.labels, entry: LogEntry(timestamp: entry.timestamp, line: out.line)))
            }
            kept = LogQLEngine.merge(kept, here, limit: limit, direction: direction)
        }
        var streams: [Labels: [LogEntry]] = [:]
        for item in kept { streams[item.labels, default: []].append(item.entry) }
        return streams.map { LogStream(labels: $0.key, entries: $0.value) }.sorted { $0.labels < $1.labels }
    }

    /// An entry a log query keeps, with the labels the pipeline left.
    struct KeptEntry {
        var labels: Labels
        var entry: LogEntry
    }

    /// The first `limit` entries of two lists in `direction`'s order, `earlier`'s entries before `later`'s at
    /// equal times (so merging stream by stream gives the stable sort of the store's order: stream order, then
    /// the order each stream was read in).
    static func merge(_ earlier: [KeptEntry], _ later: [KeptEntry], limit: Int, direction: LogDirection) -> [KeptEntry] {
        if later.isEmpty { return earlier }
        var out: [KeptEntry] = []
        out.reserveCapacity(min(limit, earlier.count + later.count))
        var i = 0, j = 0
        while out.count < limit, i < earlier.count || j < later.count {
            if j == later.count || (i < earlier.count && !direction.precedes(later[j].entry.timestamp, earlier[i].entry.timestamp)) {
                out.append(earlier[i])
                i += 1
            } else {
                out.append(later[j])
                j += 1
            }
        }
        return out
    }
}

extension LogDirection {
    /// Whether an entry at `a` comes before one at `b` in this direction.
    func precedes(_ a: Int64, _ b: Int64) -> Bool { self == .forward ? a < b : a > b }
}
