import TimeSeries

/// Where a scheduled group's samples go: recording-rule series, `ALERTS` and `ALERTS_FOR_STATE`, and
/// staleness markers. In the service this is remote write to Prometheus.
public protocol RuleSampleWriter: Sendable {
    /// Hands samples over for writing; returns without waiting for the network.
    func write(_ samples: [InstantSample]) async
    /// Returns once everything written so far has been stored or has definitely failed, so that a later
    /// rule of the same group can query what an earlier one recorded, as it could in Prometheus's own
    /// storage.
    func flush() async
}

/// Where a scheduled group's alerts go: the built-in router, external Alertmanagers, or both.
public protocol AlertSender: Sendable {
    func send(_ alerts: [AlertNotification]) async
}

/// A writer that drops everything: for a ruler with neither remote write nor anything reading its
/// recorded series.
public struct DiscardingSampleWriter: RuleSampleWriter {
    public init() {}
    public func write(_ samples: [InstantSample]) async {}
    public func flush() async {}
}

/// Collects what one rule appends during an evaluation, so the ruler can hand it to a `RuleSampleWriter`
/// once the rule is done. It never refuses a sample: the remote storage decides.
struct CollectingAppender: SampleAppender {
    var samples: [InstantSample] = []

    mutating func append(_ labels: Labels, t: Int64, value: Double) throws {
        samples.append(InstantSample(labels: labels, t: t, value: value))
    }

    mutating func append(_ labels: Labels, t: Int64, histogram: NativeHistogram) throws {
        samples.append(InstantSample(labels: labels, t: t, value: 0, histogram: histogram))
    }

    mutating func take() -> [InstantSample] {
        defer { samples = [] }
        return samples
    }
}
