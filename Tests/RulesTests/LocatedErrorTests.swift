import Testing
import TimeSeries
@testable import Rules

/// Each class of broken input, in each form, must be reported at its exact `file:line:col` in the outer file.
@Suite struct LocatedErrorTests {
    enum Form: String, CaseIterable, Sendable {
        case plain, prometheusRule, configMap

        /// The line of the rule's `- ` and the column of its keys.
        var ruleLine: Int { switch self { case .plain: 4; case .prometheusRule: 9; case .configMap: 10 } }
        var keyColumn: Int { switch self { case .plain: 9; case .prometheusRule: 11; case .configMap: 13 } }

        func document(_ rule: [String]) -> String {
            switch self {
            case .plain:
                return (["groups:", "  - name: g", "    rules:"] + rule.map { "      " + $0 }).joined(separator: "\n") + "\n"
            case .prometheusRule:
                return ([
                    "apiVersion: monitoring.coreos.com/v1", "kind: PrometheusRule", "metadata:", "  name: r", "spec:",
                    "  groups:", "    - name: g", "      rules:",
                ] + rule.map { "        " + $0 }).joined(separator: "\n") + "\n"
            case .configMap:
                return ([
                    "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: cm", "data:", "  rules.yaml: |",
                    "    groups:", "      - name: g", "        rules:",
                ] + rule.map { "          " + $0 }).joined(separator: "\n") + "\n"
            }
        }
    }

    static let good = ["- alert: A", "  expr: up == 0", "  for: 5m", "  labels:", "    severity: page"]

    /// A broken rule, the message expected, and the position relative to the rule's `- ` line and key column.
    static let cases: [(name: String, rule: [String], message: String, line: Int, column: Int)] = [
        ("unknown field", ["- alert: A", "  expr: up == 0", "  fro: 5m"],
         "field fro not found in type rulefmt.Rule", 2, 0),
        ("bad duration", ["- alert: A", "  expr: up == 0", "  for: 5x"],
         "unknown unit \"x\" in duration \"5x\"", 2, 5),
        ("bad label name", ["- alert: A", "  expr: up == 0", "  labels:", "    __name__: x"],
         "group \"g\", rule 1, \"A\": invalid label name: __name__", 3, 2),
        ("bad expr", ["- alert: A", "  expr: up == ;"],
         "group \"g\", rule 1, \"A\": could not parse expression: 1:7: parse error: unexpected character: ';'", 1, 12),
        ("wrong type", ["- alert: A", "  expr: up == 0", "  labels: [a]"],
         "cannot unmarshal !!seq into map[string]string", 2, 8),
        ("wrong scalar type", ["- alert: A", "  expr: [up]"],
         "cannot unmarshal !!seq into string", 1, 6),
        ("bad yaml", ["- alert: A", "  expr: up == 0", "  for: 5m: x"],
         "yaml: mapping values are not allowed in this context", 2, 7),
        ("bad template", ["- alert: A", "  expr: up", "  annotations:", "    summary: 'down {{ $label.instance }}'"],
         "group \"g\", rule 1, \"A\": annotation \"summary\": template: __alert_A:1: undefined variable \"$label\"", 3, 20),
        ("record with for", ["- record: r", "  expr: up", "  for: 1m"],
         "group \"g\", rule 1, \"r\": invalid field 'for' in recording rule", 0, 8),
        ("both record and alert", ["- record: r", "  alert: A", "  expr: up"],
         "group \"g\", rule 1, \"A\": only one of 'record' and 'alert' must be set", 0, 8),
        ("duplicate key", ["- alert: A", "  expr: up", "  expr: down"],
         "mapping key \"expr\" already defined at line", 2, 0),
    ]

