import Foundation
import GoTemplate
import Routing
import Testing
import VigilTesting
@testable import Notifiers

@Suite struct SlackNotifierTests {
    func notifier(_ yaml: String) throws -> SlackNotifier {
        let receiver = try Fixtures.receiver("route: {receiver: r}\nreceivers:\n  - name: r\n    slack_configs:\n" + yaml)
        return try SlackNotifier(config: receiver.slackConfigs[0], template: try Fixtures.template())
    }

    @Test func incomingWebhookBodyAsUpstreamMarshalsIt() async throws {
        try await LoopbackHTTPServer.with { server in
            server.enqueue(.text("ok"))
            let n = try notifier("""
                      - api_url: '\(server.baseURL)/services/T0/B0/XXX'
                        channel: '#ops-{{ .GroupLabels.alertname }}'
                        username: bot
                        color: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}'
                        title: '{{ .Status }}'
                        title_link: 'http://x/{{ .Receiver }}'
                        pretext: pre
                        text: '{{ range .Alerts }}{{ .Annotations.summary }};{{ end }}'
                        fallback: fb
                        callback_id: cb
                        footer: ft
                        icon_emoji: ':fire:'
                        icon_url: ''
                        link_names: true
                        message_text: top
                        short_fields: true
                        fields:
                          - {title: sev, value: '{{ .CommonLabels.severity }}'}
                          - {title: n, value: '{{ len .Alerts }}', short: false}
                        actions:
                          - {type: button, text: Runbook, url: 'http://runbook/{{ .GroupLabels.alertname }}'}
                          - {type: button, text: Ack, name: ack, value: '1', confirm: {text: sure?, title: Ack}}
                        mrkdwn_in: [text]
                """)
            let outcome = try await n.notify(ReceiverTests.notification())
            #expect(outcome.status == 200)
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/services/T0/B0/XXX")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("User-Agent") == NotifierUserAgent.value)
            let expected = #"""
                {"channel":"#ops-DiskFull","username":"bot","icon_emoji":":fire:","link_names":true,"text":"top","attachments":[{"title":"firing","title_link":"http://x/team","pretext":"pre","text":"Disk \u003cfull\u003e \u0026 \"hot\";Disk ok;","fallback":"fb","callback_id":"cb","fields":[{"title":"sev","value":"page","short":true},{"title":"n","value":"2","short":false}],"actions":[{"type":"button","text":"Runbook","url":"http://runbook/DiskFull"},{"type":"button","text":"Ack","name":"ack","value":"1","confirm":{"text":"sure?","title":"Ack"}}],"footer":"ft","color":"danger","mrkdwn_in":["text"]}]}

                """#
            #expect(request.bodyText == expected)
        }
    }

    @Test func defaultTemplatesFillTheAttachment() async throws {
        try await LoopbackHTTPServer.with { server in
            server.enqueue(.text("ok"))
            let n = try notifier("      - api_url: '\(server.baseURL)/hook'\n")
            _ = try await n.notify(ReceiverTests.notification())
            let body = try ReceiverTests.object(try #require(server.requests.first))
            let attachment = try #require((body["attachments"] as? [[String: Any]])?.first)
            #expect(attachment["title"] as? String == "FIRING (1): DiskFull [page]")
            #expect(attachment["title_link"] as? String == "http://am.example:9093/#/alerts?receiver=team")
            #expect(attachment["color"] as? String == "danger")
            #expect(attachment["mrkdwn_in"] as? [String] == ["fallback", "pretext", "text"])
            #expect(attachment["callback_id"] != nil && attachment["footer"] != nil && attachment["fallback"] != nil)
            #expect(body["username"] as? String == "Vigil")
            #expect(body["channel"] == nil)
            #expect(body["link_names"] == nil)
        }
    }

    @Test func titleIsCutAt1024Runes() async throws {
        try await LoopbackHTTPServer.with { server in
            server.enqueue(.text("ok"))
            let n = try notifier("      - {api_url: '\(server.baseURL)/hook', title: '\(String(repeating: "é", count: 1100))'}\n")
            _ = try await n.notify(ReceiverTests.notification())
            let request = try #require(server.requests.first)
            let attachment = try #require((try ReceiverTests.object(request)["attachments"] as? [[String: Any]])?.first)
            let title = try #require(attachment["title"] as? String)
            #expect(title.unicodeScalars.count == 1024)
            #expect(title.hasSuffix("é…"))
        }
    }

    @Test func apiURLFileIsReadAndTrimmedAtSendTime() async throws {
        try await LoopbackHTTPServer.with { server in
            let file = try ReceiverTests.temporaryFile("  \(server.baseURL)/from-file\n")
            defer { ReceiverTests.removeTemporaryFile(file) }
            server.enqueue(.text("ok"))
            let n = try notifier("      - api_url_file: '\(file)'\n")
            _ = try await n.notify(ReceiverTests.notification())
            #expect(server.requests.map(\.path) == ["/from-file"])
            try FileManager.default.removeItem(atPath: file)
            let missing = await #expect(throws: NotifyError.self) { _ = try await n.notify(ReceiverTests.notification()) }
            #expect(missing?.retryable == false)
            #expect(missing?.message.contains("api_url_file") == true)
        }
    }

    @Test func botTokenIsSentAsBearerToAppURL() async throws {
        try await LoopbackHTTPServer.with { server in
            server.enqueue(.json(#"{"ok":true,"channel":"C1","ts":"1.2"}"#))
            let n = try notifier("      - {app_token: xoxb-secret, app_url: '\(server.baseURL)/api/chat.postMessage', channel: '#c'}\n")
            _ = try await n.notify(ReceiverTests.notification())
            let request = try #require(server.requests.first)
            #expect(request.path == "/api/chat.postMessage")
            #expect(request.header("Authorization") == "Bearer xoxb-secret")
            #expect(try ReceiverTests.object(request)["channel"] as? String == "#c")
        }
    }

    @Test func answersAreReadAsUpstreamReadsThem() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - {api_url: '\(server.baseURL)/hook', channel: chan}\n")
            #expect(await ReceiverTests.outcome(of: n, server: server, status: 200, body: "ok") == nil)
            #expect(await ReceiverTests.outcome(of: n, server: server, status: 200, body: #"{"ok":true}"#, contentType: "application/json; charset=utf-8") == nil)

            let text = try #require(await ReceiverTests.outcome(of: n, server: server, status: 200, body: "no_channel"))
            #expect(text.retryable == false)
            #expect(text.reason == .clientError)
            #expect(text.message == "channel \"chan\": received an error response from Slack: no_channel")

            let json = try #require(await ReceiverTests.outcome(of: n, server: server, status: 200, body: #"{"ok":false,"error":"error_message"}"#, contentType: "application/json"))
            #expect(json.retryable == false)
            #expect(json.reason == .clientError)
            #expect(json.message == "channel \"chan\": error response from Slack: error_message")

            let invalid = try #require(await ReceiverTests.outcome(of: n, server: server, status: 200, body: #"{"not valid json"}"#, contentType: "application/json"))
            #expect(invalid.retryable == true)
            #expect(invalid.reason == .clientError)
            #expect(invalid.message.contains("could not unmarshal"))
        }
    }

    @Test func onlyServerErrorsAreRetried() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - {api_url: '\(server.baseURL)/hook', channel: chan}\n")
            let e500 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 500, body: "boom"))
            #expect(e500.retryable && e500.reason == .serverError)
            #expect(e500.message == "channel \"chan\": unexpected status code 500: boom")
            let e429 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 429))
            #expect(!e429.retryable && e429.reason == .rateLimited)
            let e401 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 401))
            #expect(!e401.retryable && e401.reason == .authError)
            let e404 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 404))
            #expect(!e404.retryable && e404.reason == .clientError)
        }
    }
}
