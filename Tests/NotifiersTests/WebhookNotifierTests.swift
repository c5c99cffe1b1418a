import Foundation
import GoTemplate
import Routing
import Testing
import VigilTesting
@testable import Notifiers

@Suite struct WebhookNotifierTests {
    @Test func payloadIsVersion4InUpstreamOrderWithGoTimes() throws {
        let body = WebhookPayload.encode(Fixtures.data(), groupKey: "{}:{alertname=\"DiskFull\"}", truncatedAlerts: 0)
        let expected = #"""
            {"receiver":"team","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DiskFull","instance":"a:9100","severity":"page"},"annotations":{"summary":"Disk \u003cfull\u003e \u0026 \"hot\""},"startsAt":"2024-05-01T10:00:00.123456789Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph?g0.expr=up","fingerprint":"1111111111111111"},{"status":"resolved","labels":{"alertname":"DiskFull","instance":"b:9100","severity":"page"},"annotations":{"summary":"Disk ok"},"startsAt":"2024-05-01T10:00:00.123456789Z","endsAt":"2024-05-01T10:10:00Z","generatorURL":"","fingerprint":"2222222222222222"}],"groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull","severity":"page"},"commonAnnotations":{},"externalURL":"http://am.example:9093","version":"4","groupKey":"{}:{alertname=\"DiskFull\"}","truncatedAlerts":0}

            """#
        #expect(body == expected)
    }

    @Test func postsToLoopbackWithHeadersAuthAndTruncation() async throws {
        try await LoopbackHTTPServer.with { server in
            let receiver = try Fixtures.receiver("""
                route: {receiver: r}
                receivers:
                  - name: r
                    webhook_configs:
                      - url: '\(server.baseURL)/hook/{{ .GroupLabels.alertname }}?x=1'
                        max_alerts: 1
                        http_config:
                          basic_auth: {username: u, password: p}
                          http_headers:
                            X-Team: {values: [ops]}
                """)
            let notifier = try WebhookNotifier(config: receiver.webhookConfigs[0], template: try Fixtures.template())
            let outcome = try await notifier.notify(Notification(data: Fixtures.data(), groupKey: "k", truncatedAlerts: 2))
            #expect(outcome.status == 200)
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/hook/DiskFull?x=1")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("User-Agent") == "Vigil/\(NotifierUserAgent.version)")
            #expect(request.header("Authorization") == "Basic " + Data("u:p".utf8).base64EncodedString())
            #expect(request.header("X-Team") == "ops")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
            #expect(json["truncatedAlerts"] as? Int == 3)
            #expect((json["alerts"] as? [Any])?.count == 1)
            // The kept alert alone decides the common labels and annotations.
            #expect((json["commonLabels"] as? [String: String])?["instance"] == "a:9100")
            #expect((json["commonAnnotations"] as? [String: String])?["summary"] == "Disk <full> & \"hot\"")
        }
    }

    @Test func urlFileIsReadAtSendTime() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("url").path
        try await LoopbackHTTPServer.with { server in
            let receiver = try Fixtures.receiver("""
                route: {receiver: r}
                receivers:
                  - name: r
                    webhook_configs: [{url_file: '\(file)'}]
                """)
            let notifier = try WebhookNotifier(config: receiver.webhookConfigs[0], template: try Fixtures.template())
            await #expect(throws: NotifyError.self) { _ = try await notifier.notify(Notification(data: Fixtures.data(), groupKey: "k")) }
            try "  \(server.baseURL)/first\n".write(toFile: file, atomically: true, encoding: .utf8)
            _ = try await notifier.notify(Notification(data: Fixtures.data(), groupKey: "k"))
            try "\(server.baseURL)/second".write(toFile: file, atomically: true, encoding: .utf8)
            _ = try await notifier.notify(Notification(data: Fixtures.data(), groupKey: "k"))
            #expect(server.requests.map(\.path) == ["/first", "/second"])
        }
    }

    @Test func statusCodesDecideRetry() async throws {
        try await LoopbackHTTPServer.with { server in
            let receiver = try Fixtures.receiver("""
                route: {receiver: r}
                receivers: [{name: r, webhook_configs: [{url: '\(server.baseURL)/', timeout: 300ms}]}]
                """)
            let notifier = try WebhookNotifier(config: receiver.webhookConfigs[0], template: try Fixtures.template())
            let n = Notification(data: Fixtures.data(), groupKey: "k")
            server.enqueue(.text("boom", status: 503), .text("bad", status: 400), .text("slow", delay: .seconds(2)))
            let e503 = await #expect(throws: NotifyError.self) { _ = try await notifier.notify(n) }
            #expect(e503?.retryable == true)
            #expect(e503?.status == 503)
            #expect(e503?.reason == .serverError)
            #expect(e503?.message == "unexpected status code 503: boom")
            let e400 = await #expect(throws: NotifyError.self) { _ = try await notifier.notify(n) }
            #expect(e400?.retryable == false)
            #expect(e400?.reason == .clientError)
            let slow = await #expect(throws: NotifyError.self) { _ = try await notifier.notify(n) }
            #expect(slow?.retryable == true)
            #expect(slow?.reason == .contextDeadlineExceeded)
        }
        // Nothing listens: a network error, retryable, the URL cut to its origin.
        let receiver = try Fixtures.receiver("""
            route: {receiver: r}
            receivers: [{name: r, webhook_configs: [{url: 'http://127.0.0.1:1/secret-token'}]}]
            """)
        let notifier = try WebhookNotifier(config: receiver.webhookConfigs[0], template: try Fixtures.template())
        let refused = await #expect(throws: NotifyError.self) { _ = try await notifier.notify(Notification(data: Fixtures.data(), groupKey: "k")) }
        #expect(refused?.retryable == true)
        #expect(refused?.message.contains("secret-token") == false)
    }

    @Test func customPayloadIsRenderedFromTemplates() async throws {
        try await LoopbackHTTPServer.with { server in
            let receiver = try Fixtures.receiver("""
                route: {receiver: r}
                receivers:
                  - name: r
                    webhook_configs:
                      - url: '\(server.baseURL)/'
                        payload:
                          text: '{{ .Status }} {{ len .Alerts }}'
                          nested: {n: 3, list: ['{{ .Receiver }}', true]}
                          '{{ .GroupLabels.alertname }}': '{{ len .Alerts }}'
                          alerts: '{{ .Alerts.Firing | toJson }}'
                """)
            let notifier = try WebhookNotifier(config: receiver.webhookConfigs[0], template: try Fixtures.template())
            _ = try await notifier.notify(Notification(data: Fixtures.data(), groupKey: "k"))
            // As upstream's DeepCopyWithTemplate: keys are templates too, and rendered JSON or numbers keep their structure.
            let body = try #require(server.requests.first?.bodyText)
            #expect(body.hasPrefix(#"{"DiskFull":2,"alerts":[{"annotations":{"summary":"Disk \u003cfull\u003e \u0026 \"hot\""},"endsAt":"0001-01-01T00:00:00Z","#))
            #expect(body.hasSuffix(#"],"nested":{"list":["team",true],"n":3},"text":"firing 2"}"# + "\n"))
        }
    }
}
