import Foundation
import Testing
import TimeSeries
@testable import Routing

@Suite struct DispatchTimingTests {
    /// Many groups created at different times each flush at their own creation + group_wait, then on their
    /// own group_interval cadence, and resolved alerts leave every group that held them (the dispatcher's
    /// due-time heap and holder counts, rather than scans of every group).
    @Test func manyGroupsKeepTheirOwnTimers() async throws {
        let h = try RouterHarness(simpleConfig(groupWait: "30s", groupInterval: "1m", groupBy: "[job]"))
        for i in 0..<500 {
            await h.advance(to: Double(i))
            await h.post(["alertname": "A", "job": "j\(i)"], ends: 100_000)
        }
        await h.advance(to: 530)
        let first = Dictionary(grouping: h.notifiers["default"]?.calls ?? [], by: { $0.context.groupLabels["job"] ?? "" })
            .mapValues { $0.map { $0.time.timeIntervalSince(RouterHarness.t0) } }
        #expect(first.count == 500)
        #expect(first.allSatisfy { job, times in times == [Double(job.dropFirst())! + 30] })
        // Resolve them all: each group sends its resolution at its next interval, then no group holds them.
        for i in 0..<500 { await h.post(["alertname": "A", "job": "j\(i)"], starts: 0, ends: 540) }
        await h.advance(to: 700)
        #expect(await h.router.dispatcher.groups.isEmpty)
        #expect(await h.router.dispatcher.holds(AlertFingerprint(Labels(["alertname": "A", "job": "j7"]))) == false)
        #expect(await h.router.nextDeadline() != nil)
    }

