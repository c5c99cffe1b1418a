import Foundation
import Testing
import VigilTesting
@testable import Notifiers

@Suite struct TelegramNotifierTests {
    static let ok = #"{"ok":true,"result":{"message_id":1,"chat":{"id":-100}}}"#

    func notifier(_ yaml: String) throws -> TelegramNotifier {
        let receiver = try Fixtures.receiver("route: {receiver: r}\nreceivers:\n  - name: r\n    telegram_configs:\n" + yaml)
        return try TelegramNotifier(config: receiver.telegramConfigs[0], template: try Fixtures.template())
    }

    /// The text Telegram receives for `message`, as upstream's `TestTelegramNotify` checks it.
    func sentText(_ server: LoopbackHTTPServer, _ yaml: String) async throws -> String {
        server.enqueue(.json(Self.ok))
        let n = try notifier("      - {api_url: '\(server.baseURL)', bot_token: secret, chat_id: 5, \(yaml)}\n")
        _ = try await n.notify(ReceiverTests.notification())
        let request = try #require(server.requests.last)
        #expect(request.path == "/botsecret/sendMessage")
        return try #require(try ReceiverTests.object(request)["text"] as? String)
    }

    @Test func sendMessageBodyIsAStringMap() async throws {
        try await LoopbackHTTPServer.with { server in
            server.enqueue(.json(Self.ok))
            let n = try notifier("""
                      - api_url: '\(server.baseURL)'
                        bot_token: '123:abc'
                        chat_id: -1001234
                        message_thread_id: 7
                        disable_notifications: true
                        message: '{{ .Status }} <b>{{ .GroupLabels.alertname }}</b>'
                """)
            let outcome = try await n.notify(ReceiverTests.notification())
            #expect(outcome.status == 200)
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.path == "/bot123:abc/sendMessage")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.bodyText == #"{"chat_id":"-1001234","disable_notification":"true","disable_web_page_preview":"true","message_thread_id":"7","parse_mode":"HTML","text":"firing \u003cb\u003eDiskFull\u003c/b\u003e"}"# + "\n")
        }
    }

    @Test func htmlModeEscapesAndPlainModeDoesNot() async throws {
        try await LoopbackHTTPServer.with { server in
            let sent1 = try await sentText(server, "parse_mode: '', message: '<code>x < y</code>'")
            #expect(sent1 == "<code>x < y</code>")
            let sent2 = try await sentText(server, "parse_mode: HTML, message: '<code>x < y</code>'")
            #expect(sent2 == "<code>x &lt; y</code>")
            let sent3 = try await sentText(server, "parse_mode: HTML, message: '{{ (index .Alerts 0).Annotations.summary }}'")
            #expect(sent3 == "Disk &lt;full&gt; &amp; &#34;hot&#34;")
            let sent4 = try await sentText(server, "parse_mode: Markdown, message: '{{ (index .Alerts 0).Annotations.summary }}'")
            #expect(sent4 == "Disk <full> & \"hot\"")
        }
    }

    @Test func longMessagesAreCutOrReplaced() async throws {
        try await LoopbackHTTPServer.with { server in
            let html = try await sentText(server, "parse_mode: HTML, message: '\(String(repeating: "x", count: 5000))'")
            #expect(html == "Alertmanager notification could not be sent: message length exceeds Telegram limits.\n\t\t\tPlease check the template used for producing the message content.")
            let plain = try await sentText(server, "parse_mode: '', message: '\(String(repeating: "y", count: 5000))'")
            #expect(plain == String(repeating: "y", count: 4095) + "…")
            let sent5 = try await sentText(server, "parse_mode: HTML, message: '\(String(repeating: "a", count: 4096))'")
            #expect(sent5 == String(repeating: "a", count: 4096))
        }
    }

    @Test func tokenAndChatIDFromFiles() async throws {
        try await LoopbackHTTPServer.with { server in
            let token = try ReceiverTests.temporaryFile("file-token\n")
            defer { ReceiverTests.removeTemporaryFile(token) }
            let chat = try ReceiverTests.temporaryFile(" 42 \n")
            defer { ReceiverTests.removeTemporaryFile(chat) }
            server.enqueue(.json(Self.ok))
            let n = try notifier("      - {api_url: '\(server.baseURL)', bot_token_file: '\(token)', chat_id_file: '\(chat)'}\n")
            _ = try await n.notify(ReceiverTests.notification())
            let request = try #require(server.requests.first)
            #expect(request.path == "/botfile-token/sendMessage")
            #expect(try ReceiverTests.object(request)["chat_id"] as? String == "42")
            try "not-a-number".write(toFile: chat, atomically: true, encoding: .utf8)
            let e = await #expect(throws: NotifyError.self) { _ = try await n.notify(ReceiverTests.notification()) }
            #expect(e?.message.contains("could not parse chat_id") == true)
        }
    }

    @Test func failuresAreRetriedWithTheReasonOfTheirErrorCode() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - {api_url: '\(server.baseURL)', bot_token: secret, chat_id: 5}\n")
            let notFound = try #require(await ReceiverTests.outcome(of: n, server: server, status: 400,
                body: #"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#, contentType: "application/json"))
            #expect(notFound.retryable)
            #expect(notFound.reason == .clientError)
            #expect(notFound.message == "telegram: Bad Request: chat not found (400)")
            let flood = try #require(await ReceiverTests.outcome(of: n, server: server, status: 429,
                body: #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}"#, contentType: "application/json"))
            #expect(flood.retryable && flood.reason == .rateLimited)
            let unauthorized = try #require(await ReceiverTests.outcome(of: n, server: server, status: 401,
                body: #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#, contentType: "application/json"))
            #expect(unauthorized.retryable && unauthorized.reason == .authError)
            let gateway = try #require(await ReceiverTests.outcome(of: n, server: server, status: 502, body: "<html>bad gateway</html>"))
            #expect(gateway.retryable && gateway.reason == .serverError)
            #expect(gateway.message.contains("secret") == false)
        }
    }
}
