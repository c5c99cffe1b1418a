import Foundation
import Testing
import VigilTesting
@testable import Notifiers

@Suite struct MSTeamsNotifierTests {
    func notifier(_ yaml: String) throws -> MSTeamsNotifier {
        let receiver = try Fixtures.receiver("route: {receiver: r}\nreceivers:\n  - name: r\n    msteams_configs:\n" + yaml)
        return try MSTeamsNotifier(config: receiver.msTeamsConfigs[0], template: try Fixtures.template())
    }

    @Test func messageCardAsUpstreamMarshalsIt() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("""
                      - webhook_url: '\(server.baseURL)/webhookb2/x'
                        title: '{{ .Status }} {{ .GroupLabels.alertname }}'
                        summary: sum
                        text: '{{ len .Alerts.Firing }} firing'
                """)
            _ = try await n.notify(ReceiverTests.notification())
            _ = try await n.notify(ReceiverTests.notification(resolvedOnly: true))
            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests[0].method == "POST")
            #expect(requests[0].path == "/webhookb2/x")
            #expect(requests[0].header("Content-Type") == "application/json")
            #expect(requests[0].bodyText == #"{"@context":"http://schema.org/extensions","type":"MessageCard","title":"firing DiskFull","summary":"sum","text":"1 firing","themeColor":"8C1A1A"}"# + "\n")
            #expect(try ReceiverTests.object(requests[1])["themeColor"] as? String == "2DC72D")
        }
    }

    @Test func defaultTemplatesAndURLFile() async throws {
        try await LoopbackHTTPServer.with { server in
            let file = try ReceiverTests.temporaryFile(server.baseURL + "/from-file")
            defer { ReceiverTests.removeTemporaryFile(file) }
            let n = try notifier("      - webhook_url_file: '\(file)'\n")
            _ = try await n.notify(ReceiverTests.notification())
            let request = try #require(server.requests.first)
            #expect(request.path == "/from-file")
            let body = try ReceiverTests.object(request)
            #expect(body["title"] as? String == "FIRING (1): DiskFull [page]")
            #expect((body["text"] as? String)?.isEmpty == false)
        }
    }

    @Test func onlyServerErrorsAreRetried() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - webhook_url: '\(server.baseURL)/hook'\n")
            #expect(try #require(await ReceiverTests.outcome(of: n, server: server, status: 503)).retryable)
            let e429 = try #require(await ReceiverTests.outcome(of: n, server: server, status: 429))
            #expect(!e429.retryable && e429.reason == .rateLimited)
            #expect(try #require(await ReceiverTests.outcome(of: n, server: server, status: 403)).reason == .authError)
        }
    }
}
