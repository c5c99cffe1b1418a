import TimeSeries

/// What a histogram range function produces for one series and step: a histogram, or nothing (`nil`),
/// and the annotations to report either way.
public struct HistogramFunctionResult: Equatable, Sendable {
    public var histogram: NativeHistogram?
    public var annotations: [HistogramAnnotation]

    public init(histogram: NativeHistogram?, annotations: [HistogramAnnotation] = []) {
        self.histogram = histogram
        self.annotations = annotations
    }
}