    @Test func firstFlushAfterGroupWaitThenEveryGroupIntervalOnlyWhenChanged() async throws {
        let h = try RouterHarness(simpleConfig())
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 29)
        #expect(h.sends().isEmpty)
        await h.advance(to: 30)
        #expect(h.sends() == [Sent(at: 30, alerts: ["A:firing"])])
        // Nothing changed: the flushes at 330 and 630 send nothing.
        await h.advance(to: 700)
        #expect(h.times() == [30])
    }

    @Test func alertJoiningAGroupWaitsForTheNextGroupInterval() async throws {
        let h = try RouterHarness(simpleConfig(groupBy: "[job]"))
        await h.post(["alertname": "A", "job": "x"], ends: 100_000)
        await h.advance(to: 10)
        await h.post(["alertname": "B", "job": "x"], ends: 100_000)
        await h.advance(to: 30)
        // B joined during group_wait: sent with the first batch.
        #expect(h.sends() == [Sent(at: 30, alerts: ["A:firing", "B:firing"])])
        await h.advance(to: 100)
        await h.post(["alertname": "C", "job": "x"], ends: 100_000)
        await h.advance(to: 329)
        #expect(h.sends().count == 1)
        await h.advance(to: 330)
        #expect(h.sends().last == Sent(at: 330, alerts: ["A:firing", "B:firing", "C:firing"]))
    }

    @Test func alertOlderThanGroupWaitFlushesAtOnce() async throws {
        let h = try RouterHarness(simpleConfig())
        await h.advance(to: 1000)
        await h.post(["alertname": "Old"], starts: 900, ends: 100_000)
        await h.advance(to: 1000)
        #expect(h.sends() == [Sent(at: 1000, alerts: ["Old:firing"])])
        // Started only 10 s ago: waits for group_wait.
        await h.post(["alertname": "Young"], starts: 990, ends: 100_000)
        await h.advance(to: 1029)
        #expect(h.sends().count == 1)
        await h.advance(to: 1030)
        #expect(h.sends().last == Sent(at: 1030, alerts: ["Young:firing"]))
    }

    @Test func groupKeysAsAlertmanagerPrintsThem() async throws {
        let yaml = """
        route:
          receiver: default
          group_by: [alertname, job]
          routes:
            - receiver: crit
              matchers: ['severity="critical"']
        receivers:
          - name: default
          - name: crit
        """
        let h = try RouterHarness(yaml, notify: ["default", "crit"])
        await h.post(["alertname": "Down", "job": "api", "severity": "critical", "instance": "a"], ends: 100_000)
        await h.post(["alertname": "Down", "job": "api", "severity": "critical", "instance": "b"], ends: 100_000)
        await h.post(["alertname": "Down", "job": "db"], ends: 100_000)
        let keys = await h.router.groupViews().map(\.groupKey)
        #expect(keys == ["{}/{severity=\"critical\"}:{alertname=\"Down\", job=\"api\"}", "{}:{alertname=\"Down\", job=\"db\"}"])
        await h.advance(to: 30)
        #expect(h.notifiers["crit"]?.calls.first?.context.groupKey == "{}/{severity=\"critical\"}:{alertname=\"Down\", job=\"api\"}")
        #expect(h.notifiers["crit"]?.calls.first?.alerts.count == 2)
        #expect(h.notifiers["default"]?.calls.first?.context.groupLabels == Labels(["alertname": "Down", "job": "db"]))
    }

    @Test func groupByAllLabelsMakesAGroupPerLabelSet() async throws {
        let h = try RouterHarness(simpleConfig(groupBy: "['...']"))
        await h.post(["alertname": "A", "instance": "1"], ends: 100_000)
        await h.post(["alertname": "A", "instance": "2"], ends: 100_000)
        await h.post(["alertname": "A", "instance": "1"], ends: 100_000)
        let groups = await h.router.groupViews()
        #expect(groups.map(\.groupKey) == ["{}:{alertname=\"A\", instance=\"1\"}", "{}:{alertname=\"A\", instance=\"2\"}"])
        await h.advance(to: 30)
        #expect(h.sends().count == 2)
    }

    @Test func emptyGroupByPutsEverythingInOneGroup() async throws {
        let h = try RouterHarness(simpleConfig(groupBy: "[]"))
        await h.post(["alertname": "A"], ends: 100_000)
        await h.post(["alertname": "B"], ends: 100_000)
        #expect(await h.router.groupViews().map(\.groupKey) == ["{}:{}"])
    }

    @Test func continueRoutesProduceSeveralGroups() async throws {
        let yaml = """
        route:
          receiver: default
          group_by: [alertname]
          routes:
            - receiver: team
              matchers: ['team="a"']
              continue: true
            - receiver: pager
              matchers: ['severity="page"']
        receivers:
          - name: default
          - name: team
          - name: pager
        """
        let h = try RouterHarness(yaml, notify: ["default", "team", "pager"])
        await h.post(["alertname": "X", "team": "a", "severity": "page"], ends: 100_000)
        let groups = await h.router.groupViews()
        #expect(groups.map(\.receiver).sorted() == ["pager", "team"])
        await h.advance(to: 30)
        #expect(h.times("team") == [30])
        #expect(h.times("pager") == [30])
        #expect(h.times("default").isEmpty)
        let views = await h.router.alertViews()
        #expect(views.first?.receivers == ["pager", "team"])
    }

    @Test func exactRepeatIntervalEqualToGroupInterval() async throws {
        let h = try RouterHarness(simpleConfig(repeatInterval: "5m"))
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 30 + 3 * 300)
        #expect(h.times() == [30, 330, 630, 930])
    }

    @Test func upstreamRepeatDriftsToTwiceTheInterval() async throws {
        let h = try RouterHarness(simpleConfig(repeatInterval: "5m"), options: .upstream)
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 30 + 4 * 300)
        // Alertmanager's strict comparison: at each odd flush the last notification is exactly one
        // period old, which is not "before" now minus the period.
        #expect(h.times() == [30, 630, 1230])
    }

    @Test(arguments: [true, false])
    func repeatIntervalNotAMultipleWaitsForTheNextFlush(exact: Bool) async throws {
        var options = RouterOptions()
        options.exactRepeatInterval = exact
        let h = try RouterHarness(simpleConfig(repeatInterval: "12m"), options: options)
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 30 + 1800)
        // 12 minutes after 30 s is 750 s; the next flush is at 930, then 930 + 720 → 1830.
        #expect(h.times() == [30, 930, 1830])
        #expect(h.notifiers["default"]?.calls[1].context.reason == .repeatIntervalElapsed)
    }

    @Test func resolveTimeoutResolvesAnAlertThatStopsBeingSent() async throws {
        let h = try RouterHarness(simpleConfig(resolveTimeout: "2m"))
        await h.post(["alertname": "A"])
        await h.advance(to: 30)
        #expect(h.sends() == [Sent(at: 30, alerts: ["A:firing"])])
        await h.advance(to: 330)
        // Resolved at 120 by resolve_timeout; notified at the next flush, then the group is gone.
        #expect(h.sends().last == Sent(at: 330, alerts: ["A:resolved"]))
        #expect(await h.router.groupViews().isEmpty)
    }

    @Test func resendingKeepsAnAlertFiringPastResolveTimeout() async throws {
        let h = try RouterHarness(simpleConfig(resolveTimeout: "2m"))
        for t in stride(from: 0.0, through: 600, by: 60) {
            await h.advance(to: t)
            await h.post(["alertname": "A"])
        }
        await h.advance(to: 630)
        #expect(h.sends().allSatisfy { $0.alerts == ["A:firing"] })
    }

    @Test func resolvedAlertsAreRemovedAfterASuccessfulSend() async throws {
        let h = try RouterHarness(simpleConfig(groupBy: "[]"))
        await h.post(["alertname": "A"], ends: 100_000)
        await h.post(["alertname": "B"], ends: 100_000)
        await h.advance(to: 30)
        await h.post(["alertname": "B"], starts: 0, ends: 100)
        await h.advance(to: 330)
        #expect(h.sends().last == Sent(at: 330, alerts: ["A:firing", "B:resolved"]))
        #expect(await h.router.groupViews().first?.alerts.map(\.name) == ["A"])
        await h.advance(to: 930)
        #expect(h.sends().count == 2)
    }

    @Test func resolvedAlertsStayWhenTheSendFails() async throws {
        let h = try RouterHarness(simpleConfig())
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 30)
        await h.post(["alertname": "A"], starts: 0, ends: 60)
        h.notifiers["default"]?.failNext([NotifyFailure(retryable: false, message: "400 Bad Request")])
        await h.advance(to: 330)
        #expect(await h.router.groupViews().count == 1)
        #expect(await h.router.lastFailures.values.first?.description ==
            "default/webhook[0]: notify retry canceled due to unrecoverable error after 1 attempts: 400 Bad Request")
        await h.advance(to: 630)
        #expect(h.sends().map(\.alerts) == [["A:firing"], ["A:resolved"], ["A:resolved"]])
        #expect(await h.router.groupViews().isEmpty)
    }

    @Test func newGroupAfterRemovalWaitsGroupWaitAgain() async throws {
        let h = try RouterHarness(simpleConfig())
        await h.post(["alertname": "A"], ends: 60)
        await h.advance(to: 330)
        #expect(h.sends() == [Sent(at: 30, alerts: ["A:firing"]), Sent(at: 330, alerts: ["A:resolved"])])
        #expect(await h.router.groupViews().isEmpty)
        await h.advance(to: 400)
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 429)
        #expect(h.times() == [30, 330])
        await h.advance(to: 430)
        #expect(h.times() == [30, 330, 430])
    }

    @Test func aGroupWhoseOnlyAlertResolvedBeforeItsFirstFlushSendsNothing() async throws {
        let h = try RouterHarness(simpleConfig())
        await h.post(["alertname": "A"], ends: 10)
        await h.advance(to: 30)
        #expect(h.sends().isEmpty)
        #expect(await h.router.groupViews().isEmpty)
    }

    @Test func aResolvedAlertThatFiresAgainDuringAFlushIsKept() {
        let t0 = RouterHarness.t0
        var d = Dispatcher()
        let route = Route.tree(from: try! AlertmanagerConfig.parse(simpleConfig(), file: "test.yml").route)
        let resolved = Alert(labels: Labels(["alertname": "A"]), startsAt: t0, endsAt: t0, updatedAt: t0)
        d.insert(resolved, route: route, now: t0)
        let batch = d.beginFlush(d.due(at: t0.addingTimeInterval(30))[0], now: t0.addingTimeInterval(30))!
        var again = resolved
        again.endsAt = t0.addingTimeInterval(1000)
        again.updatedAt = t0.addingTimeInterval(31)
        d.insert(again, route: route, now: t0.addingTimeInterval(31))
        let (removed, group) = d.finishFlush(batch, succeeded: true)
        #expect(removed.isEmpty)
        #expect(group == nil)
        #expect(d.groups.count == 1)
    }

    @Test func sendResolvedFalseSendsNoResolvedAlerts() async throws {
        let h = try RouterHarness(simpleConfig(groupBy: "[]"), sendResolved: false)
        await h.post(["alertname": "A"], ends: 100_000)
        await h.post(["alertname": "B"], ends: 100_000)
        await h.advance(to: 30)
        await h.post(["alertname": "B"], starts: 0, ends: 40)
        // Only a resolution: nothing new to say to an integration without send_resolved.
        await h.advance(to: 330)
        #expect(h.sends() == [Sent(at: 30, alerts: ["A:firing", "B:firing"])])
        await h.post(["alertname": "C"], ends: 100_000)
        await h.advance(to: 630)
        #expect(h.sends().last == Sent(at: 630, alerts: ["A:firing", "C:firing"]))
        // All resolved: nothing is sent, the group still goes away.
        await h.post(["alertname": "A"], starts: 0, ends: 700)
        await h.post(["alertname": "C"], starts: 0, ends: 700)
        await h.advance(to: 930)
        #expect(h.sends().count == 2)
        #expect(await h.router.groupViews().isEmpty)
    }

    @Test func allResolvedIsNotifiedWithSendResolved() async throws {
        let h = try RouterHarness(simpleConfig())
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 30)
        await h.post(["alertname": "A"], starts: 0, ends: 50)
        await h.advance(to: 330)
        #expect(h.notifiers["default"]?.calls.last?.context.reason == .allAlertsResolved)
    }
}
