import Foundation
import Testing
@testable import Server

@Suite struct NotificationPrinterTests {
    @Test func aFiringNotificationWithAResolvedAlert() throws {
        let n = try WebhookNotification.decode(Array(WebhookFixtures.vigilBody.utf8))
        #expect(NotificationPrinter.text(n, receivedAt: WebhookFixtures.receivedAt) == #"""
            [2024-05-01T10:00:05.000Z] receiver "team" FIRING 2 alerts (1 resolved) group {alertname="DiskFull"}
              FIRING   {instance="a:9100", severity="page"} startsAt=2024-05-01T10:00:00.123456789Z summary="Disk <full> & \"hot\""
              RESOLVED {instance="b:9100", severity="page"} startsAt=2024-05-01T10:00:00.123456789Z endsAt=2024-05-01T10:10:00Z summary="Disk ok"

            """#)
    }

    @Test func aResolvedNotificationGroupedByTwoLabelsWithATruncatedAlert() throws {
        let n = try WebhookNotification.decode(Array(WebhookFixtures.resolvedBody.utf8))
        // The summary is shown; the description and runbook_url are not.
        #expect(NotificationPrinter.text(n, receivedAt: WebhookFixtures.receivedAt) == #"""
            [2024-05-01T10:00:05.000Z] receiver "ops-pager" RESOLVED 1 alert (+1 truncated) group {alertname="NodeDown", node="n1"}
              RESOLVED {instance="n1:9100", job="node"} startsAt=2024-05-01T12:00:00+02:00 endsAt=2024-05-01T10:05:30.5Z summary="n1 is back"

            """#)
        // Without a summary, the description, its newline escaped so it stays on the alert's line.
        var bare = n
        bare.alerts[0].annotations["summary"] = nil
        #expect(NotificationPrinter.text(bare, receivedAt: WebhookFixtures.receivedAt).hasSuffix(
            #"endsAt=2024-05-01T10:05:30.5Z description="up == 1\nfor 5m""# + "\n"))
    }

    @Test func noAlertsNoGroupLabelsAndControlCharactersFromTheSender() {
        let n = WebhookNotification(receiver: "a\u{1B}[2Jb", status: .firing, alerts: [])
        #expect(NotificationPrinter.text(n, receivedAt: Date(timeIntervalSince1970: 0.25)) ==
            #"[1970-01-01T00:00:00.250Z] receiver "a\x1b[2Jb" FIRING 0 alerts group {}"# + "\n")
        let bare = WebhookNotification(receiver: "r", status: .firing, alerts: [
            .init(status: .firing, labels: ["alertname": "A", "bad": "x\u{202E}y"], annotations: ["summary": ""]),
        ], groupLabels: ["alertname": "A"])
        #expect(NotificationPrinter.text(bare, receivedAt: Date(timeIntervalSince1970: 0)) == #"""
            [1970-01-01T00:00:00.000Z] receiver "r" FIRING 1 alert group {alertname="A"}
              FIRING   {bad="x\u202ey"}

            """#)
    }

    @Test func theJSONLineIsTheBodyAsSentWithReceivedAtFirst() {
        let line = NotificationPrinter.jsonLine(body: Array(WebhookFixtures.vigilBody.utf8), receivedAt: WebhookFixtures.receivedAt)
        #expect(line == #"{"receivedAt":"2024-05-01T10:00:05.000Z","# + WebhookFixtures.vigilBody.dropFirst())
    }

    @Test func aPrettyPrintedBodyBecomesOneLine() throws {
        let line = NotificationPrinter.jsonLine(body: Array(WebhookFixtures.resolvedBody.utf8), receivedAt: WebhookFixtures.receivedAt)
        #expect(line.hasPrefix(#"{"receivedAt":"2024-05-01T10:00:05.000Z","receiver":"ops-pager","status":"resolved","alerts":[{"#))
        #expect(line.contains(#""summary":"n1 is back","description":"up == 1\nfor 5m","runbook_url":"http://x"}"#))
        #expect(line.hasSuffix(#","truncatedAlerts":1}"# + "\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
        let object = try #require(try RequestJSONReader.parse(Array(line.utf8)) as? [String: Any])
        #expect(object["receivedAt"] as? String == "2024-05-01T10:00:05.000Z")
        #expect(object["groupKey"] as? String == #"{}:{alertname="NodeDown", node="n1"}"#)
    }

    @Test func anEmptyObjectGetsOnlyReceivedAt() {
        #expect(NotificationPrinter.jsonLine(body: Array(" { } ".utf8), receivedAt: Date(timeIntervalSince1970: 0))
                == #"{"receivedAt":"1970-01-01T00:00:00.000Z"}"# + "\n")
    }
}
