import TimeSeries

/// `sum_over_time`, `avg_over_time`, `first_over_time` and `last_over_time` on windows holding only
/// histogram samples (upstream functions.go); windows mixing floats and histograms are the evaluator's
/// (`HistogramAnnotation.mixedFloatsHistograms`).
public enum HistogramOverTime {
    public static func sum(_ samples: ArraySlice<HistogramSample>, metricName: String) -> HistogramFunctionResult {
        over(samples, .sum, metricName: metricName)
    }

    public static func average(_ samples: ArraySlice<HistogramSample>, metricName: String) -> HistogramFunctionResult {
        over(samples, .average, metricName: metricName)
    }

    private static func over(_ samples: ArraySlice<HistogramSample>, _ kind: HistogramSummation.Kind,
                             metricName: String) -> HistogramFunctionResult {
        guard let first = samples.first else { return HistogramFunctionResult(histogram: nil) }
        var s = HistogramSummation(kind, first: first.h)
        for p in samples.dropFirst() {
            s.add(p.h, metricName: metricName)
            // Upstream stops at the first incompatible histogram and reports only that.
            if s.incompatible {
                return HistogramFunctionResult(histogram: nil, annotations: [.mixedExponentialCustom(metricName: metricName)])
            }
        }
        return s.result()
    }

    /// `first_over_time`: the earliest histogram, unchanged (the evaluator compares it with the earliest
    /// float when the window has both).
    public static func first(_ samples: ArraySlice<HistogramSample>) -> NativeHistogram? { samples.first?.h }

    /// `last_over_time`: the latest histogram, unchanged.
    public static func last(_ samples: ArraySlice<HistogramSample>) -> NativeHistogram? { samples.last?.h }
}
