import Foundation
import Testing
import TimeSeries
@testable import Routing

@Suite struct NotificationLogTests {
    let t0 = RouterHarness.t0
    static let key = IntegrationKey(receiver: "team", integration: "webhook", index: 0)
    static func fps(_ n: [UInt64]) -> Set<AlertFingerprint> { Set(n.map(AlertFingerprint.init)) }

    func entry(firing: [UInt64], resolved: [UInt64] = [], at seconds: Double = 0) -> NotificationLogEntry {
        NotificationLogEntry(groupKey: "g", integration: Self.key, timestamp: t0.addingTimeInterval(seconds),
                             firingAlerts: Self.fps(firing), resolvedAlerts: Self.fps(resolved), expiresAt: .distantFuture)
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var entry: (firing: [UInt64], resolved: [UInt64])?
        var firing: [UInt64]
        var resolved: [UInt64] = []
        var sendResolved = true
        var now: Double = 60
        var expected: NotifyReason
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "nothing logged, nothing firing", entry: nil, firing: [], resolved: [1], expected: .doNotNotify),
        Case(name: "nothing logged, firing", entry: nil, firing: [1], expected: .firstNotification),
        Case(name: "new firing alert", entry: ([1], []), firing: [1, 2], expected: .newAlertsInGroup),
        Case(name: "firing after an all-resolved entry", entry: ([], [1]), firing: [2], expected: .firstNotification),
        Case(name: "same firing alerts", entry: ([1, 2], []), firing: [1, 2], expected: .doNotNotify),
        Case(name: "fewer firing alerts, none resolved", entry: ([1, 2], []), firing: [1], expected: .doNotNotify),
        Case(name: "all resolved", entry: ([1], []), firing: [], resolved: [1], expected: .allAlertsResolved),
        Case(name: "all resolved, already told", entry: ([], [1]), firing: [], resolved: [1], expected: .doNotNotify),
        Case(name: "new resolved with send_resolved", entry: ([1, 2], []), firing: [1], resolved: [2], expected: .newResolvedAlerts),
        Case(name: "new resolved without send_resolved", entry: ([1, 2], []), firing: [1], resolved: [2], sendResolved: false, expected: .doNotNotify),
        Case(name: "repeat interval elapsed", entry: ([1], []), firing: [1], now: 3600, expected: .repeatIntervalElapsed),
    ]

    @Test(arguments: cases)
    func needsUpdate(_ c: Case) {
        let e = c.entry.map { entry(firing: $0.firing, resolved: $0.resolved) }
        let reason = DedupStage.needsUpdate(entry: e, firing: Self.fps(c.firing), resolved: Self.fps(c.resolved),
                                            sendResolved: c.sendResolved, repeatInterval: 3600,
                                            now: t0.addingTimeInterval(c.now), exact: true)
        #expect(reason == c.expected)
    }

    @Test func repeatBoundaryExactVersusUpstream() {
        let e = entry(firing: [1])
        let now = t0.addingTimeInterval(300)
        #expect(DedupStage.needsUpdate(entry: e, firing: Self.fps([1]), resolved: [], sendResolved: true, repeatInterval: 300,
                                       now: now, exact: true) == .repeatIntervalElapsed)
        #expect(DedupStage.needsUpdate(entry: e, firing: Self.fps([1]), resolved: [], sendResolved: true, repeatInterval: 300,
                                       now: now, exact: false) == .doNotNotify)
    }

    @Test func entriesExpireAfterTwiceTheRepeatIntervalOrTheRetention() {
        let log = NotificationLog(retention: 3600)
        log.log(groupKey: "g", integration: Self.key, firing: Self.fps([1]), resolved: [], timestamp: t0, expiry: 600)
        #expect(log.entry(groupKey: "g", integration: Self.key)?.expiresAt == t0.addingTimeInterval(600))
        let other = IntegrationKey(receiver: "team", integration: "webhook", index: 1)
        log.log(groupKey: "g", integration: other, firing: Self.fps([1]), resolved: [], timestamp: t0, expiry: 8 * 3600)
        #expect(log.entry(groupKey: "g", integration: other)?.expiresAt == t0.addingTimeInterval(3600))
        #expect(log.collect(now: t0.addingTimeInterval(600)) == 1)
        #expect(log.count == 1)
        #expect(Self.key.description == "team/webhook/0")
    }

    @Test func olderEntriesDoNotReplaceNewerOnes() {
        let log = NotificationLog()
        log.log(groupKey: "g", integration: Self.key, firing: Self.fps([1]), resolved: [], timestamp: t0.addingTimeInterval(10), expiry: 0)
        log.log(groupKey: "g", integration: Self.key, firing: Self.fps([2]), resolved: [], timestamp: t0, expiry: 0)
        #expect(log.entry(groupKey: "g", integration: Self.key)?.firingAlerts == Self.fps([1]))
    }

    @Test func snapshotRoundTripSkipsExpiredEntries() throws {
        let log = NotificationLog()
        log.log(groupKey: "a", integration: Self.key, firing: Self.fps([1]), resolved: Self.fps([2]), timestamp: t0, expiry: 100)
        log.log(groupKey: "b", integration: Self.key, firing: Self.fps([3]), resolved: [], timestamp: t0, expiry: 1000)
        let data = try JSONEncoder().encode(log.snapshot())
        let restored = NotificationLog()
        restored.load(try JSONDecoder().decode(NotificationLogSnapshot.self, from: data), now: t0.addingTimeInterval(200))
        #expect(restored.count == 1)
        #expect(restored.entry(groupKey: "b", integration: Self.key)?.firingAlerts == Self.fps([3]))
    }

    @Test func restartWithTheLogDoesNotResend() async throws {
        let h = try RouterHarness(simpleConfig())
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 30)
        #expect(h.times() == [30])
        // A new router (a restart) with the same log and the alert received again.
        let snapshot = h.router.notificationLog.snapshot()
        let log = NotificationLog()
        log.load(snapshot, now: h.clock.now)
        let notifier = CapturingNotifier(clock: h.clock)
        let config = try AlertmanagerConfig.parse(simpleConfig(), file: "test.yml")
        var options = RouterOptions()
        options.retry = .deterministic
        let router = AlertRouter(config: config, integrations: ["default": [Integration(name: "webhook", sendResolved: true, notifier: notifier)]],
                                 clock: h.clock, options: options, notificationLog: log)
        await router.receive([PostableAlert(labels: ["alertname": "A"], startsAt: RouterHarness.t0, endsAt: RouterHarness.at(100_000))])
        await router.advance(to: RouterHarness.at(400), on: h.clock)
        #expect(notifier.calls.isEmpty)
    }
}
