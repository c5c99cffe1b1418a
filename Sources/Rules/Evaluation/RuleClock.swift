import Foundation

/// The source of wall-clock time for rule evaluation.
///
/// Evaluation results never depend on it: evaluation timestamps are parameters. The clock only stamps
/// when a rule was last evaluated and how long that took (the `lastEvaluation` and
/// `evaluationTime` of Prometheus's rules API), and it is what a scheduler asks for "now".
public protocol RuleClock: Sendable {
    /// Nanoseconds since the Unix epoch.
    func nowNanoseconds() -> Int64
}

extension RuleClock {
    /// Milliseconds since the Unix epoch, the unit of sample timestamps.
    public func nowMilliseconds() -> Int64 {
        let ns = nowNanoseconds()
        // Floor division, so times before 1970 round the same way as Go's time.Time.UnixMilli.
        return ns >= 0 ? ns / 1_000_000 : -((-ns + 999_999) / 1_000_000)
    }
}

/// The real clock, for the scheduled ruler. Engines never construct it; callers inject it.
public struct SystemRuleClock: RuleClock {
    public init() {}
    public func nowNanoseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1e9).rounded())
    }
}

/// A clock that always reads the same time: what rule unit tests use, where durations do not matter and
/// output must be reproducible.
public struct FixedRuleClock: RuleClock {
    public var nanoseconds: Int64
    public init(nanoseconds: Int64 = 0) { self.nanoseconds = nanoseconds }
    public func nowNanoseconds() -> Int64 { nanoseconds }
}
