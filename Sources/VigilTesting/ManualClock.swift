import Foundation
import Rules

/// A clock that moves only when a test says so. Tasks that sleep on it are woken in deadline order by
/// `advance(to:)`, which then waits until each woken task has gone back to sleep (or ended) before moving
/// on, so a test sees the effects of every evaluation due by the new time.
public final class ManualClock: ServiceClock, @unchecked Sendable {
    private struct Sleeper {
        var id: Int
        var deadline: Int64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var now: Int64
    private var sleepers: [Sleeper] = []
    private var nextID = 0

    public init(nanoseconds: Int64 = 0) { now = nanoseconds }
    public convenience init(milliseconds: Int64) { self.init(nanoseconds: milliseconds * 1_000_000) }

    public func nowNanoseconds() -> Int64 { lock.withLock { now } }

    public var sleeping: Int { lock.withLock { sleepers.count } }

    public func sleep(untilNanoseconds deadline: Int64) async throws {
        let id: Int = lock.withLock { nextID += 1; return nextID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                lock.lock()
                if deadline <= now {
                    lock.unlock()
                    c.resume()
                } else if Task.isCancelled {
                    lock.unlock()
                    c.resume(throwing: CancellationError())
                } else {
                    sleepers.append(Sleeper(id: id, deadline: deadline, continuation: c))
                    lock.unlock()
                }
            }
        } onCancel: {
            let cancelled: Sleeper? = lock.withLock {
                guard let i = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return sleepers.remove(at: i)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits until `count` tasks sleep on the clock, for at most `timeout` of real time (long, because a
    /// loaded machine running many tests at once may take seconds to schedule a woken task).
    public func waitForSleepers(_ count: Int, timeout: Duration = .seconds(60)) async {
        let start = ContinuousClock.now
        var round = 0
        while sleeping < count {
            if ContinuousClock.now - start > timeout { return }
            if round < 1000 { await Task.yield() } else { try? await Task.sleep(nanoseconds: 100_000) }
            round += 1
        }
    }

    /// Moves the clock to `target` (milliseconds), waking sleepers in deadline order and letting each
    /// woken task run until it sleeps again.
    public func advance(toMilliseconds target: Int64) async {
        let targetNs = target * 1_000_000
        while true {
            let (due, expected): ([Sleeper], Int) = lock.withLock {
                let population = sleepers.count
                guard let first = sleepers.filter({ $0.deadline <= targetNs }).map(\.deadline).min() else {
                    now = max(now, targetNs)
                    return ([], population)
                }
                now = max(now, first)
                let due = sleepers.filter { $0.deadline <= now }
                sleepers.removeAll { $0.deadline <= now }
                return (due, population)
            }
            if due.isEmpty { return }
            for s in due { s.continuation.resume() }
            await waitForSleepers(expected)
        }
    }

    public func advance(byMilliseconds delta: Int64) async {
        await advance(toMilliseconds: nowMilliseconds() + delta)
    }
}

extension ManualClock {
    /// Sets the clock to `target` at once and wakes every task due by then together, as when a stalled
    /// process resumes: a task sees the whole jump.
    public func jump(toMilliseconds target: Int64) async {
        let targetNs = target * 1_000_000
        let (due, expected): ([Sleeper], Int) = lock.withLock {
            let population = sleepers.count
            now = max(now, targetNs)
            let due = sleepers.filter { $0.deadline <= now }
            sleepers.removeAll { $0.deadline <= now }
            return (due, population)
        }
        for s in due { s.continuation.resume() }
        await waitForSleepers(expected)
    }
}
