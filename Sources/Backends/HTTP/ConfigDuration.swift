import TimeSeries

/// A duration as configuration files write it (`30s`, `1m30s`, `500ms`: Prometheus's duration syntax).
public struct ConfigDuration: Sendable, Hashable, Codable, CustomStringConvertible {
    public var duration: Duration

    public init(_ duration: Duration) { self.duration = duration }

    public var description: String {
        let (seconds, attoseconds) = duration.components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return PromDuration(milliseconds: ms).description
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do {
            let parsed = try PromDuration(parsing: text)
            duration = .milliseconds(parsed.milliseconds)
        } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "invalid duration \"\(text)\": \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// Seconds as a float (for Prometheus's `timeout` query parameter and error messages).
    public var seconds: Double {
        let (s, atto) = duration.components
        return Double(s) + Double(atto) / 1e18
    }
}
