import Foundation
import Testing
import VigilTesting
@testable import Notifiers

@Suite struct NtfyNotifierTests {
    func notifier(_ yaml: String) throws -> NtfyNotifier {
        let receiver = try Fixtures.receiver("route: {receiver: r}\nreceivers:\n  - name: r\n    ntfy_configs:\n" + yaml)
        return try NtfyNotifier(config: receiver.ntfyConfigs[0], template: try Fixtures.template())
    }

    @Test func publishesJSONToTheServerRoot() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("""
                      - url: '\(server.baseURL)/'
                        topic: 'alerts-{{ .Receiver }}'
                        token: tk_secret
                        title: '{{ .Status }}'
                        message: '{{ len .Alerts }} alerts'
                        tags: ['{{ .CommonLabels.severity }}', '', warning]
                        priority: '5'
                        click: 'http://x'
                        markdown: true
                """)
            _ = try await n.notify(ReceiverTests.notification())
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Authorization") == "Bearer tk_secret")
            #expect(request.bodyText == #"{"topic":"alerts-team","message":"2 alerts","title":"firing","tags":["page","warning"],"priority":5,"click":"http://x","markdown":true}"# + "\n")
        }
    }

    @Test func defaultsFollowTheStatus() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - {url: '\(server.baseURL)', topic: t}\n")
            _ = try await n.notify(ReceiverTests.notification())
            _ = try await n.notify(ReceiverTests.notification(resolvedOnly: true))
            let firing = try ReceiverTests.object(server.requests[0])
            #expect(firing["title"] as? String == "FIRING (1): DiskFull [page]")
            #expect(firing["priority"] as? Int == 4)
            #expect(firing["tags"] as? [String] == ["rotating_light"])
            #expect(firing["click"] as? String == "http://am.example:9093/#/alerts?receiver=team")
            #expect((firing["message"] as? String)?.contains("DiskFull") == true)
            #expect(server.requests[0].header("Authorization") == nil)
            let resolved = try ReceiverTests.object(server.requests[1])
            #expect(resolved["priority"] as? Int == 3)
            #expect(resolved["tags"] as? [String] == ["white_check_mark"])
        }
    }

    @Test func tokenFileLongMessagesAndBadPriorities() async throws {
        try await LoopbackHTTPServer.with { server in
            let file = try ReceiverTests.temporaryFile("tk_file\n")
            defer { ReceiverTests.removeTemporaryFile(file) }
            let n = try notifier("      - {url: '\(server.baseURL)', topic: t, token_file: '\(file)', message: '\(String(repeating: "é", count: 3000))'}\n")
            _ = try await n.notify(ReceiverTests.notification())
            let request = try #require(server.requests.first)
            #expect(request.header("Authorization") == "Bearer tk_file")
            let message = try #require(try ReceiverTests.object(request)["message"] as? String)
            #expect(message == String(repeating: "é", count: 2046) + "…")
            #expect(message.utf8.count == 4095)

            let bad = try notifier("      - {url: '\(server.baseURL)', topic: t, priority: 'loud'}\n")
            let e = await #expect(throws: NotifyError.self) { _ = try await bad.notify(ReceiverTests.notification()) }
            #expect(e?.retryable == false)
            #expect(e?.message.contains("loud") == true)
        }
    }

    @Test func rateLimitsAndServerErrorsAreRetried() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - {url: '\(server.baseURL)', topic: t}\n")
            let e429 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 429))
            #expect(e429.retryable && e429.reason == .rateLimited)
            #expect(try #require(await ReceiverTests.outcome(of: n, server: server, status: 500)).retryable)
            let e403 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 403))
            #expect(!e403.retryable && e403.reason == .authError)
        }
    }

    @Test func configurationIsChecked() {
        #expect(throws: (any Error).self) { _ = try Fixtures.receiver("route: {receiver: r}\nreceivers: [{name: r, ntfy_configs: [{url: 'http://x'}]}]") }
        #expect(throws: (any Error).self) { _ = try Fixtures.receiver("route: {receiver: r}\nreceivers: [{name: r, ntfy_configs: [{topic: t, token: a, token_file: b}]}]") }
        #expect(throws: (any Error).self) {
            _ = try Fixtures.receiver("route: {receiver: r}\nreceivers: [{name: r, ntfy_configs: [{topic: t, token: a, http_config: {authorization: {credentials: c}}}]}]")
        }
        #expect((try? Fixtures.receiver("route: {receiver: r}\nreceivers: [{name: r, ntfy_configs: [{topic: t}]}]"))?.ntfyConfigs.first?.url.text == "https://ntfy.sh")
    }
}
