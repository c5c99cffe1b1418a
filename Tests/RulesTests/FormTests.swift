import Testing
import TimeSeries
@testable import Rules

/// Form detection, several documents, `kind: List`, and what each form accepts.
@Suite struct FormTests {
    static let crd = """
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata:
          name: one
          namespace: mon
        spec:
          groups:
            - name: g
              partial_response_strategy: warn
              labels:
                team: a
              rules:
                - record: r
                  expr: up
        """

    @Test func detectsForms() {
        #expect(RuleFileForm.detect(text: "groups: []\n") == .plain)
        #expect(RuleFileForm.detect(text: Self.crd) == .prometheusRule)
        #expect(RuleFileForm.detect(text: "kind: ConfigMap\n") == .configMap)
        #expect(RuleFileForm.detect(text: "kind: List\nitems: []\n") == .list)
        #expect(RuleFileForm.detect(text: "kind: Deployment\n") == .otherManifest)
        #expect(RuleFileForm.detect(text: "# nothing\n") == .empty)
    }

    @Test func prometheusRuleModel() throws {
        let result = Loading.load(Self.crd)
        #expect(result.errors.isEmpty)
        let file = try #require(result.files.first)
        #expect(file.origin == .prometheusRule(name: "one", namespace: "mon", document: 1))
        #expect(file.position == SourcePosition(line: 7, column: 3))
        #expect(file.groups[0].partialResponseStrategy == "warn")
        #expect(file.groups[0].labels["team"] == "a")
        #expect(file.groups[0].rules[0].kind == .recording)
    }

    @Test func operatorFieldOnlyInManifests() {
        let plain = Loading.load("groups:\n  - name: g\n    partial_response_strategy: warn\n")
        #expect(plain.errors.map(\.shortDescription) == ["rules.yaml:3:5: field partial_response_strategy not found in type rulefmt.RuleGroup"])
    }