    @Test(arguments: Form.allCases) func goodRuleLoads(form: Form) {
        let result = Loading.load(form.document(Self.good))
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description))")
        #expect(result.ruleCount == 1)
        let rule = result.groups.first?.rules.first
        #expect(rule?.positions.value("expr") == SourcePosition(line: form.ruleLine + 1, column: form.keyColumn + 6))
        #expect(rule?.labels.first?.namePosition == SourcePosition(line: form.ruleLine + 4, column: form.keyColumn + 2))
    }

    @Test(arguments: Form.allCases) func brokenInputs(form: Form) {
        for c in Self.cases {
            let result = Loading.load(form.document(c.rule), file: "f.yaml")
            let expected = SourcePosition(line: form.ruleLine + c.line, column: form.keyColumn + c.column)
            #expect(result.errors.count == 1, "\(form) \(c.name): \(result.errors.map(\.shortDescription))")
            guard let issue = result.errors.first else { continue }
            #expect(issue.message.hasPrefix(c.message), "\(form) \(c.name): \(issue.message)")
            #expect(issue.position == expected, "\(form) \(c.name): \(issue.shortDescription)")
            #expect(issue.shortDescription.hasPrefix("f.yaml:\(expected.line):\(expected.column): "))
        }
    }

    @Test func descriptionShowsLineAndCaret() {
        let text = Form.plain.document(["- alert: A", "  expr: up == ;"])
        let issue = Loading.load(text, file: "rules.yaml").errors[0]
        let line = "        expr: up == ;"
        #expect(issue.description == "rules.yaml:5:21: group \"g\", rule 1, \"A\": could not parse expression: 1:7: parse error: unexpected character: ';'\n    \(line)\n    \(String(repeating: " ", count: 20))^")
    }

    @Test func literalBlockExpr() {
        let text = Form.plain.document(["- alert: A", "  expr: |", "    sum(rate(x[5m]))", "      > ;"])
        let issue = Loading.load(text).errors[0]
        #expect(issue.position == SourcePosition(line: 7, column: 15))
        #expect(issue.message.contains("could not parse expression: 2:5: parse error"))
    }

    @Test func literalBlockExprInConfigMap() {
        let text = Form.configMap.document(["- alert: A", "  expr: |", "    sum(rate(x[5m]))", "      > ;"])
        let issue = Loading.load(text).errors[0]
        #expect(issue.position == SourcePosition(line: 13, column: 19))
    }

    @Test func foldedBlockExpr() {
        let text = Form.prometheusRule.document(["- alert: A", "  expr: >", "    sum(rate(x[5m]))", "      > ;", "    or up"])
        let issue = Loading.load(text).errors[0]
        // `>` keeps the more-indented line on its own line: the expression's line 2 is file line 12.
        #expect(issue.position == SourcePosition(line: 12, column: 17))
        #expect(issue.message.contains("2:5:"))
    }

    @Test func foldedPlainLinesExpr() {
        let text = Form.plain.document(["- alert: A", "  expr: >", "    sum(rate(x[5m]))", "    > ;"])
        let issue = Loading.load(text).errors[0]
        // Folded into one line: `sum(rate(x[5m])) > ;`, ; at column 20 of the expression.
        #expect(issue.message.contains("1:20:"))
        #expect(issue.position == SourcePosition(line: 7, column: 13))
    }

    @Test func quotedExprs() {
        let double = Loading.load(Form.plain.document(["- alert: A", #"  expr: "up{job=\"a\"} == ;""#])).errors[0]
        #expect(double.position == SourcePosition(line: 5, column: 33))
        let single = Loading.load(Form.plain.document(["- alert: A", "  expr: 'up{job=''a''} == ;'"])).errors[0]
        #expect(single.position == SourcePosition(line: 5, column: 33))
        let multiline = Loading.load(Form.plain.document(["- alert: A", "  expr: up", "    == ;"])).errors[0]
        #expect(multiline.message.contains("1:7:"))
        #expect(multiline.position == SourcePosition(line: 6, column: 14))
    }

    @Test func nestedYAMLSyntaxError() {
        let text = Form.configMap.document(["- alert: A", "  expr: up", "  for: 5m: x"])
        let issue = Loading.load(text).errors[0]
        #expect(issue.position == SourcePosition(line: 12, column: 20))
    }

    @Test func topLevelErrors() {
        let unknown = Loading.load("group:\n  - name: x\n").errors
        #expect(unknown.map(\.shortDescription) == ["rules.yaml:1:1: field group not found in type rulefmt.RuleGroups"])
        let notMap = Loading.load("- a\n- b\n").errors
        #expect(notMap.map(\.shortDescription) == ["rules.yaml:1:1: cannot unmarshal !!seq into rulefmt.RuleGroups"])
        let groupNotMap = Loading.load("groups:\n  - x\n").errors
        #expect(groupNotMap.map(\.shortDescription) == ["rules.yaml:2:5: cannot unmarshal !!str `x` into rulefmt.RuleGroup"])
        let badLimit = Loading.load("groups:\n  - name: x\n    limit: abc\n").errors
        #expect(badLimit.map(\.shortDescription) == ["rules.yaml:3:12: cannot unmarshal !!str `abc` into int"])
        let emptyName = Loading.load("groups:\n  - name: \"\"\n    rules: []\n").errors
        #expect(emptyName.map(\.shortDescription) == ["rules.yaml:2:5: Groupname must not be empty"])
        let badGroupLabel = Loading.load("groups:\n  - name: x\n    labels:\n      __name__: y\n").errors
        #expect(badGroupLabel.map(\.shortDescription) == ["rules.yaml:4:7: invalid label name: __name__"])
    }

    @Test func allRuleErrorsAreCollected() {
        let text = """
            groups:
              - name: a
                rules:
                  - record: x{y="z"}
                    expr: up
                  - alert: B
                    expr: ;
              - name: a
                rules:
                  - expr: up
            """
        let result = Loading.load(text)
        #expect(result.errors.map(\.shortDescription) == [
            "rules.yaml:4:17: group \"a\", rule 1, \"x{y=\\\"z\\\"}\": braces present in the recording rule name; should it be in expr?: x{y=\"z\"}",
            "rules.yaml:7:15: group \"a\", rule 2, \"B\": could not parse expression: 1:1: parse error: unexpected character: ';'",
            "rules.yaml:8:5: groupname: \"a\" is repeated in the same file",
            "rules.yaml:10:9: group \"a\", rule 1, \"\": one of 'record' or 'alert' must be set",
        ])
    }

    @Test func legacyNames() {
        let text = Form.plain.document(["- record: a-b", "  expr: up", "  labels:", "    x-y: z"])
        #expect(Loading.load(text).isValid)
        let legacy = Loading.load(text, nameValidation: .legacy).errors.map(\.message)
        #expect(legacy == [
            "group \"g\", rule 1, \"a-b\": invalid recording rule name: a-b",
            "group \"g\", rule 1, \"a-b\": invalid label name: x-y",
        ])
    }

    @Test func getThrowsWithAllIssues() {
        let result = Loading.load(Form.plain.document(["- alert: A", "  expr: ;"]))
        #expect(throws: RuleLoadError.self) { try result.get() }
        #expect(throws: Never.self) { try Loading.load(Form.plain.document(Self.good)).get() }
    }
}
