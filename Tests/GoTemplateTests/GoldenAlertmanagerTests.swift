import Foundation
import Testing
@testable import GoTemplate

/// Cases rendered by real Go (amtool 0.25 against its example data); see scripts/golden/generate_alertmanager.py.
struct GoldenAlertmanagerTests {
    struct Case: Decodable {
        var template: String
        var output: String?
        var error: String?
    }
    struct Fixture: Decodable { var cases: [Case] }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/golden-alertmanager.json")
        return try! JSONDecoder().decode(Fixture.self, from: try! Data(contentsOf: url))
    }()

    /// amtool's built-in example data (`template render` without an Alertmanager).
    static let exampleData = AlertmanagerData(
        receiver: "receiver", status: "alertstatus",
        alerts: [
            AlertmanagerAlert(status: "alertstatus",
                              labels: ["commonlabelkey1": "commonlabelvalue1", "commonlabelkey2": "commonlabelvalue2",
                                       "instance": "foo.bar:1234", "label1": "value1", "label2": "value2"],
                              annotations: ["annotation1": "value1", "annotation2": "value2",
                                            "commonannotationkey1": "commonannotationvalue1",
                                            "commonannotationkey2": "commonannotationvalue2"],
                              generatorURL: "https://generatorurl.com", fingerprint: "fingerprint1"),
            AlertmanagerAlert(status: "alertstatus",
                              labels: ["baz": "qux", "commonlabelkey1": "commonlabelvalue1",
                                       "commonlabelkey2": "commonlabelvalue2", "foo": "bar"],
                              annotations: ["aaa": "bbb", "ccc": "ddd", "commonannotationkey1": "commonannotationvalue1",
                                            "commonannotationkey2": "commonannotationvalue2"],
                              generatorURL: "https://generatorurl.com", fingerprint: "fingerprint2"),
        ],
        groupLabels: ["grouplabelkey1": "grouplabelvalue1", "grouplabelkey2": "grouplabelvalue2"],
        externalURL: "https://example.com")

    /// Alertmanager 0.25 (the amtool used) has no `String()` on `KV`/`Pairs` and no `trimSpace` & co;
    /// this package follows the newer Alertmanager.
    static let knownDifferences: Set<String> = [
        "{{ printf \"%v\" (index .Alerts 0).Labels.SortedPairs }}",
    ]

    static func render(_ text: String) -> String {
        do {
            var t = try Template(name: "", text: "{{ define \"__golden\" }}{{ end }}", functions: .alertmanager, missingKey: .zero)
            try t.define(name: "", text: text)
            return try t.execute(exampleData.templateValue(typeName: "template.Data"))
        } catch {
            return error.description
        }
    }

    @Test func goldenAlertmanagerCases() {
        var failures: [String] = []
        var passed = 0
        for c in Self.fixture.cases {
            let expected = c.output ?? c.error ?? ""
            let got = Self.render(c.template)
            if got == expected { passed += 1 } else if !Self.knownDifferences.contains(c.template) {
                failures.append("\(c.template)\n    want: \(expected)\n    got:  \(got)")
            }
        }
        print("golden-alertmanager: \(passed)/\(Self.fixture.cases.count) cases match Go")
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) mismatches:\n" + failures.joined(separator: "\n")))
    }

    @Test func newerAlertmanagerFunctions() throws {
        func r(_ s: String) throws -> String {
            try Template(name: "", text: s, functions: .alertmanager(AlertmanagerTemplateContext(now: 1_700_000_060)), missingKey: .zero)
                .execute(Self.exampleData.templateValue)
        }
        #expect(try r("{{ trimSpace \"  a b \\n\" }}") == "a b")
        #expect(try r("{{ .CommonLabels }}") == "commonlabelkey1=commonlabelvalue1, commonlabelkey2=commonlabelvalue2")
        #expect(try r("{{ .GroupLabels.SortedPairs }}") == "grouplabelkey1=grouplabelvalue1, grouplabelkey2=grouplabelvalue2")
        #expect(try r("{{ urlUnescape \"a%20b+c\" }}") == "a b c")
        #expect(try r("{{ safeUrl \"http://x\" }}") == "http://x")
        #expect(try r("{{ humanizeDuration 3661 }}") == "1h 1m 1s")
        #expect(try r("{{ toJson .GroupLabels }}") == "{\"grouplabelkey1\":\"grouplabelvalue1\",\"grouplabelkey2\":\"grouplabelvalue2\"}")
        #expect(try r("{{ toJson (stringSlice \"<a>\" \"b\") }}") == "[\"\\u003ca\\u003e\",\"b\"]")
        let data = AlertmanagerData(receiver: "r", status: "firing", alerts: [
            AlertmanagerAlert(status: "firing", labels: ["alertname": "Up", "a": "1"], startsAt: GoTime(seconds: 1_700_000_000)),
            AlertmanagerAlert(status: "resolved", labels: ["alertname": "Up", "a": "2"]),
        ])
        let t = try Template(name: "", text: """
            {{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }} {{ .CommonLabels.SortedPairs }} \
            {{ range .Alerts.Firing }}{{ date "2006-01-02T15:04:05Z07:00" .StartsAt }} {{ since .StartsAt }} \
            {{ (tz "Europe/Paris" .StartsAt).Format "15:04 -0700 MST" }}{{ end }} {{ (index .Alerts 0).Labels.SortedPairs.Names }}
            """, functions: .alertmanager(AlertmanagerTemplateContext(now: 1_700_000_060)), missingKey: .zero)
        let out = try t.execute(data.templateValue)
        #expect(out == "1/1 alertname=Up 2023-11-14T22:13:20Z 1m0s 23:13 +0100 CET [alertname a]")
    }
}

