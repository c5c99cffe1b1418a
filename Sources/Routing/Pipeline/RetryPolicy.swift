import Foundation

/// The exponential backoff between attempts of one notification (the defaults of the `backoff` package
/// Alertmanager uses): 0.5 s, growing by 1.5 up to 60 s, each wait randomised by ±50%, no new attempt
/// after 15 minutes. The first attempt is immediate.
public struct RetryPolicy: Sendable {
    public var initialInterval: TimeInterval = 0.5
    public var multiplier: Double = 1.5
    public var maxInterval: TimeInterval = 60
    /// The wait is drawn from `[w·(1−f), w·(1+f)]`.
    public var randomizationFactor: Double = 0.5
    public var maxElapsed: TimeInterval = 15 * 60
    /// A number in [0, 1); injected so tests are reproducible.
    public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }

    public init() {}

    /// No randomisation: waits of exactly 0.5, 0.75, 1.125, ... seconds.
    public static var deterministic: RetryPolicy {
        var p = RetryPolicy()
        p.randomizationFactor = 0
        return p
    }

    /// The wait after failed attempt number `attempt` (1-based).
    public func wait(after attempt: Int) -> TimeInterval {
        var interval = initialInterval
        for _ in 1..<max(attempt, 1) {
            interval = min(interval * multiplier, maxInterval)
            if interval >= maxInterval { break }
        }
        let delta = randomizationFactor * interval
        let low = interval - delta
        return low + random() * (2 * delta)
    }
}
