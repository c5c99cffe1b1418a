import Rules
import TimeSeries

/// The ruler's `SampleAppender` for remote write: collects one evaluation's samples (recording-rule
/// results, `ALERTS`, `ALERTS_FOR_STATE`, staleness markers) and hands them to the queue in one go.
///
/// It never refuses a sample: ordering and duplicates are the receiver's to judge (it answers 400, which
/// the queue counts as failed).
public struct RemoteWriteAppender: SampleAppender, Sendable {
    public private(set) var samples: [PendingSample] = []

    public init() {}

    public mutating func append(_ labels: Labels, t: Int64, value: Double) throws {
        samples.append(PendingSample(labels: labels, t: t, value: value))
    }

    public mutating func append(_ labels: Labels, t: Int64, histogram: NativeHistogram) throws {
        samples.append(PendingSample(labels: labels, t: t, histogram: histogram))
    }

    /// Queues the collected samples and empties the appender.
    public mutating func commit(to queue: RemoteWriteQueue) async {
        let batch = samples
        samples = []
        await queue.append(batch)
    }
}
