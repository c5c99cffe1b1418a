import Foundation
import Testing
import VigilTesting
@testable import Notifiers

@Suite struct MSTeamsV2NotifierTests {
    func notifier(_ yaml: String) throws -> MSTeamsV2Notifier {
        let receiver = try Fixtures.receiver("route: {receiver: r}\nreceivers:\n  - name: r\n    msteamsv2_configs:\n" + yaml)
        return try MSTeamsV2Notifier(config: receiver.msTeamsV2Configs[0], template: try Fixtures.template())
    }

    @Test func adaptiveCardAsUpstreamMarshalsIt() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("""
                      - webhook_url: '\(server.baseURL)/workflows/x?sig=s'
                        title: '{{ .Status }}'
                        text: '<{{ .GroupLabels.alertname }}>'
                """)
            _ = try await n.notify(ReceiverTests.notification())
            _ = try await n.notify(ReceiverTests.notification(resolvedOnly: true))
            let requests = server.requests
            #expect(requests[0].uri == "/workflows/x?sig=s")
            #expect(requests[0].header("Content-Type") == "application/json")
            let expected = #"{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,"content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.2","body":[{"type":"TextBlock","text":"firing","weight":"Bolder","size":"Medium","wrap":true,"style":"heading","color":"Attention"},{"type":"TextBlock","text":"\u003cDiskFull\u003e","wrap":true}],"msteams":{"width":"full"}}}]}"#
            #expect(requests[0].bodyText == expected + "\n")
            #expect(requests[1].bodyText.contains(#""color":"Good""#))
        }
    }

    @Test func defaultTemplatesAndRetry() async throws {
        try await LoopbackHTTPServer.with { server in
            let n = try notifier("      - webhook_url: '\(server.baseURL)/hook'\n")
            _ = try await n.notify(ReceiverTests.notification())
            let body = try ReceiverTests.object(try #require(server.requests.first))
            let card = try #require(((body["attachments"] as? [[String: Any]])?.first?["content"]) as? [String: Any])
            let blocks = try #require(card["body"] as? [[String: Any]])
            #expect(blocks[0]["text"] as? String == "FIRING (1): DiskFull [page]")
            #expect((blocks[1]["text"] as? String)?.isEmpty == false)
            #expect(try #require(await ReceiverTests.outcome(of: n, server: server, status: 500)).retryable)
            #expect(try #require(await ReceiverTests.outcome(of: n, server: server, status: 429)).retryable == false)
        }
    }
}
