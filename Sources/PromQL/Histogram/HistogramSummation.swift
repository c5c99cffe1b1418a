import TimeSeries

/// Kahan-compensated sums and means of native histograms: the `sum` and `avg` aggregations (upstream
/// engine.go `aggregation`) and `sum_over_time`/`avg_over_time` (functions.go). One type serves both, as
/// upstream runs the same steps in both places.
///
/// The mean is computed directly (sum, then divide) while the running sum stays finite, and switches to
/// an incremental mean once it would overflow, exactly as upstream does for floats and histograms.
public struct HistogramSummation: Sendable {
    public enum Kind: Sendable { case sum, average }

    public let kind: Kind
    private var value: NativeHistogram
    private var mean: NativeHistogram?
    private var compensation: NativeHistogram?
    private var groupCount = 1.0
    private var incrementalMean = false
    private var counterResetSeen = false
    private var notCounterResetSeen = false
    /// Exponential and custom-bucket histograms met; the result is dropped.
    public private(set) var incompatible = false
    private var annotations = HistogramAnnotationList()

    public init(_ kind: Kind, first: NativeHistogram) {
        self.kind = kind
        value = first
        track(first)
    }

    private mutating func track(_ h: NativeHistogram) {
        switch h.counterResetHint {
        case .reset: counterResetSeen = true
        case .notReset: notCounterResetSeen = true
        case .unknown, .gauge: break
        }
    }

    /// Adds the next histogram. `metricName` (of the series it came from) is only used in the warning about
    /// mixing exponential and custom buckets. `operation` names the context in annotations.
    public mutating func add(_ h: NativeHistogram, metricName: String) {
        track(h)
        groupCount += 1
        do {
            switch kind {
            case .sum:
                if try value.kahanAdd(h, compensation: &compensation).customBoundsReconciled {
                    annotations.append(.mismatchedCustomBuckets(.aggregation))
                }
            case .average:
                try addToMean(h)
            }
        } catch {
            annotations.append(.mixedExponentialCustom(metricName: metricName))
            incompatible = true
            // Upstream loses the compensation histogram on a failed Kahan addition of a sum.
            if kind == .sum { compensation = nil }
        }
    }

    private mutating func addToMean(_ h: NativeHistogram) throws(HistogramError) {
        if !incrementalMean {
            var v = value
            var c = compensation
            if try v.kahanAdd(h, compensation: &c).customBoundsReconciled {
                annotations.append(.mismatchedCustomBuckets(.aggregation))
            }
            if !v.hasOverflow {
                value = v
                compensation = c
                return
            }
            incrementalMean = true
            mean = value.divided(by: groupCount - 1)
            compensation?.divide(by: groupCount - 1)
        }
        let q = (groupCount - 1) / groupCount
        compensation?.scale(by: q)
        let toAdd = h.divided(by: groupCount)
        var m = mean!
        m.scale(by: q)
        if try m.kahanAdd(toAdd, compensation: &compensation).customBoundsReconciled {
            annotations.append(.mismatchedCustomBuckets(.aggregation))
        }
        mean = m
    }

    /// The aggregation's result (compacted), or `nil` when it has to be dropped, and its annotations
    /// (including "conflicting counter resets during histogram aggregation").
    public func result() -> HistogramFunctionResult {
        guard !incompatible else { return HistogramFunctionResult(histogram: nil, annotations: annotations.items) }
        var out: NativeHistogram
        switch kind {
        case .sum:
            out = value
            if let c = compensation { _ = try? out.add(c) }
        case .average:
            if incrementalMean {
                out = mean!
                if let c = compensation { _ = try? out.add(c) }
            } else {
                out = value.divided(by: groupCount)
                if let c = compensation { _ = try? out.add(c.divided(by: groupCount)) }
            }
        }
        out.compact()
        var annos = annotations
        if counterResetSeen && notCounterResetSeen { annos.append(.counterResetCollision(.aggregation)) }
        return HistogramFunctionResult(histogram: out, annotations: annos.items)
    }
}
