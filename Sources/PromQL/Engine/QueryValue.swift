import TimeSeries

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

/// Warnings and infos a query produced, each already formatted as Prometheus prints it
/// (`PromQL warning: … (line:col)`).
public struct Annotations: Hashable, Sendable {
    public var warnings: [String] = []
    public var infos: [String] = []
    public init(warnings: [String] = [], infos: [String] = []) {
        self.warnings = warnings
        self.infos = infos
    }
    public var isEmpty: Bool { warnings.isEmpty && infos.isEmpty }
}

public struct QueryResult: Hashable, Sendable {
    public var value: QueryValue
    public var annotations: Annotations
    public init(value: QueryValue, annotations: Annotations = Annotations()) {
        self.value = value
        self.annotations = annotations
    }
}

/// A query that could not be run: a parse error, a type or execution error, or a limit.
public struct QueryError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
