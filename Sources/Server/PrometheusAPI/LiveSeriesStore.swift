import PromQL
import TimeSeries

/// Series that something writes to while queries read them: the Prometheus side of Vigil's demo backend.
/// Queries take a snapshot (a reference copy of the store value) and evaluate outside the actor; the next
/// write to a series a snapshot shares copies that series' samples, which for the demo's few hundred
/// series is cheap.
public actor LiveSeriesStore {
    private var store = SeriesStore()
    /// The most samples held; writes past it are refused, so a runaway writer cannot exhaust memory.
    public let maxSamples: Int
    private var sampleCount = 0

    public init(maxSamples: Int = 10_000_000) {
        self.maxSamples = maxSamples
    }

    public func snapshot() -> SeriesStore { store }

    public var seriesCount: Int { store.seriesCount }

    /// Appends float samples; returns false (storing nothing) when they would pass `maxSamples`.
    @discardableResult
    public func append(_ series: [(labels: Labels, samples: [Sample])]) -> Bool {
        let adding = series.reduce(0) { $0 + $1.samples.count }
        guard sampleCount + adding <= maxSamples else { return false }
        for s in series {
            let ref = store.ref(for: s.labels)
            for sample in s.samples { store.append(ref, t: sample.t, v: sample.v) }
        }
        sampleCount += adding
        return true
    }
}
