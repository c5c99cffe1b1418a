import Foundation
import Testing
import TimeSeries
@testable import Routing

@Suite struct InhibitorTests {
    static func inhibitor(_ rule: String) throws -> Inhibitor {
        let config = try AlertmanagerConfig.parse(simpleConfig(extra: "inhibit_rules:\n" + rule), file: "test.yml")
        return Inhibitor(rules: config.inhibitRules)
    }

    let t0 = RouterHarness.t0
    func alert(_ d: [String: String], ends: Double = 1e6) -> Alert {
        Alert(labels: Labels(d), startsAt: t0, endsAt: t0.addingTimeInterval(ends), updatedAt: t0)
    }

    static let severityRule = """
      - source_matchers: ['severity="critical"']
        target_matchers: ['severity="warning"']
        equal: [cluster]
    """

    @Test func firingSourceWithEqualLabelsInhibits() throws {
        let ih = try Self.inhibitor(Self.severityRule)
        let source = alert(["alertname": "Down", "severity": "critical", "cluster": "a"])
        ih.observe(source)
        #expect(ih.inhibitor(of: Labels(["alertname": "Slow", "severity": "warning", "cluster": "a"]), now: t0) == source.fingerprint)
        #expect(ih.inhibitor(of: Labels(["alertname": "Slow", "severity": "warning", "cluster": "b"]), now: t0) == nil)
        // Not a target.
        #expect(ih.inhibitor(of: Labels(["alertname": "Slow", "severity": "info", "cluster": "a"]), now: t0) == nil)
    }

    @Test func labelMissingOnBothSidesCountsAsEqual() throws {
        let ih = try Self.inhibitor(Self.severityRule)
        ih.observe(alert(["alertname": "Down", "severity": "critical"]))
        #expect(ih.inhibitor(of: Labels(["alertname": "Slow", "severity": "warning"]), now: t0) != nil)
        #expect(ih.inhibitor(of: Labels(["alertname": "Slow", "severity": "warning", "cluster": "a"]), now: t0) == nil)
    }

    @Test func onlyFiringSourcesInhibit() throws {
        let ih = try Self.inhibitor(Self.severityRule)
        ih.observe(alert(["alertname": "Down", "severity": "critical", "cluster": "a"], ends: 100))
        let target = Labels(["alertname": "Slow", "severity": "warning", "cluster": "a"])
        #expect(ih.inhibitor(of: target, now: t0.addingTimeInterval(99)) != nil)
        #expect(ih.inhibitor(of: target, now: t0.addingTimeInterval(100)) == nil)
        ih.collect(now: t0.addingTimeInterval(100))
        #expect(ih.sourceCount == 0)
    }

    @Test func noSelfInhibition() throws {
        // Every alert with a severity is both source and target.
        let ih = try Self.inhibitor("""
          - source_matchers: ['severity=~".+"']
            target_matchers: ['severity=~".+"']
            equal: [alertname]
        """)
        let a = alert(["alertname": "X", "severity": "critical"])
        ih.observe(a)
        #expect(ih.inhibitor(of: a.labels, now: t0) == nil)
        // Another alert matching both sides cannot inhibit it either.
        ih.observe(alert(["alertname": "X", "severity": "warning"]))
        #expect(ih.inhibitor(of: a.labels, now: t0) == nil)
    }

    @Test func sourceOnlyAlertInhibitsATwoSidedTarget() throws {
        let ih = try Self.inhibitor("""
          - source_matchers: ['alertname="NodeDown"']
            target_matchers: ['team="infra"']
        """)
        let source = alert(["alertname": "NodeDown"])
        ih.observe(source)
        // The target matches the source side too, but the source alert does not match the target side.
        let target = Labels(["alertname": "NodeDown", "team": "infra"])
        ih.observe(alert(["alertname": "NodeDown", "team": "infra"]))
        #expect(ih.inhibitor(of: target, now: t0) == source.fingerprint)
    }

    @Test func inhibitedAlertsAreNotNotifiedAndAreMarked() async throws {
        let h = try RouterHarness(simpleConfig(groupBy: "[alertname]", extra: "inhibit_rules:\n" + Self.severityRule))
        await h.post(["alertname": "Down", "severity": "critical", "cluster": "a"], ends: 500)
        await h.post(["alertname": "Slow", "severity": "warning", "cluster": "a"], ends: 100_000)
        await h.advance(to: 30)
        #expect(h.sends() == [Sent(at: 30, alerts: ["Down:firing"])])
        let slow = await h.router.alertViews().first { $0.alert.name == "Slow" }
        #expect(slow?.status.state == .suppressed)
        #expect(slow?.status.inhibitedBy == [AlertFingerprint(Labels(["alertname": "Down", "severity": "critical", "cluster": "a"])).description])
        // The source resolves at 500: the target goes out at its group's next flush.
        await h.advance(to: 630)
        #expect(h.sends().contains(Sent(at: 630, alerts: ["Slow:firing"])))
    }
}
