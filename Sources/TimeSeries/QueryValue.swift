/// The values a PromQL query yields, shared by the local engine and the clients of remote Prometheus and
/// Loki servers: whoever answers a query, the ruler and the APIs see the same types.

/// One element of an instant vector: a series' labels and its value at the evaluation time, a float or
/// a native histogram.
public struct InstantSample: Hashable, Sendable {
    public var labels: Labels
    public var t: Int64
    public var value: Double
    public var histogram: NativeHistogram?

    public init(labels: Labels, t: Int64, value: Double, histogram: NativeHistogram? = nil) {
        self.labels = labels
        self.t = t
        self.value = value
        self.histogram = histogram
    }
}

/// One series of a range vector (matrix): labels with float and histogram points in time order.
public struct RangeSeries: Hashable, Sendable {
    public var labels: Labels
    public var floats: [Sample]
    public var histograms: [HistogramSample]

    public init(labels: Labels, floats: [Sample] = [], histograms: [HistogramSample] = []) {
        self.labels = labels
        self.floats = floats
        self.histograms = histograms
    }
}

/// What a PromQL query returns, by type.
public enum QueryValue: Hashable, Sendable {
    case scalar(t: Int64, value: Double)
    case string(t: Int64, value: String)
    case vector([InstantSample])
    case matrix([RangeSeries])
}
