/// Bounded retries with exponential backoff, shared by every client.
///
/// Retried: network errors, timeouts, HTTP 5xx and 429; never another 4xx (the request itself is wrong,
/// sending it again changes nothing), as Prometheus's remote write and notifier decide. The wait before
/// retry `n` (1-based) is `minBackoff · 2^(n-1)`, capped at `maxBackoff`, as remote write's backoff.
public struct RetryPolicy: Sendable, Hashable, Codable {
    /// Tries in all, the first included; 1 means no retry.
    public var maxAttempts: Int
    public var minBackoff: ConfigDuration
    public var maxBackoff: ConfigDuration

    public init(maxAttempts: Int = 3, minBackoff: Duration = .milliseconds(30), maxBackoff: Duration = .seconds(5)) {
        self.maxAttempts = maxAttempts
        self.minBackoff = ConfigDuration(minBackoff)
        self.maxBackoff = ConfigDuration(maxBackoff)
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 for the first retry).
    public func backoff(beforeRetry retry: Int) -> Duration {
        var wait = minBackoff.duration
        let cap = maxBackoff.duration
        var n = 1
        while n < retry && wait < cap {
            wait = wait * 2
            n += 1
        }
        return min(wait, cap)
    }

    public func validate() throws(BackendError) {
        guard maxAttempts >= 1 else { throw .configuration("retry max_attempts must be at least 1, got \(maxAttempts)") }
        guard maxAttempts <= 100 else { throw .configuration("retry max_attempts must be at most 100, got \(maxAttempts)") }
        guard minBackoff.duration >= .zero, maxBackoff.duration >= minBackoff.duration else {
            throw .configuration("retry max_backoff (\(maxBackoff)) must not be shorter than min_backoff (\(minBackoff))")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case maxAttempts = "max_attempts", minBackoff = "min_backoff", maxBackoff = "max_backoff"
    }

    public init(from decoder: any Decoder) throws {
        let d = RetryPolicy()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? d.maxAttempts
        minBackoff = try c.decodeIfPresent(ConfigDuration.self, forKey: .minBackoff) ?? d.minBackoff
        maxBackoff = try c.decodeIfPresent(ConfigDuration.self, forKey: .maxBackoff) ?? d.maxBackoff
    }
}
