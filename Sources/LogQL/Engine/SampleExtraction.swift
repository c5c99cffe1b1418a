import TimeSeries

/// Turns the entries of a log range into samples: one per entry the pipeline keeps, valued 1 (counting),
/// the line's length in bytes (`bytes_*`), or the unwrapped label read as a number.
/// https://grafana.com/docs/loki/latest/query/metric_queries/ "Log range aggregations", "Unwrapped range
/// aggregations".
struct SampleExtraction {
    /// The samples of each series, sorted by time.
    var series: [Labels: [Sample]]

    enum ValueKind { case count, bytes, unwrap(Unwrap) }

    static func extract(_ range: LogRange, kind: ValueKind, store: LogStore, from lo: Int64, through hi: Int64,
                        limits: LogQLEngine.Options, budget: inout Int) throws(LogQLQueryError) -> SampleExtraction {
        let pipeline: Pipeline
        do { pipeline = try Pipeline(range.log.pipeline) } catch { throw LogQLQueryError(error.message, kind: .badData) }
        var postFilters: [LabelFilterStage] = []
        if case .unwrap(let u) = kind {
            for f in u.postFilters {
                do { postFilters.append(try LabelFilterStage(f)) } catch { throw LogQLQueryError(error.message, kind: .badData) }
            }
        }
        var series: [Labels: [Sample]] = [:]
        var sorted: [Labels: Bool] = [:]
        // The window is (lo, hi]: entries strictly after lo, up to and including hi.
        let from = lo.saturatingAdd(1), before = hi.saturatingAdd(1)
        for stream in store.select(range.log.selector.matchers) {
            for entry in stream.entries(from: from, before: before) {
                budget -= 1
                if budget < 0 {
                    throw LogQLQueryError("the query would read more than \(limits.maxEntriesScanned) entries", kind: .limit)
                }
                guard var out = pipeline.process(entry, stream: stream.labels) else { continue }
                let value: Double
                var labels: Labels
                switch kind {
                case .count:
                    value = 1
                    labels = out.labels.labels
                case .bytes:
                    value = Double(out.line.utf8.count)
                    labels = out.labels.labels
                case .unwrap(let u):
                    value = SampleExtraction.unwrap(u, &out.labels)
                    var kept = true
                    for f in postFilters where !f.keeps(&out.labels) { kept = false; break }
                    if !kept { continue }
                    // The unwrapped label is the value now, not part of the series' identity.
                    labels = out.labels.labels(removing: u.label)
                }
                if let error = labels[LabelsBuilder.errorLabel] {
                    throw LogQLQueryError(SampleExtraction.pipelineErrorMessage(error, labels), kind: .execution)
                }
                if series[labels] == nil, series.count >= limits.maxSeries {
                    throw LogQLQueryError("the query would produce more than \(limits.maxSeries) series", kind: .limit)
                }
                var samples = series[labels] ?? []
                if let last = samples.last, last.t > entry.timestamp { sorted[labels] = false }
                samples.append(Sample(t: entry.timestamp, v: value))
                series[labels] = samples
            }
        }
        for (labels, isSorted) in sorted where !isSorted {
            series[labels]?.sort { $0.t < $1.t }
        }
        return SampleExtraction(series: series)
    }

    /// The unwrapped label's value; NaN with `SampleExtractionErr` when it is missing or not a number.
    static func unwrap(_ u: Unwrap, _ labels: inout LabelsBuilder) -> Double {
        let text = labels[u.label] ?? ""
        let value: Double?
        switch u.conversion {
        case .none: value = parseGoFloat(text)
        case .duration, .durationSeconds: value = LogQLDuration(parsing: text).map(\.seconds)
        case .bytes: value = ByteSize.parse(text)
        }
        guard let value else {
            let what = u.conversion == .none ? "strconv.ParseFloat: parsing \(quoteGo(text)): invalid syntax"
                : u.conversion == .bytes ? "invalid bytes value \(quoteGo(text))" : "time: invalid duration \(quoteGo(text))"
            labels.setError("SampleExtractionErr", details: what)
            return .nan
        }
        return value
    }

    /// Loki refuses a metric query whose samples still carry `__error__`, and says how to skip them.
    static func pipelineErrorMessage(_ error: String, _ labels: Labels) -> String {
        "pipeline error: '\(error)' for series: '\(labels)'.\n"
            + "Use a label filter to intentionally skip this error. (e.g | __error__!=\"\(error)\").\n"
            + "To skip all potential errors you can match empty errors.(e.g __error__=\"\")\n"
            + "The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" )"
    }
}
