import TimeSeries

/// `rate`, `increase` and `delta` on `anchored` and `smoothed` range selectors over native histograms
/// (upstream `extendedHistogramRate`): no extrapolation; the change between the value at the range start
/// and at the range end, where `anchored` takes the last sample at or before the start, and `smoothed`
/// interpolates linearly at both boundaries (treating a counter reset as a restart from zero).
extension HistogramRate {
    /// - Parameters:
    ///   - samples: the histogram samples the selector loaded for this step, in time order, including the
    ///     ones before the range start (and, for `smoothed`, after its end) that upstream loads for it.
    ///   - rangeStart/rangeEnd: evaluation time minus range and offset, and minus offset, in milliseconds.
    public static func extended(_ samples: [HistogramSample], rangeStart: Int64, rangeEnd: Int64, rangeSeconds: Double,
                                smoothed: Bool, isCounter: Bool, isRate: Bool, metricName: String) -> HistogramFunctionResult {
        guard !samples.isEmpty else { return HistogramFunctionResult(histogram: nil) }
        var annotations = HistogramAnnotationList()
        func done(_ h: NativeHistogram? = nil) -> HistogramFunctionResult {
            HistogramFunctionResult(histogram: h, annotations: annotations.items)
        }
        // Go's sort.Search(n, f): the first index in [0, n) where f holds, or n.
        func search(_ n: Int, _ f: (Int) -> Bool) -> Int {
            var i = 0
            while i < n && !f(i) { i += 1 }
            return i
        }
        var lastIndex = samples.count - 1
        let firstIndex = Swift.max(0, search(lastIndex) { samples[$0].t > rangeStart } - 1)
        if smoothed { lastIndex = search(lastIndex) { samples[$0].t >= rangeEnd } }
        if samples[lastIndex].t <= rangeStart { return done() }
        if smoothed && samples[firstIndex].t > rangeEnd { return done() }
        if firstIndex > lastIndex { return done() }

        // All exponential or all custom; gauges warned about for counters.
        let usingCustom = samples[firstIndex].h.usesCustomBuckets
        for p in samples[firstIndex...lastIndex] {
            if p.h.usesCustomBuckets != usingCustom {
                annotations.append(.mixedExponentialCustom(metricName: metricName))
                return done()
            }
            if isCounter && p.h.counterResetHint == .gauge { annotations.append(.notCounter(metricName: metricName)) }
        }

        do {
            var left = samples[firstIndex].h
            if smoothed && samples[firstIndex].t < rangeStart {
                left = try interpolate(samples[firstIndex], samples[firstIndex + 1], at: rangeStart, isCounter: isCounter, &annotations)
            }
            var right = samples[lastIndex].h
            if smoothed && lastIndex > 0 && samples[lastIndex].t > rangeEnd {
                right = try interpolate(samples[lastIndex - 1], samples[lastIndex], at: rangeEnd, isCounter: isCounter, &annotations)
            }
            if !isCounter && (left.counterResetHint != .gauge || right.counterResetHint != .gauge) {
                annotations.append(.notGauge(metricName: metricName))
            }
            var result = right
            if try result.subtract(left).customBoundsReconciled { annotations.append(.mismatchedCustomBuckets(.subtraction)) }
            if isCounter, let correction = try resetCorrection(samples, firstIndex, lastIndex, left: left, right: right,
                                                               rangeStart: rangeStart, smoothed: smoothed, &annotations) {
                if try result.add(correction).customBoundsReconciled { annotations.append(.mismatchedCustomBuckets(.addition)) }
            }
            if isRate { result.divide(by: rangeSeconds) }
            result.counterResetHint = .gauge
            result.compact()
            return done(result)
        } catch {
            annotations.append(.mixedExponentialCustom(metricName: metricName))
            return done()
        }
    }

    /// Upstream `interpolateHistograms`: the histogram at `t` between two samples; after a counter reset the
    /// later sample is scaled as if counting from zero.
    static func interpolate(_ a: HistogramSample, _ b: HistogramSample, at t: Int64, isCounter: Bool,
                            _ annotations: inout HistogramAnnotationList) throws(HistogramError) -> NativeHistogram {
        if t == a.t { return a.h }
        if t == b.t { return b.h }
        let fraction = Double(t - a.t) / Double(b.t - a.t)
        if isCounter && b.h.detectReset(previous: a.h) { return b.h.scaled(by: fraction) }
        var result = b.h
        if try result.subtract(a.h).customBoundsReconciled { annotations.append(.mismatchedCustomBuckets(.subtraction)) }
        result.scale(by: fraction)
        if try result.add(a.h).customBoundsReconciled { annotations.append(.mismatchedCustomBuckets(.addition)) }
        return result
    }

    /// Upstream `correctForCounterResetsHistogram`: the sum of the histograms just before each counter
    /// reset between the boundaries, or nil when there is none.
    static func resetCorrection(_ h: [HistogramSample], _ firstIndex: Int, _ lastIndex: Int, left: NativeHistogram,
                                right: NativeHistogram, rangeStart: Int64, smoothed: Bool,
                                _ annotations: inout HistogramAnnotationList) throws(HistogramError) -> NativeHistogram? {
        var first = firstIndex + 1
        var prev = left
        if smoothed && h[firstIndex].t < rangeStart && firstIndex + 1 < h.count
            && h[firstIndex + 1].h.detectReset(previous: h[firstIndex].h) {
            // The left interpolation already spans that reset.
            prev = h[firstIndex + 1].h
            first += 1
        }
        let last = lastIndex - 1
        if first > last + 1 { return nil }
        var correction: NativeHistogram?
        func addCorrection(_ x: NativeHistogram) throws(HistogramError) {
            if var c = correction {
                if try c.add(x).customBoundsReconciled { annotations.append(.mismatchedCustomBuckets(.addition)) }
                correction = c
            } else {
                correction = x
            }
        }
        if first <= last {
            for p in h[first...last] {
                if p.h.detectReset(previous: prev) { try addCorrection(prev) }
                prev = p.h
            }
        }
        if right.detectReset(previous: prev) { try addCorrection(prev) }
        return correction
    }
}

extension HistogramRate {
    /// The value of a `smoothed` instant vector selector at `t`, strictly between two histogram samples
    /// (upstream engine.go): linear interpolation, treated as a counter (a reset restarts from zero) unless
    /// both samples are gauges. Mixed bucket kinds give no value and a warning. (An exact sample at `t` is
    /// used as is; with no later sample the previous one is carried forward with its hint set to unknown.)
    public static func smoothedValue(previous: HistogramSample, next: HistogramSample, at t: Int64,
                                     metricName: String) -> HistogramFunctionResult {
        if previous.h.usesCustomBuckets != next.h.usesCustomBuckets {
            return HistogramFunctionResult(histogram: nil, annotations: [.mixedExponentialCustom(metricName: metricName)])
        }
        let isCounter = previous.h.counterResetHint != .gauge || next.h.counterResetHint != .gauge
        var annotations = HistogramAnnotationList()
        do {
            let h = try interpolate(previous, next, at: t, isCounter: isCounter, &annotations)
            return HistogramFunctionResult(histogram: h, annotations: annotations.items)
        } catch {
            annotations.append(.mixedExponentialCustom(metricName: metricName))
            return HistogramFunctionResult(histogram: nil, annotations: annotations.items)
        }
    }
}
