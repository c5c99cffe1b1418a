import Foundation
import Testing
import TimeSeries
@testable import Routing

@Suite struct PipelineTests {
    @Test func backoffWaitsGrowToTheCap() {
        let p = RetryPolicy.deterministic
        let waits = (1...14).map { p.wait(after: $0) }
        #expect(Array(waits.prefix(4)) == [0.5, 0.75, 1.125, 1.6875])
        #expect(waits[11] == 0.5 * pow(1.5, 11))
        #expect(waits[12] == 60)
        #expect(waits[13] == 60)
        var jittered = RetryPolicy()
        jittered.random = { 0 }
        #expect(jittered.wait(after: 1) == 0.25)
        jittered.random = { 0.999_999 }
        #expect(abs(jittered.wait(after: 1) - 0.75) < 1e-5)
    }

    @Test func retryableFailuresAreRetriedWithBackoffAndRecorded() async throws {
        let h = try RouterHarness(simpleConfig())
        h.notifiers["default"]?.failNext([NotifyFailure(retryable: true, message: "503"), NotifyFailure(retryable: true, message: "503")])
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 30)
        #expect(h.times() == [30, 30.5, 31.25])
        let attempts = h.history.attempts
        #expect(attempts.map(\.outcome) == [.retryableFailure, .retryableFailure, .success])
        #expect(attempts.map(\.context.attempt) == [1, 2, 3])
        #expect(attempts.first?.error == "503")
        #expect(attempts.first?.context.groupKey == "{}:{alertname=\"A\"}")
        #expect(attempts.first?.firing == [AlertFingerprint(Labels(["alertname": "A"]))])
        // Logged after the success: the next flush does not resend.
        await h.advance(to: 400)
        #expect(h.times().count == 3)
    }

    @Test func retriesStopAtTheFlushDeadline() async throws {
        let h = try RouterHarness(simpleConfig(groupInterval: "10s"))
        h.notifiers["default"]?.failAlways(NotifyFailure(retryable: true, message: "connection refused"))
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 30)
        // 0, 0.5, 1.25, 2.375, 4.0625, 6.59375; the next wait (3.8) would pass the 10 s deadline.
        #expect(h.times() == [30, 30.5, 31.25, 32.375, 34.062, 36.594])
        let failure = await h.router.lastFailures["{}:{alertname=\"A\"}"]
        #expect(failure?.description == "default/webhook[0]: notify retry canceled after 6 attempts: connection refused")
    }

    @Test func errorsOtherThanNotifyFailureAreRetryable() async throws {
        struct Boom: Error {}
        final class Flaky: Notifier, @unchecked Sendable {
            let lock = NSLock()
            var n = 0
            func notify(_ alerts: [Alert], context: NotificationContext) async throws {
                let k = lock.withLock { n += 1; return n }
                if k == 1 { throw Boom() }
            }
        }
        let clock = SimulatedClock(RouterHarness.t0)
        let flaky = Flaky()
        var options = RouterOptions()
        options.retry = .deterministic
        let router = AlertRouter(config: try AlertmanagerConfig.parse(simpleConfig(), file: "test.yml"),
                                 integrations: ["default": [Integration(name: "webhook", sendResolved: true, notifier: flaky)]],
                                 clock: clock, options: options)
        await router.receive([PostableAlert(labels: ["alertname": "A"])])
        await router.advance(to: RouterHarness.at(31), on: clock)
        #expect(flaky.n == 2)
        #expect(await router.lastFailures.isEmpty)
    }

    @Test func maxAlertsTruncates() async throws {
        let h = try RouterHarness(simpleConfig(groupBy: "[]"), maxAlerts: 2)
        for name in ["A", "B", "C", "D"] { await h.post(["alertname": name], ends: 100_000) }
        await h.advance(to: 30)
        let call = try #require(h.notifiers["default"]?.calls.first)
        #expect(call.alerts.map(\.name) == ["A", "B"])
        #expect(call.context.truncatedAlerts == 2)
    }

    @Test func eachIntegrationDedupsOnItsOwn() async throws {
        let clock = SimulatedClock(RouterHarness.t0)
        let good = CapturingNotifier(clock: clock)
        let bad = CapturingNotifier(clock: clock)
        bad.failNext([NotifyFailure(retryable: false, message: "401")])
        var options = RouterOptions()
        options.retry = .deterministic
        let router = AlertRouter(config: try AlertmanagerConfig.parse(simpleConfig(), file: "test.yml"),
                                 integrations: ["default": [Integration(name: "webhook", index: 0, sendResolved: true, notifier: good),
                                                            Integration(name: "webhook", index: 1, sendResolved: true, notifier: bad)]],
                                 clock: clock, options: options)
        await router.receive([PostableAlert(labels: ["alertname": "A"], endsAt: RouterHarness.at(100_000))])
        await router.advance(to: RouterHarness.at(330), on: clock)
        // The failed integration is retried at the next flush; the other is not told twice.
        #expect(good.calls.count == 1)
        #expect(bad.calls.count == 2)
        #expect(bad.calls.map(\.context.integration.description) == ["default/webhook/1", "default/webhook/1"])
    }

    @Test func receiverWithoutIntegrationsDropsAndCleansUp() async throws {
        let h = try RouterHarness(simpleConfig(), notify: [])
        await h.post(["alertname": "A"], ends: 10)
        await h.advance(to: 30)
        #expect(await h.router.groupViews().isEmpty)
    }

    static let intervals = """
    time_intervals:
      - name: nights
        time_intervals:
          - times: [{start_time: '00:00', end_time: '01:00'}]
    """

    @Test func muteTimeIntervalHoldsNotificationsBack() async throws {
        let yaml = """
        route:
          receiver: default
          group_by: [alertname]
          routes:
            - receiver: default
              matchers: ['team="a"']
              mute_time_intervals: [nights]
        receivers:
          - name: default
        \(Self.intervals)
        """
        let h = try RouterHarness(yaml)
        // t0 is midnight UTC: muted until 01:00.
        await h.post(["alertname": "A", "team": "a"], ends: 100_000)
        await h.advance(to: 3599)
        #expect(h.sends().isEmpty)
        let key = await h.router.groupViews()[0].groupKey
        #expect(h.router.marker.mutedBy(groupKey: key) == ["nights"])
        #expect(await h.router.alertViews()[0].status.mutedBy == ["nights"])
        await h.advance(to: 3630)
        #expect(h.times() == [3630])
        #expect(h.router.marker.mutedBy(groupKey: key).isEmpty)
    }

    @Test func activeTimeIntervalSendsOnlyInside() async throws {
        let yaml = """
        route:
          receiver: default
          group_by: [alertname]
          routes:
            - receiver: default
              matchers: ['team="a"']
              group_by: [team]
              active_time_intervals: [nights]
        receivers:
          - name: default
        \(Self.intervals)
        """
        let h = try RouterHarness(yaml)
        await h.advance(to: 3000)
        await h.post(["alertname": "A", "team": "a"], ends: 100_000)
        await h.advance(to: 3030)
        #expect(h.times() == [3030])
        // B joins the group after 01:00: the flushes at 3630, 3930, ... are outside the interval.
        await h.advance(to: 3400)
        await h.post(["alertname": "B", "team": "a"], ends: 100_000)
        await h.advance(to: 86_400 - 1)
        #expect(h.times() == [3030])
        let key = await h.router.groupViews()[0].groupKey
        #expect(h.router.marker.mutedBy(groupKey: key) == ["nights"])
        // The next night: the flush at 86430 (3030 + 278 × 300) sends both.
        await h.advance(to: 86_400 + 300)
        #expect(h.sends().last == Sent(at: 86_430, alerts: ["A:firing", "B:firing"]))
    }

    @Test func alertStatusesForTheAPI() async throws {
        let h = try RouterHarness(simpleConfig())
        await h.post(["alertname": "A"], ends: 100_000)
        let before = await h.router.alertViews()
        #expect(before[0].status.state == .active)
        #expect(before[0].receivers == ["default"])
        #expect(h.router.marker.status(before[0].alert.fingerprint).state == .active)
    }
}
