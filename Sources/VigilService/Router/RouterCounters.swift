import Foundation
import Routing

/// What the router has done since the process started, across reloads (the counters live in
/// `RouterState`, which every router built by a reload shares): alerts received, and notification
/// attempts per receiver and integration with their outcome.
final class RouterCounters: @unchecked Sendable {
    struct IntegrationKey: Hashable { var receiver: String, integration: String }
    struct Attempts { var total = 0, failed = 0, delivered = 0 }

    private let lock = NSLock()
    private(set) var firingReceived = 0
    private(set) var resolvedReceived = 0
    private(set) var invalidReceived = 0
    private var attempts: [IntegrationKey: Attempts] = [:]

    func received(firing: Int, resolved: Int, invalid: Int) {
        lock.withLock {
            firingReceived += firing
            resolvedReceived += resolved
            invalidReceived += invalid
        }
    }

    func attempted(receiver: String, integration: String, succeeded: Bool) {
        lock.withLock {
            var a = attempts[IntegrationKey(receiver: receiver, integration: integration)] ?? Attempts()
            a.total += 1
            if succeeded { a.delivered += 1 } else { a.failed += 1 }
            attempts[IntegrationKey(receiver: receiver, integration: integration)] = a
        }
    }

    /// Every counter, read together.
    func snapshot() -> (firing: Int, resolved: Int, invalid: Int, attempts: [IntegrationKey: Attempts]) {
        lock.withLock { (firingReceived, resolvedReceived, invalidReceived, attempts) }
    }
}

/// Counts each notification attempt, then records it where the router's history goes.
struct CountingNotificationHistory: NotificationHistory {
    let inner: any NotificationHistory
    let counters: RouterCounters

    func record(_ attempt: NotificationAttempt) async {
        counters.attempted(receiver: attempt.context.integration.receiver, integration: attempt.context.integration.integration,
                           succeeded: attempt.outcome == .success)
        await inner.record(attempt)
    }
}
