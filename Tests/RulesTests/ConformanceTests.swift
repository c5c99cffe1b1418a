import Foundation
import Testing
import TimeSeries
@testable import Rules

/// `model/rulefmt/testdata` and `rules/fixtures` from Prometheus 3.14, with the verdicts upstream's tests give.
@Suite struct ConformanceTests {
    static let dir = SharedData.conformance
    static let available = SharedData.available(dir, "VIGIL_CONFORMANCE_DIR", "RulesTests.ConformanceTests")

    func load(_ relative: String, nameValidation: NameValidationScheme = .utf8) throws -> RuleLoadResult {
        let path = "\(Self.dir!)/\(relative)"
        return Loading.load(try SharedData.read(path), file: relative, nameValidation: nameValidation)
    }

    @Test(.enabled(if: available), arguments: [
        ("test.yaml", NameValidationScheme.utf8),
        ("test_aliases.yaml", .utf8),
        ("utf-8_lname.good.yaml", .utf8),
        ("utf-8_annotation.good.yaml", .utf8),
        ("legacy_validation_annotation.good.yaml", .legacy),
        ("legacy_validation_annotation.bad.yaml", .utf8),
    ])
    func rulefmtGood(file: String, scheme: NameValidationScheme) throws {
        let result = try load("rulefmt/testdata/\(file)", nameValidation: scheme)
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description))")
        #expect(result.warnings.isEmpty)
        #expect(result.files.count == 1)
    }

    @Test(.enabled(if: available), arguments: [
        ("duplicate_grp.bad.yaml", "groupname: \"yolo\" is repeated in the same file", NameValidationScheme.utf8),
        ("bad_expr.bad.yaml", "parse error", .utf8),
        ("record_and_alert.bad.yaml", "only one of 'record' and 'alert' must be set", .utf8),
        ("no_rec_alert.bad.yaml", "one of 'record' or 'alert' must be set", .utf8),
        ("noexpr.bad.yaml", "field 'expr' must be set in rule", .utf8),
        ("invalid_record_name.bad.yaml", "braces present in the recording rule name; should it be in expr?: strawberry{flavor=\"sweet\"}", .utf8),
        ("bad_field.bad.yaml", "field annotation not found", .utf8),
        ("invalid_label_name.bad.yaml", "invalid label name", .utf8),
        ("record_and_for.bad.yaml", "invalid field 'for' in recording rule", .utf8),
        ("record_and_keep_firing_for.bad.yaml", "invalid field 'keep_firing_for' in recording rule", .utf8),
        ("legacy_validation_annotation.bad.yaml", "invalid annotation name: ins-tance", .legacy),
    ])
    func rulefmtBad(file: String, message: String, scheme: NameValidationScheme) throws {
        let result = try load("rulefmt/testdata/\(file)", nameValidation: scheme)
        #expect(!result.isValid)
        let first = try #require(result.errors.first)
        #expect(first.message.contains(message), "\(first)")
        #expect(first.position != nil)
        #expect(result.files.isEmpty)
    }

    @Test(.enabled(if: available)) func rulefmtAllFilesCovered() {
        let files = SharedData.files(in: "\(Self.dir!)/rulefmt/testdata")
        #expect(files.count == 16)
    }

    @Test(.enabled(if: available)) func rulefmtExactPositions() throws {
        let cases: [(String, String)] = [
            ("duplicate_grp.bad.yaml", "rulefmt/testdata/duplicate_grp.bad.yaml:3:5: groupname: \"yolo\" is repeated in the same file"),
            ("bad_expr.bad.yaml", "rulefmt/testdata/bad_expr.bad.yaml:5:20: group \"yolo\", rule 1, \"yolo\": could not parse expression: 1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
            ("bad_field.bad.yaml", "rulefmt/testdata/bad_field.bad.yaml:8:9: field annotation not found in type rulefmt.Rule"),
            ("invalid_label_name.bad.yaml", "rulefmt/testdata/invalid_label_name.bad.yaml:7:11: group \"yolo\", rule 1, \"hola\": invalid label name: __name__"),
            ("record_and_for.bad.yaml", "rulefmt/testdata/record_and_for.bad.yaml:4:17: group \"yolo\", rule 1, \"Hello\": invalid field 'for' in recording rule"),
            ("noexpr.bad.yaml", "rulefmt/testdata/noexpr.bad.yaml:4:9: group \"yolo\", rule 1, \"ylo\": field 'expr' must be set in rule"),
        ]
        for (file, expected) in cases {
            let result = try load("rulefmt/testdata/\(file)")
            #expect(result.errors.map(\.shortDescription) == [expected])
        }
    }

    @Test(.enabled(if: available)) func aliasesResolve() throws {
        let result = try load("rulefmt/testdata/test_aliases.yaml")
        let expr = "sum without(instance) (rate(errors_total[5m]))\n/\nsum without(instance) (rate(requests_total[5m]))\n"
        for group in result.groups {
            #expect(group.rules[0].name == "HighAlert")
            #expect(group.rules[0].labels["severity"] == "critical")
            #expect(group.rules[0].annotations["description"] == "stuff's happening with {{ $.labels.service }}")
            #expect(group.rules[1].name == "new_metric")
            #expect(group.rules[1].kind == .recording)
            #expect(group.rules[2].name == "HighAlert")
            #expect(group.rules[3].name == "HighAlert2")
            #expect(group.rules[3].labels["severity"] == "critical")
            #expect(group.rules[3].for == PromDuration(seconds: 300))
            for rule in group.rules { #expect(rule.expr == expr) }
        }
        #expect(result.ruleCount == 8)
    }

    @Test(.enabled(if: available)) func testYAMLModel() throws {
        let result = try load("rulefmt/testdata/test.yaml")
        let groups = result.groups
        #expect(groups.map(\.name) == ["my-group-name", "my-another-name"])
        #expect(groups[0].interval == PromDuration(seconds: 30))
        let rule = groups[0].rules[0]
        #expect(rule.kind == .alerting)
        #expect(rule.for == PromDuration(seconds: 300))
        #expect(rule.positions.value("expr") == SourcePosition(line: 6, column: 15))
        #expect(rule.positions.key("for") == SourcePosition(line: 10, column: 9))
        #expect(rule.labels[0].namePosition == SourcePosition(line: 12, column: 11))
        #expect(groups[0].rules[1].labels.map(\.name) == ["abc", "uvw"])
        // Inside the literal block: line 3 of the expression is file line 9, after 10 columns of indentation.
        #expect(rule.position(inExpr: SourcePosition(line: 3, column: 5)) == SourcePosition(line: 9, column: 15))
        #expect(result.ruleCount == 6)
    }

    @Test(.enabled(if: available)) func ruleFixtures() throws {
        let files = SharedData.files(in: "\(Self.dir!)/rules/fixtures")
        #expect(files.count == 15)
        for file in files {
            let result = try load("rules/fixtures/\(file)")
            switch file {
            case "invalid_rules.yaml":
                #expect(result.errors.map(\.shortDescription) == [
                    "rules/fixtures/invalid_rules.yaml:6:9: field unexpected_field not found in type rulefmt.Rule",
                ])
            case "rules_multi_doc.yaml":
                #expect(result.isValid)
                #expect(result.groups.map(\.name) == ["multi_doc"])
                #expect(result.warnings.map(\.message) == [RuleLoader.multipleDocumentsWarning])
            default:
                #expect(result.isValid, "\(file): \(result.errors.map(\.description))")
                #expect(result.warnings.isEmpty, "\(file)")
                #expect(result.ruleCount > 0, "\(file)")
            }
        }
    }
}