struct AlertmanagerTemplateTests {
    @Test func userTemplatesAndTextStrings() throws {
        let t = try AlertmanagerTemplate(files: [
            (name: "slack.tmpl", text: """
                {{ define "slack.title" }}[{{ .Status | toUpper }}] {{ .GroupLabels.alertname }}{{ end }}
                {{ define "slack.text" }}{{ range .Alerts }}- {{ .Annotations.summary }}
                {{ end }}{{ end }}
                """),
        ])
        let data = AlertmanagerData(receiver: "team", status: "firing", alerts: [
            AlertmanagerAlert(status: "firing", labels: ["alertname": "Down", "job": "api"], annotations: ["summary": "api is down"]),
        ], groupLabels: ["alertname": "Down"])
        #expect(t.templateNames.contains("slack.title"))
        #expect(try t.executeText("{{ template \"slack.title\" . }}", data: data) == "[FIRING] Down")
        #expect(try t.executeText("{{ template \"slack.text\" . }}", data: data) == "- api is down\n")
        #expect(try t.executeText("", data: data) == "")
        #expect(try t.execute(named: "slack.title", data: data) == "[FIRING] Down")
        #expect(throws: TemplateError.self) { try t.executeText("{{ template \"nope\" . }}", data: data) }
        do {
            _ = try t.executeText("{{ .Nope }}", data: data)
        } catch {
            #expect(error.description == "template: :1:3: executing \"\" at <.Nope>: can't evaluate field Nope in type *template.Data")
        }
    }
}

extension AlertmanagerTemplateTests {
    @Test func timeZones() throws {
        let t0 = GoTime(seconds: 1_700_000_000)  // 2023-11-14 22:13:20 UTC
        let summer = GoTime(seconds: 1_690_000_000)  // 2023-07-22 04:26:40 UTC
        func z(_ name: String, _ t: GoTime) throws -> String {
            GoTimeFormat.format(try AlertmanagerFunctions.timeIn(name, t), layout: "15:04 MST")
        }
        #expect(try z("America/New_York", t0) == "17:13 EST")
        #expect(try z("America/New_York", summer) == "00:26 EDT")
        #expect(try z("Europe/Berlin", summer) == "06:26 CEST")
        #expect(try z("Europe/London", summer) == "05:26 BST")
        #expect(try z("Asia/Tokyo", t0) == "07:13 JST")
        #expect(try z("Asia/Kolkata", t0) == "03:43 IST")
        #expect(try z("America/Sao_Paulo", t0) == "19:13 -03")
        #expect(try z("UTC", t0) == "22:13 UTC")
        #expect(throws: FunctionError.self) { try AlertmanagerFunctions.timeIn("Nowhere/Nope", t0) }
    }
}

extension AlertmanagerTemplateTests {
    @Test func jsonAndZeroTimes() throws {
        let data = AlertmanagerData(receiver: "r", status: "firing", alerts: [
            AlertmanagerAlert(status: "firing", labels: ["a": "<1>"], startsAt: GoTime(seconds: 1_700_000_000, nanoseconds: 500_000_000)),
        ])
        let t = try AlertmanagerTemplate()
        let json = try t.executeText("{{ toJson (index .Alerts 0) }}", data: data)
        #expect(json == #"{"status":"firing","labels":{"a":"\u003c1\u003e"},"annotations":{},"startsAt":"2023-11-14T22:13:20.5Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":""}"#)
        #expect(try t.executeText("{{ (index .Alerts 0).EndsAt }}", data: data) == "0001-01-01 00:00:00 +0000 UTC")
        #expect(try t.executeText("{{ (index .Alerts 0).EndsAt.IsZero }} {{ (index .Alerts 0).StartsAt.Weekday }}", data: data) == "true Tuesday")
        #expect(try t.executeText("{{ toJson 1e21 }} {{ toJson 0.000001 }} {{ toJson 1.5 }} {{ toJson nil }}", data: data) == "1e+21 0.000001 1.5 null")
    }
}