    @Test func unknownFieldsInSpec() {
        let text = Self.crd.replacingOccurrences(of: "  groups:", with: "  extra: 1\n  groups:")
            .replacingOccurrences(of: "      rules:", with: "      rulez: []\n      rules:")
        let result = Loading.load(text)
        #expect(result.errors.map(\.shortDescription) == [
            "rules.yaml:7:3: field extra not found in type v1.PrometheusRuleSpec",
            "rules.yaml:13:7: field rulez not found in type rulefmt.RuleGroup",
        ])
    }

    @Test func wrongAPIVersion() {
        let text = Self.crd.replacingOccurrences(of: "monitoring.coreos.com/v1", with: "monitoring.coreos.com/v2")
        #expect(Loading.load(text).errors.map(\.shortDescription) == [
            "rules.yaml:1:13: unsupported apiVersion \"monitoring.coreos.com/v2\" for kind PrometheusRule (want monitoring.coreos.com/v1)",
        ])
    }

    @Test func severalManifests() {
        let second = Self.crd.replacingOccurrences(of: "name: one", with: "name: two")
        let text = Self.crd + "\n---\n" + second + "\n---\nkind: Service\nmetadata:\n  name: s\n"
        let result = Loading.load(text)
        #expect(result.errors.isEmpty)
        #expect(result.files.count == 2)
        #expect(result.files.map(\.origin) == [
            .prometheusRule(name: "one", namespace: "mon", document: 1),
            .prometheusRule(name: "two", namespace: "mon", document: 2),
        ])
        // Same group name in two manifests is fine: each is its own rule file.
        #expect(result.groups.map(\.name) == ["g", "g"])
        #expect(result.warnings.map(\.shortDescription) == ["rules.yaml:31:1: kind Service holds no rules; skipped"])
        // Positions keep counting across documents.
        #expect(result.files[1].groups[0].rules[0].positions.value("expr") == SourcePosition(line: 29, column: 17))
    }

    @Test func list() {
        let items = Self.crd.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        let text = "apiVersion: v1\nkind: List\nitems:\n  -\n" + items + "\n"
        let result = Loading.load(text)
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description))")
        #expect(result.ruleCount == 1)
        #expect(result.files.first?.groups.first?.rules.first?.positions.value("expr") == SourcePosition(line: 18, column: 21))
    }

    @Test func configMapSkipsOtherEntries() {
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cm
            data:
              README: "not rules"
              a.yaml: |
                groups:
                  - name: a
                    rules:
                      - alert: X
                        expr: "up == 0"
              b.yml: "groups: [{name: b, rules: [{record: r, expr: ;}]}]"
            """
        let result = Loading.load(text)
        #expect(result.files.count == 1)
        #expect(result.warnings.map(\.shortDescription) == ["rules.yaml:6:3: ConfigMap cm key README holds no rule groups; skipped"])
        // The flow-style nested file in a double-quoted scalar: mapped by offset.
        #expect(result.errors.map(\.shortDescription) == [
            "rules.yaml:13:56: group \"b\", rule 1, \"r\": could not parse expression: 1:1: parse error: unexpected character: ';'",
        ])
    }

    @Test func plainMultiDocumentKeepsFirst() {
        let result = Loading.load("groups:\n  - name: a\n---\ngroups:\n  - name: b\n")
        #expect(result.groups.map(\.name) == ["a"])
        #expect(result.warnings.map(\.message) == [RuleLoader.multipleDocumentsWarning])
        #expect(result.isValid)
    }

    @Test func emptyFiles() {
        for text in ["", "# comment only\n", "---\n", "groups:\n"] {
            let result = Loading.load(text)
            #expect(result.isValid, "\(text)")
            #expect(result.ruleCount == 0)
        }
    }

    @Test func yamlSyntaxErrorAtStart() {
        let result = Loading.load("groups:\n  - name: [\n")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.hasPrefix("yaml: ") == true)
    }

    @Test func ignoreUnknownFields() {
        var options = Loading.options
        options.ignoreUnknownFields = true
        let result = RuleLoader(options: options).load(text: "groups:\n  - name: a\n    extra: 1\n", fileName: "x")
        #expect(result.isValid)
    }

    @Test func durationsAndLimits() throws {
        let result = Loading.load("groups:\n  - name: a\n    interval: 1m30s\n    query_offset: 10s\n    limit: 0x10\n    rules:\n      - alert: A\n        expr: up\n        keep_firing_for: 5m\n")
        let g = try #require(result.groups.first)
        #expect(g.interval == PromDuration(seconds: 90))
        #expect(g.queryOffset == PromDuration(seconds: 10))
        #expect(g.limit == 16)
        #expect(g.rules[0].keepFiringFor == PromDuration(seconds: 300))
    }

    @Test func loaderReadsPaths() {
        let missing = RuleLoader().load(contentsOf: "/nonexistent/rules.yaml")
        #expect(missing.errors.count == 1)
        #expect(missing.errors.first?.position == nil)
    }

    @Test func configMapWithEscapedNewlines() {
        let text = "apiVersion: v1\nkind: ConfigMap\ndata:\n" + #"  rules.yaml: "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == ;\n""# + "\n"
        let result = Loading.load(text)
        #expect(result.errors.map(\.position) == [SourcePosition(line: 4, column: 76)])
        #expect(result.errors.first?.message.contains("could not parse expression: 1:7:") == true)
    }

    @Test func configMapWithStrippedLiteral() {
        // `|-` (no final line break), and a nested file without a `kind:` header line before `data`.
        let text = """
            kind: ConfigMap
            data:
              r.yaml: |-
                groups:
                - name: g
                  rules:
                  - record: r
                    expr: ;
            """
        let result = Loading.load(text)
        #expect(result.errors.map(\.position) == [SourcePosition(line: 8, column: 15)])
    }

    @Test func crlfLineEndings() {
        let text = "groups:\r\n  - name: g\r\n    rules:\r\n      - alert: A\r\n        expr: |\r\n          up\r\n            == ;\r\n"
        let result = Loading.load(text)
        #expect(result.errors.map(\.position) == [SourcePosition(line: 7, column: 16)])
    }
}
