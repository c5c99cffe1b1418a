import Foundation
import Testing
import TimeSeries
@testable import Rules
import VigilTesting

/// The rule manager: starting groups, reloads that keep state, staleness markers for what disappears.
@Suite("Ruler")
struct RulerTests {
    static let start: Int64 = 1_700_000_000_000

    final class Setup: Sendable {
        let clock = ManualClock(milliseconds: RulerTests.start)
        let writer = RecordingWriter()
        let alerts = CapturingAlertSender()
        let store = InMemoryRuleStateStore()
        let querier = ScriptedRemoteQuerier { expr, t in
            switch expr {
            case "sum(up)": return [sample([:], 2, t: t)]
            case "up == 0": return [sample(["__name__": "up", "instance": "a"], 0, t: t)]
            default: return []
            }
        }

        func ruler() -> Ruler {
            Ruler(options: runnerOptions()) { datasource in
                guard datasource == "prometheus" else { return nil }
                return .init(querier: self.querier, writer: self.writer, alerts: self.alerts, stateStore: self.store, clock: self.clock)
            }
        }
    }

    static func definition(_ rules: [Rule], name: String = "g", datasource: String = "prometheus") -> Ruler.GroupDefinition {
        .init(file: "rules.yaml", group: group(name, rules), language: .prometheus, datasource: datasource)
    }

    @Test func unknownDatasourceIsReportedAndOtherGroupsRun() async {
        let s = Setup()
        let ruler = s.ruler()
        let problems = await ruler.apply([Self.definition([alertingRule("A", "up == 0")]),
                                          Self.definition([alertingRule("B", "up == 0")], name: "h", datasource: "loki")])
        #expect(problems == [#"rules.yaml: group "h": unknown datasource "loki""#])
        #expect(await ruler.snapshots().map(\.key.name) == ["g"])
        await ruler.stop()
    }

    @Test func reloadKeepsAlertStateAndMarksOrphanedSeriesStale() async throws {
        let s = Setup()
        let ruler = s.ruler()
        let alert = alertingRule("Down", "up == 0", for: 2 * minute)
        await ruler.apply([Self.definition([recordingRule("job:up:sum", "sum(up)"), alert])])
        await s.clock.waitForSleepers(1)
        #expect(await ruler.isReady())
        await s.clock.advance(byMilliseconds: 4 * minute)
        let before = try #require(await ruler.snapshots().first?.rules[1].alerts.first)
        #expect(before.state == .firing)

        // The recording rule is removed: the alert keeps its state, `job:up:sum` gets a staleness marker.
        let writtenBefore = await s.writer.samples.count
        await ruler.apply([Self.definition([alert])])
        let after = try #require(await ruler.snapshots().first?.rules[0].alerts.first)
        #expect(after.activeAt == before.activeAt)
        #expect(after.state == .firing)
        let stale = await s.writer.samples.dropFirst(writtenBefore).filter { StaleNaN.isStale($0.value) }
        #expect(stale.map { $0.labels[Label.metricName] } == ["job:up:sum"])

        // An unchanged definition leaves the running group alone.
        let runner = await ruler.runner(RuleGroupKey(file: "rules.yaml", name: "g"))
        await ruler.apply([Self.definition([alert])])
        #expect(await ruler.runner(RuleGroupKey(file: "rules.yaml", name: "g")) === runner)

        // Removing the group marks its series stale and forgets its saved state.
        await s.clock.waitForSleepers(1)
        await s.clock.advance(byMilliseconds: minute)
        let beforeRemoval = await s.writer.samples.count
        await ruler.apply([])
        let names = Set(await s.writer.samples.dropFirst(beforeRemoval).filter { StaleNaN.isStale($0.value) }.compactMap { $0.labels[Label.metricName] })
        #expect(names == ["ALERTS", "ALERTS_FOR_STATE"])
        #expect(await s.store.keys.isEmpty)
        #expect(await ruler.snapshots().isEmpty)
    }
}
