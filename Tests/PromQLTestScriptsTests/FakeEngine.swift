import PromQL
import PromQLTestScripts
import TimeSeries

/// A tiny stand-in engine, enough to drive the runner: numeric literals (scalars), string literals,
/// bare selectors `metric{a="b"}` (5m lookback, stale markers end a series), range selectors
/// `metric[5m]`, an optional `@ <seconds>` suffix, and a few magic queries:
/// `broken(` fails to parse, `explode` fails at run time, `warn_me` returns `1` with a warning,
/// `unsorted_matrix` returns an unsorted matrix from a range query.
struct FakeEngine: PromQLTestEngine {
    var canPin = true
    static let lookback: Int64 = 300_000

    func instantQuery(_ query: String, at t: Int64, source: SeriesStore) -> Result<QueryResult, QueryError> {
        var query = query
        var at = t
        if let r = query.range(of: " @ ") {
            guard let seconds = Double(query[r.upperBound...]) else { return .failure(QueryError("parse error: bad @")) }
            at = Int64(seconds * 1000)
            query = String(query[..<r.lowerBound])
        }
        if query.contains("broken(") { return .failure(QueryError("1:7: parse error: unexpected end of input")) }
        if query == "explode" { return .failure(QueryError("query exploded: boom")) }
        if query == "warn_me" {
            return .success(QueryResult(value: .scalar(t: t, value: 1),
                                        annotations: Annotations(warnings: ["PromQL warning: you were warned (1:1)"])))
        }
        if let v = SeriesValues.parseNumber(query) { return .success(QueryResult(value: .scalar(t: t, value: v))) }
        if query.hasPrefix("\"") {
            guard let s = try? GoUnquote.unquote(query) else { return .failure(QueryError("parse error: bad string")) }
            return .success(QueryResult(value: .string(t: t, value: s)))
        }
        var range: Int64?
        var selector = query
        if query.hasSuffix("]"), let open = query.lastIndex(of: "[") {
            guard let d = try? PromDuration(parsing: String(query[query.index(after: open)..<query.index(before: query.endIndex)])) else {
                return .failure(QueryError("parse error: bad range"))
            }
            range = d.milliseconds
            selector = String(query[..<open])
        }
        guard let (labels, end) = try? SeriesDescription.parse(prefixOf: selector), end == selector.unicodeScalars.count else {
            return .failure(QueryError("1:1: parse error: the fake engine does not understand \(query)"))
        }
        let matchers = labels.map { try! LabelMatcher(.equal, $0.name, $0.value) }
        if let range {
            let series = source.select(matchers, mint: at - range + 1, maxt: at).map {
                RangeSeries(labels: $0.labels, floats: $0.floats.filter { !StaleNaN.isStale($0.v) },
                            histograms: Array($0.histograms))
            }.filter { !$0.floats.isEmpty || !$0.histograms.isEmpty }
            return .success(QueryResult(value: .matrix(series)))
        }
        var vector: [InstantSample] = []
        for s in source.select(matchers, mint: at - FakeEngine.lookback + 1, maxt: at) {
            let f = s.floats.last
            let h = s.histograms.last
            if let h, (f?.t ?? Int64.min) < h.t {
                vector.append(InstantSample(labels: s.labels, t: t, value: 0, histogram: h.h))
            } else if let f, !StaleNaN.isStale(f.v) {
                vector.append(InstantSample(labels: s.labels, t: t, value: f.v))
            }
        }
        return .success(QueryResult(value: .vector(vector)))
    }

    func rangeQuery(_ query: String, start: Int64, end: Int64, step: Int64, source: SeriesStore) -> Result<QueryResult, QueryError> {
        if query == "unsorted_matrix" {
            return .success(QueryResult(value: .matrix([
                RangeSeries(labels: Labels(["__name__": "b"]), floats: [Sample(t: start, v: 1)]),
                RangeSeries(labels: Labels(["__name__": "a"]), floats: [Sample(t: start, v: 1)]),
            ])))
        }
        var bySeries: [Labels: RangeSeries] = [:]
        var t = start
        var annotations = Annotations()
        while t <= end {
            switch instantQuery(query, at: t, source: source) {
            case .failure(let e): return .failure(e)
            case .success(let r):
                annotations.warnings += r.annotations.warnings
                switch r.value {
                case .scalar(_, let v): bySeries[Labels(), default: RangeSeries(labels: Labels())].floats.append(Sample(t: t, v: v))
                case .vector(let samples):
                    for s in samples {
                        if let h = s.histogram {
                            bySeries[s.labels, default: RangeSeries(labels: s.labels)].histograms.append(HistogramSample(t: t, h: h))
                        } else {
                            bySeries[s.labels, default: RangeSeries(labels: s.labels)].floats.append(Sample(t: t, v: s.value))
                        }
                    }
                case .string, .matrix:
                    return .failure(QueryError("invalid expression type for range query, must be Scalar or instant Vector"))
                }
            }
            if step <= 0 { break }
            t += step
        }
        let matrix = bySeries.values.sorted { $0.labels < $1.labels }
        return .success(QueryResult(value: .matrix(matrix), annotations: annotations))
    }

    func stepInvariantForm(of query: String, at t: Int64) -> StepInvariantForm {
        guard canPin else { return .unsupported }
        if query.contains(" @ ") || query == "warn_me" || query == "explode" || query.hasPrefix("\"")
            || SeriesValues.parseNumber(query) != nil || query.contains("broken(") { return .notStepInvariant }
        return .pinned("\(query) @ \(Double(t) / 1000)")
    }
}
