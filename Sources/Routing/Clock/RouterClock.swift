import Foundation

/// The router's source of time. The engine reads "now" from it and the retry stage and the service loop
/// sleep on it; nothing in `Routing` reads the system clock directly, so every timer is testable.
///
/// It has the shape of `Rules.ServiceClock` on purpose (Routing must not depend on Rules): a type that
/// already conforms to that protocol (the system clock, `VigilTesting.ManualClock`) conforms to this one
/// with an empty extension where both modules are imported.
public protocol RouterClock: Sendable {
    /// Nanoseconds since the Unix epoch.
    func nowNanoseconds() -> Int64
    /// Suspends until the clock reads at least `deadline`; throws `CancellationError` when cancelled.
    func sleep(untilNanoseconds deadline: Int64) async throws
}

extension RouterClock {
    public var now: Date { Date(nanosecondsSince1970: nowNanoseconds()) }

    public func sleep(until date: Date) async throws {
        try await sleep(untilNanoseconds: date.nanosecondsSince1970)
    }
}

extension Date {
    init(nanosecondsSince1970 ns: Int64) {
        self.init(timeIntervalSince1970: Double(ns) / 1e9)
    }

    /// Saturates instead of trapping for dates beyond ±292 years of 1970 (and a NaN date is the epoch).
    var nanosecondsSince1970: Int64 {
        let ns = (timeIntervalSince1970 * 1e9).rounded()
        if ns.isNaN { return 0 }
        if ns >= 9.2e18 { return Int64.max }
        if ns <= -9.2e18 { return Int64.min }
        return Int64(ns)
    }
}


/// The wall clock. Sleeps in steps of at most a minute and re-reads the time after each, so a system
/// clock that jumps delays a timer by a minute at most.
public struct SystemRouterClock: RouterClock {
    public init() {}

    public func nowNanoseconds() -> Int64 { Date().nanosecondsSince1970 }

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

/// A clock for simulations: it moves only when told to (`set`), and a sleep moves it forward to the
/// deadline at once instead of waiting. Driven from one task (`AlertRouter.advance(to:on:)`), the
/// router then behaves as it would in real time, minus the waiting: this is what the router's tests and
/// rule unit tests use. Concurrent sleepers each jump the clock, so it suits sequential drivers only.
public final class SimulatedClock: RouterClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int64

    public init(_ date: Date) { current = date.nanosecondsSince1970 }

    public func nowNanoseconds() -> Int64 { lock.withLock { current } }

    /// Moves the clock forward to `date` (never backward).
    public func set(_ date: Date) {
        let ns = date.nanosecondsSince1970
        lock.withLock { current = max(current, ns) }
    }

    public func sleep(untilNanoseconds deadline: Int64) async throws {
        try Task.checkCancellation()
        lock.withLock { current = max(current, deadline) }
    }
}
