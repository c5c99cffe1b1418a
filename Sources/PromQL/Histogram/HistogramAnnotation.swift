import TimeSeries

/// The annotations (warnings and infos) that native histogram operations report, with upstream's texts
/// from `util/annotations/annotations.go`. The evaluator attaches the position; `text` is the message
/// without the "PromQL warning: " / "PromQL info: " prefix, `message` includes it.
public enum HistogramAnnotation: Hashable, Sendable {
    /// Which combination produced a collision or a reconciliation.
    public enum Operation: String, Hashable, Sendable {
        case addition, subtraction, aggregation
    }

    /// `rate`, `increase`, `irate` or a reset-aware function saw a gauge histogram.
    case notCounter(metricName: String)
    /// `delta` or `idelta` saw a histogram that is not a gauge.
    case notGauge(metricName: String)
    /// Exponential and custom-bucket histograms were combined; the result is dropped.
    case mixedExponentialCustom(metricName: String)
    /// A range function saw floats and histograms in one window; the result is dropped.
    case mixedFloatsHistograms(metricName: String)
    /// `sum`/`avg` saw floats and histograms in one group; the group is dropped.
    case mixedFloatsHistogramsInAggregation
    /// A counter-reset hint collided (`reset` against `not_reset`).
    case counterResetCollision(Operation)
    /// Custom-bucket histograms with different bounds were combined on their common bounds.
    case mismatchedCustomBuckets(Operation)
    /// `histogram_quantile` on a histogram with NaN observations landed beyond the populated buckets.
    case quantileNaNResult(metricName: String)
    /// `histogram_quantile` on a histogram with NaN observations: the result is skewed higher.
    case quantileNaNSkew(metricName: String)
    /// `histogram_fraction` on a histogram with NaN observations.
    case fractionNaNs(metricName: String)
    /// An aggregation that cannot handle histograms skipped one (`op` is e.g. "max").
    case ignoredInAggregation(op: String)
    /// `h1 + h2` or `h1 - h2` with exponential and custom buckets (`op` is "+" or "-").
    case incompatibleBucketLayoutInBinOp(op: String)

    public var isWarning: Bool {
        switch self {
        case .notCounter, .notGauge, .mixedExponentialCustom, .mixedFloatsHistograms,
             .mixedFloatsHistogramsInAggregation, .counterResetCollision, .incompatibleBucketLayoutInBinOp:
            return true
        case .mismatchedCustomBuckets, .quantileNaNResult, .quantileNaNSkew, .fractionNaNs, .ignoredInAggregation:
            return false
        }
    }

    public var text: String {
        switch self {
        case .notCounter(let name): return "this native histogram metric is not a counter: " + quoteGo(name)
        case .notGauge(let name): return "this native histogram metric is not a gauge: " + quoteGo(name)
        case .mixedExponentialCustom(let name):
            return "vector contains a mix of histograms with exponential and custom buckets schemas for metric name " + quoteGo(name)
        case .mixedFloatsHistograms(let name):
            return "encountered a mix of histograms and floats for metric name " + quoteGo(name)
        case .mixedFloatsHistogramsInAggregation: return "encountered a mix of histograms and floats for aggregation"
        case .counterResetCollision(let op): return "conflicting counter resets during histogram " + op.rawValue
        case .mismatchedCustomBuckets(let op): return "mismatched custom buckets were reconciled during " + op.rawValue
        case .quantileNaNResult(let name):
            return Self.withMetricName("input to histogram_quantile has NaN observations, result is NaN", name)
        case .quantileNaNSkew(let name):
            return Self.withMetricName("input to histogram_quantile has NaN observations, result is skewed higher", name)
        case .fractionNaNs(let name):
            return Self.withMetricName("input to histogram_fraction has NaN observations, which are excluded from all fractions", name)
        case .ignoredInAggregation(let op): return "ignored histogram in \(op) aggregation"
        case .incompatibleBucketLayoutInBinOp(let op): return "incompatible bucket layout encountered for binary operator " + op
        }
    }

    public var message: String { (isWarning ? "PromQL warning: " : "PromQL info: ") + text }

    /// Upstream `maybeAddMetricName`: the name is appended only when there is one.
    private static func withMetricName(_ base: String, _ name: String) -> String {
        name.isEmpty ? base : base + " for metric name " + quoteGo(name)
    }
}
