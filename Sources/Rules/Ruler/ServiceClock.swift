/// A clock that can also wait: what the scheduled ruler runs on.
///
/// Everything that depends on time (group schedules, `for`, resend and retention timers) reads this clock
/// and sleeps on it, so a test drives a whole ruler with a manual clock and never sleeps for real.
public protocol ServiceClock: RuleClock {
    /// Suspends until the clock reads at least `deadline` (nanoseconds since the epoch). Throws
    /// `CancellationError` when the calling task is cancelled while waiting.
    func sleep(untilNanoseconds deadline: Int64) async throws
}

/// The wall clock. Sleeps in steps of at most a minute and re-reads the time after each, so a system clock
/// that jumps (NTP, suspend) delays an evaluation by a minute at most instead of by the size of the jump.
public struct SystemServiceClock: ServiceClock {
    public init() {}

    public func nowNanoseconds() -> Int64 { SystemRuleClock().nowNanoseconds() }

    public func sleep(untilNanoseconds deadline: Int64) async throws {
        while true {
            let now = nowNanoseconds()
            guard now < deadline else { return }
            let remaining = deadline.subtractingReportingOverflow(now)
            let step = remaining.overflow ? Int64.max : min(remaining.partialValue, 60_000_000_000)
            try await Task.sleep(nanoseconds: UInt64(max(step, 1)))
        }
    }
}
