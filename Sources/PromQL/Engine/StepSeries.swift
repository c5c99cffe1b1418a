import TimeSeries

/// A series evaluated over the steps of an evaluation: one point per step at most, at the step's time.
///
/// `dropName` marks a series whose `__name__` a function has discarded; with delayed name removal the
/// label stays until the end of the query, otherwise it is removed at once.
struct StepSeries {
    var labels: Labels
    var dropName = false
    var floats: [Sample] = []
    var histograms: [HistogramSample] = []

    init(labels: Labels, dropName: Bool = false, floats: [Sample] = [], histograms: [HistogramSample] = []) {
        self.labels = labels
        self.dropName = dropName
        self.floats = floats
        self.histograms = histograms
    }

    var isEmpty: Bool { floats.isEmpty && histograms.isEmpty }

    mutating func append(t: Int64, f: Double, h: NativeHistogram?) {
        if let h { histograms.append(HistogramSample(t: t, h: h)) } else { floats.append(Sample(t: t, v: f)) }
    }
}

typealias StepMatrix = [StepSeries]

/// One element of an instant vector while evaluating a step.
struct Element {
    var labels: Labels
    var f: Double
    var h: NativeHistogram?
    var dropName = false
    /// The ordinal of the element's matching signature, for binary operations.
    var sig = 0
    /// The index of the series the element came from in its input, so per-series work can be cached across
    /// steps (-1 when made up, as fill values are).
    var series = -1
}

extension Labels {
    /// The labels without `__name__` (and the type/unit metadata labels of Prometheus 3).
    var droppingMetricName: Labels { removing(Labels.metadataNames) }

    static let metadataNames: Set<String> = [Label.metricName, "__type__", "__unit__"]
}
