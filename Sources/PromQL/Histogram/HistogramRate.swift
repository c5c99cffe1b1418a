import TimeSeries

/// `rate`, `increase`, `delta`, `irate` and `idelta` over windows of native histogram samples (upstream
/// `extrapolatedRate`, `histogramRate` and `instantValue` in promql/functions.go), without start
/// timestamps and without the `anchored`/`smoothed` modifiers.
///
/// The evaluator handles windows that mix floats and histograms itself: upstream drops the series and
/// reports `HistogramAnnotation.mixedFloatsHistograms(metricName:)` for those.
public enum HistogramRate {
    /// `rate` (isCounter, isRate), `increase` (isCounter) and `delta` (neither) over the histogram samples of
    /// one window `(rangeStart, rangeEnd]` in milliseconds. `rangeSeconds` is the selector's range (for
    /// `rate`'s per-second division). Fewer than two samples give no result.
    public static func extrapolated(_ samples: ArraySlice<HistogramSample>, rangeStart: Int64, rangeEnd: Int64,
                                    rangeSeconds: Double, isCounter: Bool, isRate: Bool,
                                    metricName: String) -> HistogramFunctionResult {
        guard samples.count >= 2, let first = samples.first, let last = samples.last else {
            return HistogramFunctionResult(histogram: nil)
        }
        let (difference, annotations) = difference(samples, isCounter: isCounter, metricName: metricName)
        guard var h = difference else { return HistogramFunctionResult(histogram: nil, annotations: annotations.items) }

        var durationToStart = Double(first.t - rangeStart) / 1000
        var durationToEnd = Double(rangeEnd - last.t) / 1000
        let sampledInterval = Double(last.t - first.t) / 1000
        let averageSpacing = sampledInterval / Double(samples.count - 1)
        let threshold = averageSpacing * 1.1
        // Extrapolate to the window's edges only when the samples come close to them (within 110% of the
        // average spacing); otherwise assume the series starts/ends half a spacing beyond its samples.
        if durationToStart >= threshold { durationToStart = averageSpacing / 2 }
        if isCounter {
            // Never extrapolate a counter below zero: the count is the measure for that.
            var durationToZero = durationToStart
            if h.count > 0 && first.h.count >= 0 {
                durationToZero = sampledInterval * (first.h.count / h.count)
            }
            if durationToZero < durationToStart { durationToStart = durationToZero }
        }
        if durationToEnd >= threshold { durationToEnd = averageSpacing / 2 }
        var factor = 1.0
        if sampledInterval != 0 { factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval }
        if isRate { factor /= rangeSeconds }
        h.scale(by: factor)
        return HistogramFunctionResult(histogram: h, annotations: annotations.items)
    }

    /// Upstream `histogramRate`: last minus first, with the value before each counter reset added back for
    /// counters, computed at the lowest schema in the window and returned as a compacted gauge histogram.
    /// `nil` when exponential and custom buckets are mixed.
    static func difference(_ points: ArraySlice<HistogramSample>, isCounter: Bool, metricName: String)
        -> (NativeHistogram?, HistogramAnnotationList) {
        var annotations = HistogramAnnotationList()
        let firstIndex = points.startIndex
        var prev = points[firstIndex].h
        var usingCustomBuckets = prev.usesCustomBuckets
        let last = points[points.endIndex - 1].h
        let mixed = HistogramAnnotationList([.mixedExponentialCustom(metricName: metricName)])

        if isCounter && (prev.counterResetHint == .gauge || last.counterResetHint == .gauge) {
            annotations.append(.notCounter(metricName: metricName))
        }
        if isCounter {
            // A reset between the first two samples makes the first one irrelevant (also its layout).
            let second = points[firstIndex + 1].h
            if second.detectReset(previous: prev) {
                var empty = NativeHistogram()
                empty.schema = second.schema
                empty.customValues = second.customValues
                prev = empty
                usingCustomBuckets = second.usesCustomBuckets
            }
        }
        if last.usesCustomBuckets != usingCustomBuckets {
            annotations.append(.mixedExponentialCustom(metricName: metricName))
            return (nil, annotations)
        }
        var minSchema = Swift.min(last.schema, prev.schema)
        for point in points.dropFirst().dropLast() where isCounter {
            let curr = point.h
            if curr.counterResetHint == .gauge { annotations.append(.notCounter(metricName: metricName)) }
            if curr.schema < minSchema { minSchema = curr.schema }
            if curr.usesCustomBuckets != usingCustomBuckets { return (nil, mixed) }
        }

        var h = last.copy(toSchema: minSchema)
        do {
            // Counter resets are handled below, so a hint collision here means nothing.
            if try h.subtract(prev).customBoundsReconciled { annotations.append(.mismatchedCustomBuckets(.subtraction)) }
            if isCounter {
                for point in points.dropFirst() {
                    let curr = point.h
                    if curr.detectReset(previous: prev) {
                        if try h.add(prev).customBoundsReconciled { annotations.append(.mismatchedCustomBuckets(.addition)) }
                    }
                    prev = curr
                }
            } else if points[firstIndex].h.counterResetHint != .gauge || last.counterResetHint != .gauge {
                annotations.append(.notGauge(metricName: metricName))
            }
        } catch {
            return (nil, mixed)
        }
        h.counterResetHint = .gauge
        h.compact()
        return (h, annotations)
    }

    /// `irate` (isRate) and `idelta` on the last two samples of a window when both are histograms. Equal
    /// timestamps give no result; for `irate` a counter reset makes the result the last histogram itself.
    public static func instant(previous: HistogramSample, last: HistogramSample, isRate: Bool,
                               metricName: String) -> HistogramFunctionResult {
        let interval = last.t - previous.t
        if interval == 0 { return HistogramFunctionResult(histogram: nil) }
        var annotations = HistogramAnnotationList()
        var result = last.h
        if isRate && (last.h.counterResetHint == .gauge || previous.h.counterResetHint == .gauge) {
            annotations.append(.notCounter(metricName: metricName))
        }
        if !isRate && (last.h.counterResetHint != .gauge || previous.h.counterResetHint != .gauge) {
            annotations.append(.notGauge(metricName: metricName))
        }
        if !isRate || !last.h.detectReset(previous: previous.h) {
            do {
                if try result.subtract(previous.h).customBoundsReconciled {
                    annotations.append(.mismatchedCustomBuckets(.subtraction))
                }
            } catch {
                annotations.append(.mixedExponentialCustom(metricName: metricName))
                return HistogramFunctionResult(histogram: nil, annotations: annotations.items)
            }
        }
        result.counterResetHint = .gauge
        result.compact()
        if isRate { result.divide(by: Double(interval) / 1000) }
        return HistogramFunctionResult(histogram: result, annotations: annotations.items)
    }

    /// `resets` over a window of histogram samples only: how many consecutive pairs show a counter reset.
    /// (With floats in the window, a switch between float and histogram also counts as a reset; the
    /// evaluator handles that and calls `detectReset(previous:)` for histogram pairs.)
    public static func resets(_ samples: ArraySlice<HistogramSample>) -> Int {
        zip(samples, samples.dropFirst()).reduce(0) { $0 + ($1.1.h.detectReset(previous: $1.0.h) ? 1 : 0) }
    }

    /// `changes` over a window of histogram samples only: consecutive pairs that are not `==` (upstream
    /// `Equals`, so the counter reset hint alone is no change).
    public static func changes(_ samples: ArraySlice<HistogramSample>) -> Int {
        zip(samples, samples.dropFirst()).reduce(0) { $0 + ($1.1.h == $1.0.h ? 0 : 1) }
    }
}
