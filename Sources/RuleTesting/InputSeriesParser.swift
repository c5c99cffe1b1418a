import PromQL
import TimeSeries

/// Reads an `input_series` entry into the store: the series, then its values at `start + i × interval`.
enum InputSeriesParser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func load(_ input: InputSeries, interval: Int64, start: Int64, into store: inout SeriesStore) throws(Failure) {
        let labels: Labels
        let rest: String
        do {
            let (parsed, end) = try SeriesDescription.parse(prefixOf: input.series)
            labels = parsed
            rest = String(input.series.unicodeScalars.dropFirst(end))
        } catch {
            throw Failure(description: "1:\(error.offset + 1): parse error: \(error.message) in series \(quoteGo(input.series))")
        }
        if !rest.trimmingCharacters(in: .whitespaces).isEmpty {
            throw Failure(description: "parse error: unexpected \(quoteGo(rest)) after series \(quoteGo(input.series))")
        }
        let values: [SeriesValues.Value]
        do {
            values = try SeriesValues.parse(input.values)
        } catch {
            throw Failure(description: "1:\(error.offset + 1): parse error: \(error.message) in values \(quoteGo(input.values))")
        }
        let ref = store.ref(for: labels)
        for (i, value) in values.enumerated() {
            let t = start + Int64(i) * interval
            switch value {
            case .missing: continue
            case .float(let v): store.append(ref, t: t, v: v)
            case .histogram(let h): store.append(labels, t: t, histogram: h)
            }
        }
    }
}
