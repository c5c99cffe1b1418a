import Foundation
import PromQL
import TimeSeries

/// A `SeriesStore` shared by reference: the querier reads it while the group evaluator appends rule
/// results to it, so a recording rule's output is visible to the rules after it, as in promtool's test
/// storage.
///
/// Appends follow Prometheus's head appender (no out-of-order window): a sample older than the series'
/// newest one is refused as out of order, and one at the same time as the newest is accepted only if it
/// is identical. Input series go through the same `append`, so a runner that loads them lazily, up to each
/// evaluation time as promtool does, sees upstream's refusals (a fully preloaded store would instead
/// refuse a rule writing into an input series that has later samples).
public final class SharedSeriesStore: SeriesSource, SampleAppender, @unchecked Sendable {
    private enum Newest {
        case float(t: Int64, bits: UInt64)
        case histogram(t: Int64, h: NativeHistogram)

        var t: Int64 {
            switch self {
            case .float(let t, _), .histogram(let t, _): return t
            }
        }
    }

    private let lock = NSLock()
    private var store: SeriesStore
    /// The store's handle and the newest sample of each series, found with one label hash per append.
    private var series: [Labels: (ref: SeriesStore.SeriesRef, newest: Newest?)] = [:]

    public init(_ store: SeriesStore = SeriesStore()) {
        self.store = store
        // No matchers select every series with a point in the range (`maxt + 1` must not overflow).
        for series in store.select([], mint: .min, maxt: .max - 1) {
            let f = series.floats.last
            let h = series.histograms.last
            let ref = self.store.ref(for: series.labels)
            if let h, f.map({ $0.t < h.t }) ?? true {
                self.series[series.labels] = (ref, .histogram(t: h.t, h: h.h))
            } else if let f {
                self.series[series.labels] = (ref, .float(t: f.t, bits: f.v.bitPattern))
            }
        }
    }

    /// A copy of the current contents.
    public var snapshot: SeriesStore {
        lock.lock()
        defer { lock.unlock() }
        return store
    }

    public func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [SeriesPoints] {
        // The copy shares storage with `store` (copy on write), so the returned slices stay valid after
        // later appends.
        snapshot.select(matchers, mint: mint, maxt: maxt)
    }

    public func append(_ labels: Labels, t: Int64, value: Double) throws {
        lock.lock()
        defer { lock.unlock() }
        let known = series[labels]
        if let last = known?.newest {
            if t < last.t { throw SampleAppendError.outOfOrder }
            if t == last.t {
                switch last {
                case .histogram:
                    throw SampleAppendError.duplicateHistogramToFloat(t: t, new: value)
                case .float(_, let bits):
                    if bits != value.bitPattern {
                        throw SampleAppendError.duplicateFloat(t: t, existing: Double(bitPattern: bits), new: value)
                    }
                    return
                }
            }
        }
        let ref = known?.ref ?? store.ref(for: labels)
        series[labels] = (ref, .float(t: t, bits: value.bitPattern))
        store.append(ref, t: t, v: value)
    }

    public func append(_ labels: Labels, t: Int64, histogram: NativeHistogram) throws {
        lock.lock()
        defer { lock.unlock() }
        let known = series[labels]
        if let last = known?.newest {
            if t < last.t { throw SampleAppendError.outOfOrder }
            if t == last.t {
                if case .histogram(_, let h) = last, h == histogram { return }
                throw SampleAppendError.duplicateHistogram
            }
        }
        series[labels] = (known?.ref ?? store.ref(for: labels), .histogram(t: t, h: histogram))
        store.append(labels, t: t, histogram: histogram)
    }
}
