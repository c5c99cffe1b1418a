import Testing
import TimeSeries
@testable import Rules

/// Smaller points of Prometheus's validation and of the duplicate lint.
@Suite struct ValidationDetailTests {
    @Test func utf8LabelNames() {
        let text = "groups:\n  - name: g\n    rules:\n      - record: \"my.metric\"\n        expr: up\n        labels:\n          __foo: a\n          \"ünïcode\": b\n"
        #expect(Loading.load(text).isValid)
        let empty = Loading.load("groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n        labels:\n          \"\": b\n")
        #expect(empty.errors.map(\.message) == ["group \"g\", rule 1, \"r\": invalid label name: "])
    }

    @Test func annotationsMayBeNamedName() {
        let text = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          __name__: a\n"
        #expect(Loading.load(text).isValid)
    }

    @Test func recordingRuleChecks() {
        let text = "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n        for: 0s\n        keep_firing_for: 1m\n        annotations:\n          a: b\n"
        #expect(Loading.load(text).errors.map(\.message) == [
            "group \"g\", rule 1, \"r\": invalid field 'annotations' in recording rule",
            "group \"g\", rule 1, \"r\": invalid field 'keep_firing_for' in recording rule",
        ])
    }

    @Test func templatesOnlyForAlertingRules() {
        let recording = "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n        labels:\n          x: \"{{ $nope }}\"\n"
        #expect(Loading.load(recording).isValid)
        let alerting = recording.replacingOccurrences(of: "record: r", with: "alert: r")
        #expect(Loading.load(alerting).errors.map(\.shortDescription) == [
            "rules.yaml:7:18: group \"g\", rule 1, \"r\": label \"x\": template: __alert_r:1: undefined variable \"$nope\"",
        ])
    }

    @Test func nullsAreZeroValues() {
        let result = Loading.load("groups:\n  - name: g\n    interval:\n    rules:\n      - alert: A\n        expr: up\n        for:\n        labels:\n          a:\n")
        #expect(result.isValid)
        let rule = result.groups.first?.rules.first
        #expect(rule?.for == nil)
        #expect(rule?.labels["a"] == "")
        #expect(result.groups.first?.interval == nil)
        let nullRule = Loading.load("groups:\n  - name: g\n    rules:\n      -\n")
        #expect(nullRule.errors.map(\.message) == [
            "group \"g\", rule 1, \"\": one of 'record' or 'alert' must be set",
            "group \"g\", rule 1, \"\": field 'expr' must be set in rule",
        ])
    }

    @Test func validatorFollowsLanguage() {
        func rule(_ expr: String) -> String { "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: '\(expr)'\n" }
        let promQL = rule("up == 1")
        let logQL = rule(#"sum(count_over_time({job="a"} |= "x" [5m])) > 0"#)
        #expect(Loading.load(promQL, language: .prometheus).isValid)
        #expect(Loading.load(logQL, language: .loki).isValid)
        #expect(!Loading.load(promQL, language: .loki).isValid)
        #expect(!Loading.load(logQL, language: .prometheus).isValid)
        // A loader without a validator for the file's language leaves its expressions unchecked.
        let unchecked = RuleLoader(options: .init(language: .loki, expressionValidators: [.prometheus: StandardValidators.promQL(.init())]))
        #expect(unchecked.load(text: promQL, fileName: "x").isValid)
    }

    @Test func duplicateLintMergesGroupLabels() {
        let text = """
            groups:
              - name: a
                labels:
                  team: x
                rules:
                  - record: r
                    expr: up
                  - record: r
                    expr: down
                    labels:
                      team: y
              - name: b
                rules:
                  - record: r
                    expr: other
                    labels:
                      team: x
                  - record: s
                    expr: up
            """
        let result = Loading.load(text)
        let duplicates = result.duplicateRules
        #expect(duplicates.count == 1)
        #expect(duplicates.first?.metric == "r")
        #expect(duplicates.first?.labels.map(\.name) == ["team"])
        #expect(duplicates.first?.labels.map(\.value) == ["x"])
        #expect(duplicates.first?.positions == [SourcePosition(line: 6, column: 9), SourcePosition(line: 14, column: 9)])
        let issues = DuplicateRuleLint.issues(duplicates, file: "rules.yaml", source: text)
        #expect(issues.map(\.shortDescription) == ["rules.yaml:14:9: duplicate rule r{team=\"x\"} (first defined at line 6)"])
    }

    @Test func duplicateLintIsPerRuleFile() {
        let crd = """
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            spec:
              groups:
                - name: g
                  rules:
                    - record: r
                      expr: up
            """
        let result = Loading.load(crd + "\n---\n" + crd)
        #expect(result.isValid)
        #expect(result.duplicateRules.isEmpty)
        #expect(DuplicateRuleLint.check(result.groups).count == 1)
    }
}

@Test func expressionErrorFromByteOffset() {
    let error = ExpressionError(message: "x", utf8Offset: 8, in: "ü == 1\n  ;")
    #expect(error.position == SourcePosition(line: 2, column: 1))
}
