import Foundation
import Testing
@testable import RuleTesting

/// Upstream's promtool unit-test files, with the verdicts upstream's own tests expect
/// (`cmd/promtool/unittest_test.go`) and the failure messages promtool prints for them.
@Suite struct PromtoolUnitTestFilesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var run: [String] = []
        var ignoreUnknownFields = false
        var passes: Bool
        /// Test groups that fail, and failure messages in all (promtool prints one block per message).
        var failedGroups: Int
        var failures: Int
        var testDescription: String { "\(file) \(run)" }
    }

    static let cases: [Case] = [
        Case(file: "unittest.yml", passes: true, failedGroups: 0, failures: 0),
        Case(file: "long-period.yml", passes: true, failedGroups: 0, failures: 0),
        Case(file: "at-modifier-test.yml", passes: true, failedGroups: 0, failures: 0),
        Case(file: "negative-offset-test.yml", passes: true, failedGroups: 0, failures: 0),
        Case(file: "no-test-group-interval.yml", passes: true, failedGroups: 0, failures: 0),
        Case(file: "start-time-test.yml", passes: true, failedGroups: 0, failures: 0),
        // Debian's promtool prints the same four blocks for failing.yml.
        Case(file: "failing.yml", passes: false, failedGroups: 2, failures: 4),
        Case(file: "bad-input-series.yml", passes: false, failedGroups: 1, failures: 1),
        Case(file: "bad-promql.yml", passes: false, failedGroups: 1, failures: 1),
        Case(file: "bad-rules-syntax-test.yml", passes: false, failedGroups: 1, failures: 1),
        Case(file: "bad-rules-error-test.yml", passes: false, failedGroups: 1, failures: 1),
        Case(file: "rules_run.yml", passes: false, failedGroups: 1, failures: 1),
        Case(file: "rules_run.yml", run: ["correct", "wrong"], passes: false, failedGroups: 1, failures: 1),
        Case(file: "rules_run.yml", run: ["correct"], passes: true, failedGroups: 0, failures: 0),
        Case(file: "rules_run.yml", run: ["wrong"], passes: false, failedGroups: 1, failures: 1),
        Case(file: "rules_run_extrafields.yml", ignoreUnknownFields: true, passes: true, failedGroups: 0, failures: 0),
        Case(file: "rules_run_extrafields.yml", passes: false, failedGroups: 1, failures: 1),
        Case(file: "rules_run_no_fuzzy.yml", passes: false, failedGroups: 1, failures: 2),
        Case(file: "rules_run_fuzzy.yml", run: ["correct"], passes: true, failedGroups: 0, failures: 0),
        Case(file: "rules_run_fuzzy.yml", run: ["wrong"], passes: false, failedGroups: 1, failures: 2),
    ]

    static var testdata: URL? {
        guard let dir = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"] else {
            print("SKIPPED PromtoolUnitTestFilesTests: VIGIL_CONFORMANCE_DIR is not set")
            return nil
        }
        return URL(fileURLWithPath: dir).appendingPathComponent("promtool/testdata")
    }

    @Test(.enabled(if: testdata != nil, "needs VIGIL_CONFORMANCE_DIR"), arguments: cases)
    func verdictAndFailureCount(_ c: Case) async throws {
        let dir = try #require(Self.testdata)
        var options = RuleTestOptions()
        options.run = c.run
        options.ignoreUnknownFields = c.ignoreUnknownFields
        let result = await RuleTestRunner(options: options).run(file: dir.appendingPathComponent(c.file).path)
        #expect(result.passed == c.passes, "\(result.failures)")
        #expect(result.groups.filter { !$0.passed }.count + (result.fileErrors.isEmpty ? 0 : 1) == c.failedGroups, "\(result.failures)")
        #expect(result.failures.count == c.failures, "\(result.failures)")
    }

    @Test(.enabled(if: testdata != nil, "needs VIGIL_CONFORMANCE_DIR"))
    func failingFilePrintsPromtoolsText() async throws {
        let dir = try #require(Self.testdata)
        let result = await RuleTestRunner().run(file: dir.appendingPathComponent("failing.yml").path)
        #expect(result.failures.first == """
                name: Failing test,
                alertname: Test, time: 0s, 
                    exp:[
                        0:
                          Labels:{alertname="Test"}
                          Annotations:{}
                        ], 
                    got:[]
            """)
        #expect(result.failures[1] == """
                expr: "test", time: 0s,
                    exp: {__name__="test"} 1E+00
                    got: {__name__="test"} 0E+00
            """)
    }
}
