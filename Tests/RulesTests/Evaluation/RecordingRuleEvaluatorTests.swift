import PromQL
import Testing
import TimeSeries
@testable import Rules

@Suite("Recording rules")
struct RecordingRuleEvaluatorTests {
    @Test func renamesAndRelabels() throws {
        let rule = RecordingRuleEvaluator(
            rule: recordingRule("job:requests:rate5m", "sum by (job, env) (rate(requests[5m]))", labels: ["env": "", "tier": "web"]),
            groupLabels: entries(["tier": "group", "team": "core"]))
        let out = try rule.evaluate([sample(["job": "api", "env": "prod"], 3, t: 42)])
        // The rule label wins over the group label; an empty label removes the series label.
        #expect(out == [InstantSample(
            labels: labels(["__name__": "job:requests:rate5m", "job": "api", "team": "core", "tier": "web"]), t: 42, value: 3)])
    }

    @Test func scalarResultsGetOnlyTheNameAndRuleLabels() throws {
        let rule = RecordingRuleEvaluator(name: "answer", expr: "42", labels: [Label("a", "b")])
        #expect(try rule.evaluate([InstantSample(labels: .empty, t: 5, value: 42)])
            == [InstantSample(labels: labels(["__name__": "answer", "a": "b"]), t: 5, value: 42)])
    }

    @Test func duplicateLabelSets() throws {
        let rule = RecordingRuleEvaluator(name: "r", expr: "{__name__=~\"a|b\"}")
        #expect(throws: RuleEvaluationError.duplicateRecordingLabelSet) {
            _ = try rule.evaluate([sample(["__name__": "a", "i": "0"], 1), sample(["__name__": "b", "i": "0"], 2)])
        }
        #expect(RuleEvaluationError.duplicateRecordingLabelSet.description
            == "vector contains metrics with the same labelset after applying rule labels")
    }

    @Test func limit() throws {
        let rule = RecordingRuleEvaluator(name: "r", expr: "x")
        let two = [sample(["i": "0"], 1), sample(["i": "1"], 1)]
        #expect(try rule.evaluate(two, limit: 2).count == 2)
        #expect(throws: RuleEvaluationError.seriesLimitExceeded(limit: 1, series: 2)) { _ = try rule.evaluate(two, limit: 1) }
        #expect(RuleEvaluationError.seriesLimitExceeded(limit: 1, series: 2).description == "exceeded limit of 1 with 2 series")
    }
}
