import Backends
import Foundation
import GoTemplate
import Testing
import VigilTesting
@testable import Notifiers

/// Debian's Alertmanager 0.25 sends its webhook to a loopback listener; Vigil's payload for the same data
/// must be the same bytes. Fingerprints and the external URL are taken from Alertmanager's message (the
/// router computes them, not the notifier); everything else is built from what the test posted.
@Suite(.enabled(if: AlertmanagerServer.isAvailable, "Debian's prometheus-alertmanager is not installed"))
struct WebhookAlertmanagerComparisonTests {
    static let posted = #"""
        [{"labels":{"alertname":"DiskFull","instance":"a","severity":"page"},"annotations":{"summary":"<b>x</b> & y"},"startsAt":"2024-05-01T10:00:00.123456789Z","generatorURL":"http://prom/graph?g0.expr=up"},
         {"labels":{"alertname":"DiskFull","instance":"b","severity":"page"},"startsAt":"2024-05-01T12:00:00+02:00","endsAt":"2099-01-01T00:00:00Z"},
         {"labels":{"alertname":"DiskFull","instance":"c","note":"é\u2028\u0001"},"startsAt":"2024-05-01T10:00:00Z","endsAt":"2024-05-01T11:00:00.5Z"}]
        """#

    static func holdsAllThree(_ request: RecordedRequest) -> Bool {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        return (body?["alerts"] as? [[String: Any]])?.count == 3
    }

    @Test func vigilPayloadEqualsAlertmanagers() async throws {
        try await LoopbackHTTPServer.with { hook in
            let config = """
                route: {receiver: hook, group_by: [alertname], group_wait: 0s, group_interval: 1s}
                receivers:
                  - name: hook
                    webhook_configs: [{url: '\(hook.baseURL)/am', send_resolved: true}]
                """
            try await AlertmanagerServer.with(config: config) { am in
                let response = try await BackendHTTPClient.with(baseURL: am.baseURL) { client in
                    try await client.send(BackendRequest(method: "POST", path: "/api/v2/alerts",
                                                         headers: [("Content-Type", "application/json")],
                                                         body: Array(Self.posted.utf8)))
                }
                #expect(response.status == 200)
                // The alerts are old, so Alertmanager flushes at once and its first message may hold only the
                // first of them; the next flush (group_interval 1s) holds all three.
                #expect(try await Fixtures.waitUntil(seconds: 60) { hook.requests.contains(where: Self.holdsAllThree) })
            }
            let request = try #require(hook.requests.first(where: Self.holdsAllThree))
            #expect(request.header("User-Agent") == "Alertmanager/0.25.0")
            #expect(request.header("Content-Type") == "application/json")
            let theirs = request.bodyText
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
            let fingerprints = (parsed["alerts"] as? [[String: Any]] ?? []).compactMap { $0["fingerprint"] as? String }
            try #require(fingerprints.count == 3)
            let zero = GoTime(seconds: -62_135_596_800)
            let alerts = [
                AlertmanagerAlert(status: "firing", labels: ["alertname": "DiskFull", "instance": "a", "severity": "page"],
                                  annotations: ["summary": "<b>x</b> & y"], startsAt: GoTime(seconds: 1_714_557_600, nanoseconds: 123_456_789),
                                  endsAt: zero, generatorURL: "http://prom/graph?g0.expr=up", fingerprint: fingerprints[0]),
                // A firing alert's future endsAt is not shown (zero time); its +02:00 offset is kept.
                AlertmanagerAlert(status: "firing", labels: ["alertname": "DiskFull", "instance": "b", "severity": "page"],
                                  startsAt: GoTime(seconds: 1_714_557_600, offset: 7200, zone: "+0200"), endsAt: zero,
                                  fingerprint: fingerprints[1]),
                AlertmanagerAlert(status: "resolved", labels: ["alertname": "DiskFull", "instance": "c", "note": "é\u{2028}\u{1}"],
                                  startsAt: GoTime(seconds: 1_714_557_600), endsAt: GoTime(seconds: 1_714_561_200, nanoseconds: 500_000_000),
                                  fingerprint: fingerprints[2]),
            ]
            let data = AlertmanagerData(receiver: "hook", status: "firing", alerts: alerts, groupLabels: ["alertname": "DiskFull"],
                                        externalURL: parsed["externalURL"] as? String ?? "")
            let ours = WebhookPayload.encode(data, groupKey: #"{}:{alertname="DiskFull"}"#, truncatedAlerts: 0)
            print("Alertmanager 0.25 webhook body (\(theirs.utf8.count) bytes):\n\(theirs)")
            print("Vigil webhook body (\(ours.utf8.count) bytes):\n\(ours)")
            #expect(ours == theirs)
        }
    }
}
