import Foundation
import Testing
import VigilTesting
@testable import Notifiers

@Suite struct DiscordNotifierTests {
    func notifier(_ yaml: String) throws -> DiscordNotifier {
        let receiver = try Fixtures.receiver("route: {receiver: r}\nreceivers:\n  - name: r\n    discord_configs:\n" + yaml)
        return try DiscordNotifier(config: receiver.discordConfigs[0], template: try Fixtures.template())
    }

    /// Upstream's `TestDiscord_Notify`: the URL from `webhook_url_file`, the exact body.
    @Test func bodyMatchesUpstreamTest() async throws {
        try await LoopbackHTTPServer.with { server in
            let file = try ReceiverTests.temporaryFile(server.baseURL + "/api/webhooks/1/tok\n")
            defer { ReceiverTests.removeTemporaryFile(file) }
            let n = try notifier("""
                      - webhook_url_file: '\(file)'
                        title: Test Title
                        message: Test Message
                        content: Test Content
                        username: Test Username
                        avatar_url: 'http://example.com/avatar.png'
                """)
            _ = try await n.notify(ReceiverTests.notification())
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/api/webhooks/1/tok")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.bodyText == #"{"content":"Test Content","embeds":[{"title":"Test Title","description":"Test Message","color":10038562}],"username":"Test Username","avatar_url":"http://example.com/avatar.png"}"# + "\n")
        }
    }

    @Test func defaultsAndResolvedColor() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - webhook_url: '\(server.baseURL)/hook'\n")
            _ = try await n.notify(ReceiverTests.notification(resolvedOnly: true))
            let body = try ReceiverTests.object(try #require(server.requests.first))
            let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
            #expect(embed["color"] as? Int == 0x2ECC71)
            #expect(embed["title"] as? String == "RESOLVED: DiskFull [b:9100, page]")
            #expect((embed["description"] as? String)?.isEmpty == false)
            #expect(body["content"] as? String == "")
            #expect(body["username"] == nil && body["avatar_url"] == nil)
        }
    }

    @Test func fieldsAreCutToDiscordLimits() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("""
                      - webhook_url: '\(server.baseURL)/hook'
                        title: '\(String(repeating: "t", count: 300))'
                        message: '\(String(repeating: "m", count: 5000))'
                        content: '\(String(repeating: "c", count: 2500))'
                """)
            _ = try await n.notify(ReceiverTests.notification())
            let body = try ReceiverTests.object(try #require(server.requests.first))
            let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
            #expect(embed["title"] as? String == String(repeating: "t", count: 255) + "…")
            #expect(embed["description"] as? String == String(repeating: "m", count: 4095) + "…")
            #expect(body["content"] as? String == String(repeating: "c", count: 1999) + "…")
        }
    }

    @Test func onlyServerErrorsAreRetried() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - webhook_url: '\(server.baseURL)/api/webhooks/1/secret-token'\n")
            let e502 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 502))
            #expect(e502.retryable && e502.reason == .serverError)
            let e429 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 429))
            #expect(!e429.retryable && e429.reason == .rateLimited)
            let e400 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 400, body: "bad"))
            #expect(!e400.retryable && e400.message == "unexpected status code 400: bad")
        }
        let refused = try notifier("      - webhook_url: 'http://127.0.0.1:1/api/webhooks/1/secret-token'\n")
        let e = await #expect(throws: NotifyError.self) { _ = try await refused.notify(ReceiverTests.notification()) }
        #expect(e?.retryable == true)
        #expect(e?.message.contains("secret-token") == false)
    }
}
