import TimeSeries

/// One log line of a stream: its timestamp in nanoseconds and its text.
public struct LokiEntry: Sendable, Hashable {
    public var timestampNanoseconds: Int64
    public var line: String

    public init(timestampNanoseconds: Int64, line: String) {
        self.timestampNanoseconds = timestampNanoseconds
        self.line = line
    }
}

/// A log stream: its labels and entries.
public struct LokiStream: Sendable, Hashable {
    public var labels: Labels
    public var entries: [LokiEntry]

    public init(labels: Labels, entries: [LokiEntry]) {
        self.labels = labels
        self.entries = entries
    }
}

/// What a Loki query returns, by `resultType`: the three metric types Prometheus has too, and log streams.
public enum LokiQueryValue: Sendable, Hashable {
    case vector([InstantSample])
    case matrix([RangeSeries])
    case scalar(t: Int64, value: Double)
    case streams([LokiStream])
}

public enum LokiDirection: String, Sendable, Hashable {
    case forward, backward
}

/// An error Loki answered with. Loki writes most errors as plain text (`parse error at line 1, col 5: …`),
/// some as JSON; `message` is the text either way.
public struct LokiAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var message: String

    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "Loki returned HTTP status \(status): \(message)" }
}
