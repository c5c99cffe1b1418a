@testable import Rules
import Testing
@testable import RuleTesting

@Suite("promtool failure lines")
struct PromtoolFailureMessageTests {
    @Test(arguments: [
        (Int64(0), "0s"), (500, "500ms"), (1500, "1.5s"), (60_000, "1m0s"), (61_050, "1m1.05s"),
        (3_600_000, "1h0m0s"), (3_630_000, "1h0m30s"), (-2000, "-2s"), (90_000_000, "25h0m0s"),
    ])
    func goDurations(_ ms: Int64, _ text: String) {
        #expect(GoDurationText.format(milliseconds: ms) == text)
    }

    @Test func line() {
        let failure = RuleGroupEvaluation.Failure(ruleIndex: 0, ruleName: "job:x", error: .query(message: "boom"))
        #expect(failure.promtoolDescription(evaluationTime: 5 * minute) == "    rule: job:x, time: 5m0s, err: boom")
    }
}
