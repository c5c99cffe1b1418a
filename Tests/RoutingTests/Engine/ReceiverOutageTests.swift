import Foundation
import Testing
import TimeSeries
@testable import Routing

/// A receiver that is down for minutes: every flush keeps retrying until its deadline, the next flush
/// tries again, and once the receiver is back the notification is delivered exactly once.
struct ReceiverOutageTests {
    /// Refuses every call until `upAt`, then accepts; records the time of each call.
    final class FlakyReceiver: Notifier, @unchecked Sendable {
        let clock: any RouterClock
        let upAt: Date
        private let lock = NSLock()
        private var calls: [(Date, Bool)] = []
        init(clock: any RouterClock, upAt: Date) {
            self.clock = clock
            self.upAt = upAt
        }
        var attempts: [(Date, Bool)] { lock.withLock { calls } }

        func notify(_ alerts: [Alert], context: NotificationContext) async throws {
            let now = clock.now
            let up = now >= upAt
            lock.withLock { calls.append((now, up)) }
            if !up { throw NotifyFailure(retryable: true, message: "connection refused") }
        }
    }

    @Test func aReceiverDownForTwelveMinutesGetsTheNotificationWhenItReturns() async throws {
        let t0 = RouterHarness.t0
        let clock = SimulatedClock(t0)
        let receiver = FlakyReceiver(clock: clock, upAt: t0.addingTimeInterval(12 * 60))
        let config = try AlertmanagerConfig.parse(simpleConfig(groupWait: "30s", groupInterval: "5m"), file: "test.yml")
        var options = RouterOptions()
        options.retry = RetryPolicy.deterministic
        let router = AlertRouter(config: config, integrations: ["default": [Integration(name: "webhook", sendResolved: true, notifier: receiver)]],
                                 clock: clock, options: options)
        await router.receive([PostableAlert(labels: ["alertname": "DiskFull"], endsAt: t0.addingTimeInterval(3600))])
        await router.advance(to: t0.addingTimeInterval(30 * 60), on: clock)

        let attempts = receiver.attempts
        let successes = attempts.filter { $0.1 }
        #expect(successes.count == 1, "\(attempts.count) attempts, \(successes.count) delivered")
        let deliveredAt = successes.first?.0.timeIntervalSince(t0) ?? -1
        // Backoff is capped at 60 s, so the first attempt after the receiver returns comes within a minute.
        #expect(deliveredAt >= 12 * 60 && deliveredAt <= 13 * 60, "delivered at \(deliveredAt) s")
        // It was tried throughout the outage: every flush (30 s, 5:30, 10:30) made attempts.
        let failedFlushWindows = Set(attempts.filter { !$0.1 }.map { Int($0.0.timeIntervalSince(t0) - 30) / 300 })
        #expect(failedFlushWindows == [0, 1, 2])
        // The notification log has it: the next flushes do not send it again before repeat_interval.
        #expect(attempts.last?.1 == true)
    }
}
