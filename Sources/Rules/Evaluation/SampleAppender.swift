import PromQL
import TimeSeries

/// Where rule results go: recording-rule series, `ALERTS` and `ALERTS_FOR_STATE`, and the staleness
/// markers of series a rule stopped producing.
///
/// Upstream appends to TSDB, which refuses some samples (see `SampleAppendError`); a refused sample marks
/// the rule unhealthy but does not stop the others. An appender that never refuses is fine too.
public protocol SampleAppender {
    mutating func append(_ labels: Labels, t: Int64, value: Double) throws
    mutating func append(_ labels: Labels, t: Int64, histogram: NativeHistogram) throws
}

/// The refusals of Prometheus's head appender (`storage/interface.go`, `storage/errors.go`), with
/// upstream's messages.
public enum SampleAppendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Older than the series' newest sample (the test storage has no out-of-order window).
    case outOfOrder
    /// A float at the time of the newest sample, with different bits.
    case duplicateFloat(t: Int64, existing: Double, new: Double)
    /// A float at the time of the newest sample, which is a histogram.
    case duplicateHistogramToFloat(t: Int64, new: Double)
    /// A histogram at the time of the newest sample, which differs (upstream's bare sentinel error).
    case duplicateHistogram

    public var description: String {
        switch self {
        case .outOfOrder:
            return "out of order sample"
        case let .duplicateFloat(t, existing, new):
            // Upstream prints the bare sentinel text when the timestamp is zero.
            if t == 0 { return "duplicate sample for timestamp" }
            return "duplicate sample for timestamp \(t); overrides not allowed: existing \(GoFloat.formatG(existing)), new value \(GoFloat.formatG(new))"
        case let .duplicateHistogramToFloat(t, new):
            if t == 0 { return "duplicate sample for timestamp" }
            return "duplicate sample for timestamp \(t); overrides not allowed: existing is a histogram, new value \(GoFloat.formatG(new))"
        case .duplicateHistogram:
            return "duplicate sample for timestamp"
        }
    }
}

/// A plain `SeriesStore` accepts everything: a later sample at the same time replaces the earlier one.
/// Use `SharedSeriesStore` for upstream's refusals and for a store the querier reads while rules append.
extension SeriesStore: SampleAppender {
    public mutating func append(_ labels: Labels, t: Int64, value: Double) throws {
        append(labels, t: t, v: value)
    }
}
