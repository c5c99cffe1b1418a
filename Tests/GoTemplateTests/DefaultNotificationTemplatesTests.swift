import Foundation
import Testing
@testable import GoTemplate

/// Vigil's default notification templates: every upstream name is defined, each renders on example
/// data, user templates can call and override them.
struct DefaultNotificationTemplatesTests {
    static let now = GoTime(seconds: 1_700_000_000)

    /// A realistic group: two firing alerts and one resolved, with severities.
    static let firingData = AlertmanagerData(
        receiver: "team ops", status: "firing",
        alerts: [
            AlertmanagerAlert(status: "firing", labels: ["alertname": "HighLatency", "job": "api", "severity": "warning", "instance": "a:80"],
                              annotations: ["summary": "p99 above 2s"], startsAt: GoTime(seconds: 1_699_999_400),
                              generatorURL: "http://prom/graph?g0.expr=x"),
            AlertmanagerAlert(status: "firing", labels: ["alertname": "HighLatency", "job": "api", "severity": "critical", "instance": "b:80"],
                              annotations: ["summary": "p99 above 2s"], startsAt: GoTime(seconds: 1_699_999_700)),
            AlertmanagerAlert(status: "resolved", labels: ["alertname": "HighLatency", "job": "api", "severity": "info", "instance": "c:80"],
                              annotations: ["summary": "p99 above 2s"], startsAt: GoTime(seconds: 1_699_990_000),
                              endsAt: GoTime(seconds: 1_699_999_000)),
        ],
        groupLabels: ["alertname": "HighLatency"], externalURL: "http://vigil.example")

    static var datasets: [(String, AlertmanagerData)] {
        [("amtool example", .amtoolExample(now: now)), ("firing group", firingData),
         ("empty", AlertmanagerData(receiver: "", status: "", alerts: [], commonLabels: [:], commonAnnotations: [:]))]
    }

    @Test func everyUpstreamNameIsDefined() throws {
        let names = Set(try AlertmanagerTemplate().templateNames)
        let missing = DefaultNotificationTemplates.alertmanagerNames.filter { !names.contains($0) }
        #expect(missing.isEmpty, "not defined: \(missing)")
    }

    @Test func everyDefaultRendersOnExampleData() throws {
        let t = try AlertmanagerTemplate(context: AlertmanagerTemplateContext(now: Self.now.unixDouble))
        var failures: [String] = []
        for (label, data) in Self.datasets {
            for name in t.templateNames {
                // The alert-list helpers take a list of alerts, not the notification data.
                let call = name.hasPrefix("__text_alert_list") || name == "__vigil_alert_when"
                    ? (name == "__vigil_alert_when" ? "{{ range .Alerts }}{{ template \"\(name)\" . }}{{ end }}" : "{{ template \"\(name)\" .Alerts }}")
                    : "{{ template \"\(name)\" . }}"
                do {
                    _ = try t.executeText(call, value: data.templateValue(typeName: "template.Data"))
                } catch {
                    failures.append("\(label) / \(name): \(error)")
                }
            }
        }
        #expect(failures.isEmpty, Comment(rawValue: failures.joined(separator: "\n")))
    }

