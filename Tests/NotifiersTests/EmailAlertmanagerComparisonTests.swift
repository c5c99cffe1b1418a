import Backends
import Foundation
import GoTemplate
import Testing
import VigilTesting
@testable import Notifiers

/// Debian's Alertmanager 0.25 and Vigil send the same email configuration to aiosmtpd; the envelopes and
/// the message structure must agree. What legitimately differs is normalized away: the boundary, the
/// Message-Id and Date values, the order of the configured headers (Go writes them in map order), and the
/// HTML part's content (Vigil's default template has its own wording; only its part headers are compared).
@Suite(.enabled(if: AlertmanagerServer.isAvailable && SMTPTestServer.isAvailable, "needs Debian's Alertmanager and aiosmtpd"))
struct EmailAlertmanagerComparisonTests {
    static func config(port: Int) -> String {
        """
        global:
          smtp_smarthost: '127.0.0.1:\(port)'
          smtp_from: 'Vigil <vigil@example.com>'
          smtp_require_tls: false
          smtp_hello: am.test
        route: {receiver: mail, group_by: [alertname], group_wait: 0s, group_interval: 1s}
        receivers:
          - name: mail
            email_configs:
              - to: 'ops@example.com, "Dev Team" <dev@example.com>'
                headers: {X-Group: '{{ .GroupLabels.alertname }}', Subject: 'Disk plein à 95% {{ .Status }}'}
                text: "Alerts: {{ len .Alerts }}\\n.leading dot\\nTrailing space \\né {{ range .Alerts }}{{ .Labels.instance }}{{ end }} and a line long enough to need a soft break at seventy-six"
        """
    }

    /// Header lines sorted, varying values replaced, the HTML part's body dropped.
    static func normalize(_ raw: String) -> String {
        let lines = raw.components(separatedBy: "\r\n")
        guard let blank = lines.firstIndex(of: "") else { return raw }
        var headers = Array(lines[..<blank])
        var boundary = ""
        for (i, h) in headers.enumerated() {
            if h.hasPrefix("Message-Id: ") { headers[i] = "Message-Id: <ID>" }
            if h.hasPrefix("Date: ") { headers[i] = "Date: <DATE>" }
            if let r = h.range(of: "boundary=") { boundary = String(h[r.upperBound...]); headers[i] = String(h[..<r.upperBound]) + "<B>" }
        }
        var body = lines[(blank + 1)...].joined(separator: "\r\n").replacingOccurrences(of: boundary, with: "<B>")
        if let html = body.range(of: "Content-Type: text/html; charset=UTF-8\r\n\r\n"), let end = body.range(of: "\r\n--<B>--", range: html.upperBound..<body.endIndex) {
            body.replaceSubrange(html.upperBound..<end.lowerBound, with: "<HTML>")
        }
        return headers.sorted().joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    @Test func sameEnvelopeAndStructureAsAlertmanager() async throws {
        try await SMTPTestServer.with(mode: .plain) { smtp in
            try await AlertmanagerServer.with(config: Self.config(port: smtp.port)) { am in
                _ = try await BackendHTTPClient.with(baseURL: am.baseURL) { client in
                    try await client.send(BackendRequest(method: "POST", path: "/api/v2/alerts", headers: [("Content-Type", "application/json")],
                                                         body: Array(#"[{"labels":{"alertname":"DiskFull","instance":"a"}}]"#.utf8)))
                }
                #expect(try await Fixtures.waitUntil(seconds: 60) { !smtp.received.isEmpty })
            }
            let receiver = try Fixtures.receiver(Self.config(port: smtp.port), named: "mail")
            let data = AlertmanagerData(receiver: "mail", status: "firing",
                                        alerts: [AlertmanagerAlert(status: "firing", labels: ["alertname": "DiskFull", "instance": "a"])],
                                        groupLabels: ["alertname": "DiskFull"])
            _ = try await EmailNotifier(config: receiver.emailConfigs[0], template: try Fixtures.template())
                .notify(Notification(data: data, groupKey: "k"))
            let received = smtp.received
            try #require(received.count == 2)
            let (theirs, ours) = (received[0], received[1])
            #expect(ours.mailFrom == theirs.mailFrom)
            #expect(ours.rcptTos == theirs.rcptTos)
            #expect(ours.mailOptions == theirs.mailOptions)
            print("Alertmanager 0.25 message, normalized:\n\(Self.normalize(theirs.rawText))")
            print("Vigil message, normalized:\n\(Self.normalize(ours.rawText))")
            #expect(Self.normalize(ours.rawText) == Self.normalize(theirs.rawText))
        }
    }
}
