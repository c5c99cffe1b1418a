import Foundation
import Testing
import VigilTesting
@testable import Notifiers

@Suite struct PushoverNotifierTests {
    func notifier(_ yaml: String, server: LoopbackHTTPServer) throws -> PushoverNotifier {
        let receiver = try Fixtures.receiver("route: {receiver: r}\nreceivers:\n  - name: r\n    pushover_configs:\n" + yaml)
        return try PushoverNotifier(config: receiver.pushoverConfigs[0], template: try Fixtures.template(),
                                    apiURL: server.baseURL + "/1/messages.json")
    }

    func parameters(_ request: RecordedRequest) -> [String: String] {
        Dictionary(request.query, uniquingKeysWith: { a, _ in a })
    }

    @Test func parametersAreSentInTheQueryString() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("""
                      - user_key: 'user key'
                        token: tok
                        title: '{{ .Status }} & more'
                        url_title: Runbook
                        device: phone
                        sound: siren
                        ttl: 90s
                        retry: 2m
                        expire: 30m
                """, server: server)
            _ = try await n.notify(ReceiverTests.notification())
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/1/messages.json")
            #expect(request.header("Content-Type") == "text/plain")
            #expect(request.body.isEmpty)
            // url.Values.Encode: keys sorted, QueryEscape'd.
            #expect(request.uri.hasPrefix("/1/messages.json?device=phone&expire=1800&message="))
            #expect(request.uri.contains("&priority=2&retry=120&sound=siren&title=firing+%26+more&token=tok&ttl=90&url=http%3A%2F%2Fam.example%3A9093%2F%23%2Falerts%3Freceiver%3Dteam&url_title=Runbook&user=user+key"))
            let p = parameters(request)
            #expect(p["html"] == nil && p["monospace"] == nil)
            #expect(p["message"]?.isEmpty == false)
        }
    }

    @Test func priorityFollowsTheStatusAndHTMLIsEscaped() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - {user_key: u, token: t, html: true, message: '{{ .CommonAnnotations.summary }}'}\n", server: server)
            _ = try await n.notify(ReceiverTests.notification(resolvedOnly: true))
            let p = parameters(try #require(server.requests.first))
            #expect(p["priority"] == "0")
            #expect(p["html"] == "1")
            #expect(p["message"] == "Disk ok")
            _ = try await n.notify(Notification(data: Fixtures.data(alerts: [Fixtures.data().alerts[0]]), groupKey: "k"))
            #expect(parameters(server.requests[1])["message"] == "Disk &lt;full&gt; &amp; &#34;hot&#34;")
            #expect(parameters(server.requests[1])["priority"] == "2")
        }
    }

    @Test func monospaceEmptyMessageAndLimits() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("""
                      - user_key: u
                        token: t
                        monospace: true
                        message: '   '
                        title: '\(String(repeating: "t", count: 300))'
                        url: 'http://x/\(String(repeating: "u", count: 600))'
                """, server: server)
            _ = try await n.notify(ReceiverTests.notification())
            let p = parameters(try #require(server.requests.first))
            #expect(p["monospace"] == "1")
            #expect(p["message"] == "(no details)")
            #expect(p["title"] == String(repeating: "t", count: 249) + "…")
            #expect(p["url"]?.unicodeScalars.count == 512)
            #expect(p["url"]?.hasSuffix("u…") == true)

            let long = try notifier("      - {user_key: u, token: t, message: '\(String(repeating: "m", count: 1100))'}\n", server: server)
            _ = try await long.notify(ReceiverTests.notification())
            #expect(parameters(server.requests[1])["message"] == String(repeating: "m", count: 1023) + "…")
        }
    }

    @Test func tokenAndUserKeyFiles() async throws {
        try await LoopbackHTTPServer.with { server in
            let token = try ReceiverTests.temporaryFile("file-token\n")
            defer { ReceiverTests.removeTemporaryFile(token) }
            let user = try ReceiverTests.temporaryFile("file-user")
            defer { ReceiverTests.removeTemporaryFile(user) }
            let n = try notifier("      - {user_key_file: '\(user)', token_file: '\(token)'}\n", server: server)
            _ = try await n.notify(ReceiverTests.notification())
            let p = parameters(try #require(server.requests.first))
            #expect(p["token"] == "file-token")
            #expect(p["user"] == "file-user")
            try FileManager.default.removeItem(atPath: token)
            let e = await #expect(throws: NotifyError.self) { _ = try await n.notify(ReceiverTests.notification()) }
            #expect(e?.message.hasPrefix("read token_file:") == true)
            #expect(e?.retryable == false)
        }
    }

    @Test func onlyServerErrorsAreRetriedAndTheTokenStaysHidden() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - {user_key: u, token: secret-token}\n", server: server)
            let e500 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 500, body: #"{"status":0}"#))
            #expect(e500.retryable && e500.reason == .serverError)
            #expect(e500.message.contains("secret-token") == false)
            #expect(try #require(await ReceiverTests.outcome(of: n, server: server, status: 429)).retryable == false)
            #expect(try #require(await ReceiverTests.outcome(of: n, server: server, status: 400)).retryable == false)
        }
        let refused = try PushoverNotifier(config: try Fixtures.receiver("route: {receiver: r}\nreceivers: [{name: r, pushover_configs: [{user_key: u, token: secret-token}]}]").pushoverConfigs[0],
                                           template: try Fixtures.template(), apiURL: "http://127.0.0.1:1/1/messages.json")
        let e = await #expect(throws: NotifyError.self) { _ = try await refused.notify(ReceiverTests.notification()) }
        #expect(e?.retryable == true)
        #expect(e?.message.contains("secret-token") == false)
    }
}