    @Test func subjectAndLinks() throws {
        let t = try AlertmanagerTemplate()
        let d = Self.firingData
        #expect(try t.executeText("{{ template \"__subject\" . }}", data: d) == "FIRING (2): HighLatency [api]")
        #expect(try t.executeText("{{ template \"__alertmanagerURL\" . }}", data: d) == "http://vigil.example/#/alerts?receiver=team+ops")
        #expect(try t.executeText("{{ template \"slack.default.color\" . }}", data: d) == "danger")
        #expect(try t.executeText("{{ template \"jira.default.priority\" . }}", data: d) == "High")
        let example = AlertmanagerData.amtoolExample(now: Self.now)
        #expect(try t.executeText("{{ template \"__subject\" . }}", data: example)
                == "ALERTSTATUS: grouplabelvalue1, grouplabelvalue2 [commonlabelvalue1, commonlabelvalue2]")
        #expect(try t.executeText("{{ template \"jira.default.priority\" . }}", data: example) == "")
        #expect(try t.executeText("{{ template \"mattermost.default.color\" . }}", data: example) == "good")
    }

    @Test func priorityFallsBackToResolvedAlerts() throws {
        let t = try AlertmanagerTemplate()
        let d = AlertmanagerData(receiver: "r", status: "resolved", alerts: [
            AlertmanagerAlert(status: "resolved", labels: ["severity": "warning"]),
            AlertmanagerAlert(status: "resolved", labels: ["severity": "info"]),
        ])
        #expect(try t.executeText("{{ template \"jira.default.priority\" . }}", data: d) == "Medium")
    }

    @Test func alertListText() throws {
        let t = try AlertmanagerTemplate()
        let out = try t.executeText("{{ template \"__text_alert_list\" .Alerts.Firing }}", data: Self.firingData)
        #expect(out == """
            * HighLatency - firing since 2023-11-14 22:03:20 UTC
              labels: alertname=HighLatency, instance=a:80, job=api, severity=warning
              summary: p99 above 2s
              source: http://prom/graph?g0.expr=x
            * HighLatency - firing since 2023-11-14 22:08:20 UTC
              labels: alertname=HighLatency, instance=b:80, job=api, severity=critical
              summary: p99 above 2s

            """)
        let message = try t.executeText("{{ template \"telegram.default.message\" . }}", data: Self.firingData)
        #expect(message.hasPrefix("FIRING (2): HighLatency [api]\nsummary: p99 above 2s\n\nFiring (2):\n* HighLatency"))
        #expect(message.contains("Resolved (1):\n* HighLatency - resolved at 2023-11-14 21:56:40 UTC\n"))
    }

    @Test func userTemplatesCallAndOverrideDefaults() throws {
        let t = try AlertmanagerTemplate(files: [
            (name: "mine.tmpl", text: """
                {{ define "my.title" }}>> {{ template "__subject" . }}{{ end }}
                {{ define "__alertmanager" }}Pager{{ end }}
                """),
        ])
        let d = Self.firingData
        #expect(try t.executeText("{{ template \"my.title\" . }}", data: d) == ">> FIRING (2): HighLatency [api]")
        // The override reaches the defaults that use it.
        #expect(try t.executeText("{{ template \"slack.default.username\" . }}", data: d) == "Pager")
        // Without defaults, upstream names are unknown (Debian's amtool behaves so).
        let bare = try AlertmanagerTemplate(includeDefaults: false)
        #expect(throws: TemplateError.self) { try bare.executeText("{{ template \"__subject\" . }}", data: d) }
    }

    @Test func defaultsAddNoTextToRenderings() throws {
        let t = try AlertmanagerTemplate()
        let d = Self.firingData
        #expect(try t.executeText("  ", data: d) == "  ")
        #expect(try t.executeText("x", data: d) == "x")
    }

    @Test func emailIsEscapedHTML() throws {
        let t = try AlertmanagerTemplate()
        var d = Self.firingData
        d.alerts[0].annotations["summary"] = "<b>&</b>"
        let html = try t.executeText("{{ template \"email.default.html\" . }}", data: d)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>"))
        #expect(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"))
        #expect(!html.contains("<b>&"))
        #expect(html.contains("<title>FIRING (2): HighLatency</title>"))
        #expect(html.contains("href=\"http://vigil.example/#/alerts?receiver=team+ops\""))
        // Every opened element that must be closed is closed.
        for tag in ["html", "head", "body", "table", "tr", "td", "p", "h1", "title", "a", "span", "strong"] {
            let opened = html.components(separatedBy: "<\(tag)>").count - 1 + html.components(separatedBy: "<\(tag) ").count - 1
            let closed = html.components(separatedBy: "</\(tag)>").count - 1
            #expect(opened == closed, "<\(tag)>: \(opened) opened, \(closed) closed")
        }
    }
}
