import Testing
import TimeSeries
@testable import Rules
@testable import RuleTesting

/// The rule files of `cmd/promtool/testdata` that `promtool check rules` reads, with what promtool prints.
@Suite struct PromtoolTestdataTests {
    static let dir = SharedData.conformance
    static let available = SharedData.available(dir, "VIGIL_CONFORMANCE_DIR", "RuleTestingTests.PromtoolTestdataTests")

    func load(_ file: String, ignoreUnknownFields: Bool = false) throws -> RuleLoadResult {
        var options = Loading.options
        options.ignoreUnknownFields = ignoreUnknownFields
        return RuleLoader(options: options).load(text: try SharedData.read("\(Self.dir!)/promtool/testdata/\(file)"), fileName: file)
    }

    @Test(.enabled(if: available)) func goodRules() throws {
        let result = try load("rules.yml")
        #expect(PromtoolRulesSummary.render(result) == .init(
            stdout: "Checking rules.yml\n  SUCCESS: 5 rules found\n\n", stderr: "", failed: false, hasErrors: false))
    }

    @Test(.enabled(if: available)) func undefinedTemplateVariable() throws {
        let result = try load("rules-bad.yml")
        #expect(result.errors.map(\.shortDescription) == [
            "rules-bad.yml:12:33: group \"alerts\", rule 1, \"InstanceDown\": annotation \"summary\": template: __alert_InstanceDown:1: undefined variable \"$label\"",
        ])
    }

    @Test(.enabled(if: available)) func lintDuplicate() throws {
        let output = PromtoolRulesSummary.render(try load("prometheus-rules.lint.yml"))
        #expect(output.stderr == """
              FAILED:
            lint error 1 duplicate rule(s) found.
            Metric: HighRequestLatency
            Label(s):
            \tseverity: page
            Might cause inconsistency while recording expressions

            """)
        #expect(output.failed && !output.hasErrors)
    }

    @Test(.enabled(if: available)) func duplicatesAcrossGroups() throws {
        let duplicates = try load("rules_duplicates.yml").duplicateRules
        #expect(duplicates.map(\.metric) == ["job:test:count_over_time1m"])
        #expect(duplicates[0].labels.isEmpty)
        #expect(duplicates[0].positions.map(\.line) == [6, 18, 23])
    }

    @Test(.enabled(if: available)) func largeFile() throws {
        let result = try load("rules_large.yml")
        #expect(result.isValid)
        #expect(DuplicateRuleLint.report(result.duplicateRules) == """
            2 duplicate rule(s) found.
            Metric: job:http_inprogress_requests:sum:1
            Label(s):
            \tjob: job1
            Metric: job:http_inprogress_requests:sum:10000
            Label(s):
            \tjob: job10000
            Might cause inconsistency while recording expressions
            """)
    }

    @Test(.enabled(if: available)) func extraFields() throws {
        #expect(try load("rules_extrafields.yml").errors.map(\.shortDescription) == [
            "rules_extrafields.yml:7:5: field namespace not found in type rulefmt.RuleGroup",
            "rules_extrafields.yml:21:5: field ownership not found in type rulefmt.RuleGroup",
        ])
        let ignoring = try load("rules_extrafields.yml", ignoreUnknownFields: true)
        #expect(ignoring.isValid)
        #expect(ignoring.ruleCount == 5)
    }
}
