/// Milliseconds since the Unix epoch, Prometheus's sample timestamp.
public typealias Timestamp = Int64

public enum Timestamps {
    /// Converts seconds (as PromQL and the HTTP API write them) to milliseconds, rounding as Prometheus does.
    public static func fromSeconds(_ seconds: Double) -> Timestamp {
        Timestamp((seconds * 1000).rounded())
    }

    public static func toSeconds(_ t: Timestamp) -> Double { Double(t) / 1000 }
}
