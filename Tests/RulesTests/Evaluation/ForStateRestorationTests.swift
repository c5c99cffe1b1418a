import PromQL
import Testing
import TimeSeries
@testable import Rules

struct RestoreCase: Sendable, CustomTestStringConvertible {
    let name: String
    let holdMinutes: Int64
    /// The restored `activeAt`, in minutes.
    let expectedActiveAt: Int64
    var testDescription: String { name }
}

@Suite("Restoring for state")
struct ForStateRestorationTests {
    /// A first process evaluates from 0 to 10m (active since 0) and stops; a second starts unrestored,
    /// evaluates at 20m and 21m, and restores at 21m with the default 10m grace period.
    @Test(arguments: [
        RestoreCase(name: "the outage does not count as pending time", holdMinutes: 30, expectedActiveAt: 11),
        RestoreCase(name: "at least the grace period is left to wait", holdMinutes: 15, expectedActiveAt: 16),
        RestoreCase(name: "an alert that was firing keeps its activeAt", holdMinutes: 10, expectedActiveAt: 0),
        RestoreCase(name: "a for shorter than the grace period is not restored", holdMinutes: 5, expectedActiveAt: 20),
    ])
    func restore(_ c: RestoreCase) throws {
        #expect(try restoredActiveAt(holdMinutes: c.holdMinutes, team: "db") == c.expectedActiveAt * minute)
    }

    /// Upstream looks the series up by the alert's labels, but writes them from the unexpanded rule labels
    /// overlaid with the alert's: a templated rule label that expands to nothing keeps its template text in
    /// the series, which then matches no alert.
    @Test func aTemplatedLabelThatExpandsToNothingPreventsRestoring() throws {
        #expect(try restoredActiveAt(holdMinutes: 30, team: nil) == 20 * minute)
    }

    private func restoredActiveAt(holdMinutes: Int64, team: String?) throws -> Int64? {
        let store = SharedSeriesStore()
        let series = team.map { labels(["instance": "a", "team": $0]) } ?? labels(["instance": "a"])
        let querier = ScriptedQuerier { _, t in [InstantSample(labels: series, t: t, value: 1)] }
        let group = RuleGroup(name: "g", rules: [
            alertingRule("A", "up == 0", for: holdMinutes * minute, labels: ["severity": "page", "owner": "{{ $labels.team }}"]),
        ])
        var appender = store
        var first = RuleGroupEvaluator(group: group, options: groupOptions())
        for m: Int64 in 0...10 { first.evaluateSynchronously(at: m * minute, querier: querier, appender: &appender) }

        var second = RuleGroupEvaluator(group: group, options: groupOptions(restored: false))
        let before = store.snapshot.sampleCount
        second.evaluateSynchronously(at: 20 * minute, querier: querier, appender: &appender)
        second.evaluateSynchronously(at: 21 * minute, querier: querier, appender: &appender)
        #expect(store.snapshot.sampleCount == before, "nothing is written before restoration")
        #expect(second.alertingRules[0].alerts.first?.activeAt == 20 * minute)

        second.restoreForState(from: store, at: 21 * minute)
        let rule = second.alertingRules[0]
        #expect(rule.state.restored)
        return rule.alerts.first?.activeAt
    }

    @Test func matchersSkipTemplatedLabels() {
        let rule = AlertingRuleEvaluator(definition: .init(
            name: "A", expr: "x", labels: [Label("severity", "page"), Label("owner", "{{ $labels.team }}"), Label("gone", "")]))
        #expect(rule.forStateMatchers.map(\.description) == [
            "__name__=\"ALERTS_FOR_STATE\"", "alertname=\"A\"", "severity=\"page\"",
        ])
    }

    @Test func staleSeriesAreNotRestored() throws {
        var rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x", holdDuration: 30 * minute), state: .init(restored: false))
        _ = try rule.evaluate([sample(["i": "0"], 1)], at: 20 * minute, templates: fakeTemplates)
        let series = SeriesPoints(
            labels: labels(["__name__": "ALERTS_FOR_STATE", "alertname": "A", "i": "0"]),
            floats: [Sample(t: 9 * minute, v: 0), Sample(t: 10 * minute, v: StaleNaN.value)])
        rule.restoreForState(from: [series], at: 20 * minute, forGracePeriod: 10 * minute)
        #expect(rule.alerts.first?.activeAt == 20 * minute)
        #expect(rule.state.restored)
    }
}
