import Foundation
import Testing
@testable import GoTemplate

/// Cases rendered by real Go (promtool 2.42, Go 1.19); see scripts/golden/generate.py.
struct GoldenPrometheusTests {
    struct Case: Decodable {
        var context: String
        var template: String
        var output: String?
        var error: String?
        var parseError: String?
    }
    struct Context: Decodable {
        var labels: [String: String]
        var value: String
    }
    struct Fixture: Decodable {
        var contexts: [String: Context]
        var cases: [Case]
    }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/golden-prometheus.json")
        let data = try! Data(contentsOf: url)
        return try! JSONDecoder().decode(Fixture.self, from: data)
    }()

    static func parseValue(_ s: String) -> Double {
        switch s.lowercased() {
        case "nan": return .nan
        case "+inf", "inf": return .infinity
        case "-inf": return -.infinity
        default: return Double(s)!
        }
    }

    /// Renders a case the way Prometheus's alerting rule does; returns what promtool shows.
    static func render(_ c: Case, contexts: [String: Context]) -> String {
        let name = c.parseError != nil ? "__alert_A" : "__alert_ctx_\(c.context)"
        let text = PrometheusFunctions.alertTemplatePrefix + c.template
        do {
            // promtool 2.42 has Go's strings.Title; Prometheus 3 (the default here) uses x/text/cases.
            let t = try Template(name: name, text: text, functions: .prometheus(PrometheusTemplateContext(query: { _ in [] }, legacyTitle: true)), missingKey: .zero)
            if c.parseError != nil { return "(parsed)" }
            let ctx = contexts[c.context]!
            // Prometheus drops labels with empty values.
            let labels = ctx.labels.filter { !$0.value.isEmpty }
            let data = PrometheusAlertData.make(labels: labels, value: parseValue(ctx.value),
                                                typeName: PrometheusAlertData.legacyTypeName)
            return try t.execute(data)
        } catch {
            if c.parseError != nil { return error.description }
            return "error executing template \(name): \(error.description)"
        }
    }

    /// Where Go 1.19 (the promtool used) differs from the modern Go this package follows,
    /// or where this implementation knowingly differs; keyed by template.
    static let knownDifferences: [String: String] = [
        "{{ call 1 }}": "Go 1.19 says `non-function of type int`; modern Go names the callee",
        "{{ if true }}{{ else with 1 }}{{ end }}": "`else with` arrived in Go 1.23",
        "{{ printf \"%T\" (toTime 1) }}": "toTime returns *time.Time; pointers to times are not modelled",
        "{{ printf \"%x\" \"\\xff\" }}": "Swift strings hold Unicode scalars, so the byte \\xff becomes U+00FF",
        "{{ printf \"%d\" (toTime 0) }}": "Go prints time.Time's private fields (&{0 62135596800 0}); not modelled",
    ]

    @Test func goldenPrometheusCases() {
        let f = Self.fixture
        var failures: [String] = []
        var passed = 0
        for c in f.cases {
            let expected = c.output ?? c.error ?? c.parseError ?? ""
            let got = Self.render(c, contexts: f.contexts)
            if got == expected {
                passed += 1
            } else if Self.knownDifferences[c.template] == nil {
                failures.append("[\(c.context)] \(c.template)\n    want: \(expected)\n    got:  \(got)")
            }
        }
        print("golden-prometheus: \(passed)/\(f.cases.count) cases match Go")
        #expect(f.cases.count >= 300)
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) golden mismatches:\n" + failures.prefix(80).joined(separator: "\n")))
    }
}
