import Backends
import Foundation
import GoTemplate
import Testing
import VigilTesting
@testable import Notifiers

/// Debian's Alertmanager 0.25 sends Slack, Discord, Telegram and PagerDuty notifications to a loopback
/// listener; Vigil's notifiers, given the same configuration and the same group, must send the same
/// bodies. Every templated field is set explicitly, since Vigil's default templates are its own.
/// PagerDuty's `custom_details` are left out of the comparison: 0.25 still rendered them as strings,
/// which 0.34 (and Vigil) no longer do.
@Suite(.enabled(if: AlertmanagerServer.isAvailable, "Debian's prometheus-alertmanager is not installed"))
struct ChatReceiversAlertmanagerComparisonTests {
    static let posted = #"""
        [{"labels":{"alertname":"DiskFull","instance":"a","severity":"page"},"annotations":{"summary":"<b>x</b> & y"},"startsAt":"2024-05-01T10:00:00Z"},
         {"labels":{"alertname":"DiskFull","instance":"b","severity":"page"},"annotations":{"summary":"ok"},"startsAt":"2024-05-01T10:00:00Z","endsAt":"2099-01-01T00:00:00Z"},
         {"labels":{"alertname":"DiskFull","instance":"c","severity":"page"},"startsAt":"2024-05-01T10:00:00Z","endsAt":"2024-05-01T11:00:00Z"}]
        """#

    static func config(_ base: String) -> String {
        """
        route: {receiver: all, group_by: [alertname], group_wait: 0s, group_interval: 1s}
        receivers:
          - name: all
            slack_configs:
              - api_url: '\(base)/slack'
                send_resolved: true
                channel: '#ops'
                username: bot
                color: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}'
                title: '{{ .Status }} {{ len .Alerts }}'
                title_link: '{{ .ExternalURL }}'
                pretext: '{{ .CommonLabels.severity }}'
                text: '{{ range .Alerts }}{{ .Labels.instance }}={{ .Annotations.summary }}; {{ end }}'
                fallback: fb
                callback_id: cb
                footer: ft
                icon_emoji: ':fire:'
                icon_url: ''
                link_names: true
                short_fields: true
                fields: [{title: sev, value: '{{ .CommonLabels.severity }}'}, {title: n, value: '{{ len .Alerts.Firing }}', short: false}]
                actions: [{type: button, text: Go, url: 'http://x/{{ .GroupLabels.alertname }}', style: primary}]
            discord_configs:
              - webhook_url: '\(base)/discord'
                title: '{{ .Status }} {{ len .Alerts }}'
                message: '{{ range .Alerts }}{{ .Labels.instance }} {{ .Annotations.summary }}, {{ end }}'
            telegram_configs:
              - api_url: '\(base)'
                bot_token: tok
                chat_id: -100
                parse_mode: HTML
                disable_notifications: true
                message: '{{ len .Alerts }} <b>{{ .GroupLabels.alertname }}</b> {{ range .Alerts }}{{ .Annotations.summary }} {{ end }}'
            pagerduty_configs:
              - url: '\(base)/pd'
                routing_key: rk
                description: '{{ .Status }} {{ len .Alerts }}'
                client: c
                client_url: '{{ .ExternalURL }}'
                severity: '{{ .CommonLabels.severity }}'
                class: cls
                component: '{{ .GroupLabels.alertname }}'
                group: g
                images: [{src: 'http://i/{{ .Status }}.png', alt: a, href: h}]
                links: [{href: 'http://l/{{ .Receiver }}', text: t}]
        """
    }

    /// Alertmanager's message of each integration that holds all three alerts, by path.
    static func complete(_ request: RecordedRequest) -> Bool {
        let text = request.bodyText
        return text.contains("firing 3") || text.contains(#""text":"3 "#)
    }

    @Test func vigilBodiesEqualAlertmanagers() async throws {
        let paths = ["/slack", "/discord", "/bottok/sendMessage", "/pd"]
        try await LoopbackHTTPServer.with(respond: { request in
            request.path.hasPrefix("/bot") ? .json(#"{"ok":true,"result":{"message_id":1,"chat":{"id":-100}}}"#) : .text("ok")
        }) { server in
            try await AlertmanagerServer.with(config: Self.config(server.baseURL)) { am in
                let response = try await BackendHTTPClient.with(baseURL: am.baseURL) { client in
                    try await client.send(BackendRequest(method: "POST", path: "/api/v2/alerts",
                                                         headers: [("Content-Type", "application/json")],
                                                         body: Array(Self.posted.utf8)))
                }
                #expect(response.status == 200)
                #expect(try await Fixtures.waitUntil(seconds: 60) {
                    let done = Set(server.requests.filter(Self.complete).map(\.path))
                    return paths.allSatisfy(done.contains)
                })
            }
            let theirs = Dictionary(server.requests.filter(Self.complete).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            let slackTheirs = try #require(theirs["/slack"])
            let slackJSON = try ReceiverTests.object(slackTheirs)
            let externalURL = try #require((slackJSON["attachments"] as? [[String: Any]])?.first?["title_link"] as? String)

            let alerts = [
                AlertmanagerAlert(status: "firing", labels: ["alertname": "DiskFull", "instance": "a", "severity": "page"],
                                  annotations: ["summary": "<b>x</b> & y"], startsAt: GoTime(seconds: 1_714_557_600)),
                AlertmanagerAlert(status: "firing", labels: ["alertname": "DiskFull", "instance": "b", "severity": "page"],
                                  annotations: ["summary": "ok"], startsAt: GoTime(seconds: 1_714_557_600)),
                AlertmanagerAlert(status: "resolved", labels: ["alertname": "DiskFull", "instance": "c", "severity": "page"],
                                  startsAt: GoTime(seconds: 1_714_557_600), endsAt: GoTime(seconds: 1_714_561_200)),
            ]
            let data = AlertmanagerData(receiver: "all", status: "firing", alerts: alerts, groupLabels: ["alertname": "DiskFull"],
                                        externalURL: externalURL)
            let receiver = try Fixtures.receiver(Self.config(server.baseURL), named: "all")
            let built = IntegrationFactory.notifiers(for: receiver, template: try Fixtures.template())
            #expect(built.notifiers.count == 4)
            let before = server.requests.count
            for n in built.notifiers {
                _ = try await n.notifier.notify(Notification(data: data, groupKey: #"{}:{alertname="DiskFull"}"#))
            }
            let ours = Dictionary(server.requests.dropFirst(before).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            for path in paths {
                let a = try #require(theirs[path]), v = try #require(ours[path])
                print("Alertmanager 0.25 \(path): \(a.bodyText)")
                print("Vigil \(path): \(v.bodyText)")
                #expect(v.method == a.method)
                #expect(v.header("Content-Type") == a.header("Content-Type"))
                if path == "/pd" {
                    #expect(try Self.withoutCustomDetails(v) == Self.withoutCustomDetails(a))
                } else {
                    #expect(v.bodyText == a.bodyText, "\(path)")
                }
            }
        }
    }

    /// The PagerDuty event as a JSON object without `payload.custom_details`.
    static func withoutCustomDetails(_ request: RecordedRequest) throws -> NSDictionary {
        var object = try ReceiverTests.object(request)
        var payload = object["payload"] as? [String: Any] ?? [:]
        payload["custom_details"] = nil
        object["payload"] = payload
        return object as NSDictionary
    }
}
