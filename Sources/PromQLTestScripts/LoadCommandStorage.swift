import PromQL
import TimeSeries

extension LoadCommand {
    /// Writes the block into `store`: each value at `i × step`, `_` skipped, then (for `load_with_nhcb`)
    /// the native histograms converted from the classic ones. Start timestamps stay in the model; the store
    /// has no place for them yet.
    public func apply(to store: inout SeriesStore, file: String) throws(ScriptError) {
        for s in series {
            for sample in s.samples(step: step) {
                switch sample.value {
                case .float(let v): store.append(s.labels, t: sample.t, v: v)
                case .histogram(let h): store.append(s.labels, t: sample.t, histogram: h)
                case .missing: break
                }
            }
        }
        guard withNHCB else { return }
        do {
            for (labels, points) in try ClassicHistogramConversion.convert(series, step: step) {
                for (t, h) in points { store.append(labels, t: t, histogram: h) }
            }
        } catch {
            throw ScriptError(file: file, line: line, message: "load_with_nhcb: \(error.message)")
        }
    }
}
