import Testing
import TimeSeries
@testable import Rules

/// Every character of every expression and label/annotation value maps back to the same character in the file.
@Suite struct ScalarSourceMapTests {
    /// Checks that each non-blank character of `value` sits at its mapped position in `source`.
    static func mismatches(_ value: String, _ map: ScalarSourceMap?, in lines: [[Unicode.Scalar]]) -> [String] {
        guard let map else { return ["no map"] }
        var out: [String] = []
        for (i, s) in value.unicodeScalars.enumerated() where s != " " && s != "\n" {
            let p = map.outerPosition(ofScalarAt: i)
            guard lines.indices.contains(p.line - 1), lines[p.line - 1].indices.contains(p.column - 1) else {
                out.append("\(i) \(s) -> \(p) outside"); continue
            }
            let found = lines[p.line - 1][p.column - 1]
            if found != s && found != "\\" { out.append("\(i) \(s) -> \(p) holds \(found)") }
        }
        return out
    }

    static func check(_ text: String, language: QueryLanguage = .prometheus) -> [String] {
        let result = Loading.loadUnchecked(text, language: language)
        let lines = Array(YAMLDocument(text: text).lines)
        var out: [String] = result.errors.map(\.description)
        for rule in result.groups.flatMap(\.rules) {
            out += mismatches(rule.expr, rule.exprSourceMap, in: lines).map { "\(rule.name) expr: \($0)" }
            for entry in rule.labels + rule.annotations {
                out += mismatches(entry.value, entry.valueSourceMap, in: lines).map { "\(rule.name) \(entry.name): \($0)" }
            }
        }
        return out
    }

    @Test func styles() {
        let text = """
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: >-
                      a

                      b
                        c
                      d
                    annotations:
                      plain: one
                        two

                        three
                      single: 'it''s
                        here'
                      double: "tab\\there \\u00e9 \\
                        joined"
                      keep: |+
                        x

                      indented: |2
                          y
                        z
                  - alert: B
                    expr: "sum(x)\\n  > 1"
            """
        #expect(Self.check(text) == [])
        let rule = Loading.loadUnchecked(text).groups[0].rules[0]
        #expect(rule.expr == "a\nb\n  c\nd")
        #expect(rule.annotations["plain"] == "one two\nthree")
        #expect(rule.annotations["double"] == "tab\there \u{e9} joined")
        #expect(rule.annotations["indented"] == "  y\nz\n")
    }

    @Test(.enabled(if: SharedData.available(SharedData.corpus, "VIGIL_CORPUS_DIR", "RulesTests.ScalarSourceMapTests")))
    func corpus() throws {
        let dir = SharedData.corpus!
        var checked = 0
        for folder in ["homelab", "kube-prometheus", "awesome-prometheus-alerts"] {
            for file in SharedData.files(in: "\(dir)/\(folder)") where !CorpusTests.notRuleFiles.contains(file) {
                let text = try SharedData.read("\(dir)/\(folder)/\(file)")
                let problems = Self.check(text, language: CorpusTests.lokiFiles.contains(file) ? .loki : .prometheus)
                #expect(problems.isEmpty, "\(file): \(problems.prefix(5))")
                checked += 1
            }
        }
        #expect(checked == 125)
    }
}
