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
                        limits: LogQLEngine.Options, budget: inout QueryBudget) throws(LogQLQueryError) -> SampleExtraction {
        let pipeline: Pipeline
        do { pipeline = try Pipeline(range.log.pipeline, now: hi, maxFormattedBytes: limits.maxFormattedBytes) } catch { throw LogQLQueryError(error.message, kind: .badData) }
        var postFilters: [LabelFilterStage] = []
        if case .unwrap(let u) = kind {
            for f in u.postFilters {
                do { postFilters.append(try LabelFilterStage(f)) } catch { throw LogQLQueryError(error.message, kind: .badData) }
            }
        }
        // Series are numbered in order of appearance; the label set of the previous entry remembers its number,
        // so a run of entries of one series costs no hashing of label sets.
        var index: [Labels: Int] = [:]
        var seriesLabels: [Labels] = []
        var seriesSamples: [[Sample]] = []
        var unsorted = Set<Int>()
        var lastIndex: Int? = nil
        // Consecutive entries usually end with the same labels: the last label set is reused when the
        // builder's labels are equal, which spares building and sorting a new one per entry.
        var lastKey: [String: String]? = nil
        var lastLabels = Labels.empty
        // The window is (lo, hi]: entries strictly after lo, up to and including hi.
        let from = lo.saturatingAdd(1), before = hi.saturatingAdd(1)
        for stream in store.select(range.log.selector.matchers) {
            for entry in stream.entries(from: from, before: before) {
                try budget.spendEntry(costly: !pipeline.onlyLineFilters)
                let value: Double
                let labels: Labels
                if pipeline.onlyLineFilters, entry.metadata.isEmpty, !SampleExtraction.isUnwrap(kind) {
                    // Line filters alone leave the stream's labels as they are.
                    guard pipeline.keeps(entry.line) else { continue }
                    if lastKey != nil || lastLabels != stream.labels { lastIndex = nil; lastKey = nil; lastLabels = stream.labels }
                    labels = stream.labels
                    value = SampleExtraction.isBytes(kind) ? Double(entry.line.utf8.count) : 1
                } else {
                    guard var out = pipeline.process(entry, stream: stream.labels) else { continue }
                    var removing: String? = nil
                    switch kind {
                    case .count:
                        value = 1
                    case .bytes:
                        value = Double(out.line.utf8.count)
                    case .unwrap(let u):
                        value = SampleExtraction.unwrap(u, &out.labels)
                        var kept = true
                        for f in postFilters where !f.keeps(&out.labels) { kept = false; break }
                        if !kept { continue }
                        // The unwrapped label is the value now, not part of the series' identity.
                        removing = u.label
                    }
                    var key = out.labels.stringMap
                    if let removing { key[removing] = nil }
                    if key == lastKey {
                        labels = lastLabels
                    } else {
                        labels = LabelsBuilder.labels(key)
                        lastKey = key
                        lastLabels = labels
                        lastIndex = nil
                    }
                }
                let i: Int
                if let lastIndex {
                    i = lastIndex
                } else if let known = index[labels] {
                    i = known
                } else {
                    if let error = labels[LabelsBuilder.errorLabel] {
                        throw LogQLQueryError(SampleExtraction.pipelineErrorMessage(error, labels), kind: .execution)
                    }
                    if seriesLabels.count >= limits.maxSeries {
                        throw LogQLQueryError("the query would produce more than \(limits.maxSeries) series", kind: .limit)
                    }
                    i = seriesLabels.count
                    index[labels] = i
                    seriesLabels.append(labels)
                    seriesSamples.append([])
                }
                lastIndex = i
                if let previous = seriesSamples[i].last, previous.t > entry.timestamp { unsorted.insert(i) }
                seriesSamples[i].append(Sample(t: entry.timestamp, v: value))
            }
        }
        var series: [Labels: [Sample]] = [:]
        series.reserveCapacity(seriesLabels.count)
        for (i, labels) in seriesLabels.enumerated() {
            series[labels] = unsorted.contains(i) ? seriesSamples[i].sorted { $0.t < $1.t } : seriesSamples[i]
        }
        return SampleExtraction(series: series)
    }

    static func isUnwrap(_ kind: ValueKind) -> Bool { if case .unwrap = kind { return true } else { return false } }
    static func isBytes(_ kind: ValueKind) -> Bool { if case .bytes = kind { return true } else { return false } }

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
