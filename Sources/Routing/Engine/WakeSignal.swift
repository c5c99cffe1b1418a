import Foundation

/// Wakes the router's service loop early: when an alert arrives, a silence changes or a flush ends,
/// the next deadline may be sooner than the one the loop sleeps until.
final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    func signal() {
        let w: CheckedContinuation<Void, Never>? = lock.withLock {
            if let w = waiter {
                waiter = nil
                return w
            }
            pending = true
            return nil
        }
        w?.resume()
    }

    /// Returns at the next signal (at once if one came since the last wait) or on cancellation.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if pending || Task.isCancelled {
                        pending = false
                        return true
                    }
                    waiter = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let w: CheckedContinuation<Void, Never>? = lock.withLock {
                defer { waiter = nil }
                return waiter
            }
            w?.resume()
        }
    }

    /// Sleeps until `deadline` on `clock` (forever when nil) or until a signal, whichever comes first.
    func wait(until deadline: Date?, clock: any RouterClock) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            if let deadline {
                group.addTask { try? await clock.sleep(until: deadline) }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
