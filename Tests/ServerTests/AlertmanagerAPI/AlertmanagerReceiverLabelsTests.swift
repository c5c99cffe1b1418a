import VigilTesting
import Foundation
import Routing
import Testing
@testable import Server

/// Alertmanager 0.34's labels on receivers and routes as the API shows and filters them, and the API's
/// time format.
@Suite("Alertmanager API: receiver and route labels, times")
struct AlertmanagerReceiverLabelsTests {
    static let config = """
        route:
          receiver: default
          group_by: [alertname]
          routes:
            - matchers: [team="db"]
              receiver: db-pager
              labels:
                escalation: night
                summary: '{{ .CommonLabels.alertname }} for the database'
        receivers:
          - name: default
          - name: db-pager
            labels:
              owner: ops
              tier: "1"
        """

    @Test func receiverLabelsAreShownAndFilterAlertsGroupsAndReceivers() async throws {
        let h = try AlertmanagerAPIHarness(config: Self.config)
        try await h.serve { port in
            _ = try await RawHTTPClient.post(port, "/api/v2/alerts",
                                             json: #"[{"labels":{"alertname":"Disk","team":"db"}},{"labels":{"alertname":"Web"}}]"#)
            let receivers = try await RawHTTPClient.get(port, "/api/v2/receivers")
            #expect(receivers.body == #"[{"labels":{"name":"default"},"name":"default"},{"labels":{"name":"db-pager","owner":"ops","tier":"1"},"name":"db-pager"}]"# + "\n")
            let ops = try await RawHTTPClient.get(port, "/api/v2/receivers?receiver_matchers=owner%3Dops")
            #expect(ops.body == #"[{"labels":{"name":"db-pager","owner":"ops","tier":"1"},"name":"db-pager"}]"# + "\n")

            let alerts = try await RawHTTPClient.get(port, "/api/v2/alerts?receiver_matchers=owner%3Dops")
            #expect(alerts.body.contains(#""alertname":"Disk""#))
            #expect(!alerts.body.contains(#""alertname":"Web""#))
            // A matcher on an absent label with an empty value holds, as in `filter`; on a present one it
            // compares the value.
            let none = try await RawHTTPClient.get(port, "/api/v2/alerts?receiver_matchers=owner%3D%22%22")
            #expect(none.body.contains("Web"))
            #expect(!none.body.contains("Disk"))

            let groups = try await RawHTTPClient.get(port, "/api/v2/alerts/groups?receiver_matchers=tier%3D~%221%7C2%22")
            #expect(groups.status == 200)
            // The plain route label is shown; the templated one needs notification data and is left out.
            #expect(groups.body.hasSuffix(#""receiver":{"name":"db-pager"},"routeLabels":{"escalation":"night"}}]"# + "\n"))
            #expect(!groups.body.contains("Web"))

            let bad = try await RawHTTPClient.get(port, "/api/v2/alerts?receiver_matchers=bad")
            #expect(bad.status == 400)
            #expect(bad.body == "\"failed to parse receiver_matchers param: bad matcher format: bad\"\n")
        }
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_767_323_045.429, "2026-01-02T03:04:05.429Z"),
        // Go truncates to the millisecond when it formats.
        (1_767_323_045.4299, "2026-01-02T03:04:05.429Z"),
        (-0.5, "1969-12-31T23:59:59.500Z"),
    ])
    func timesAreWrittenWithMilliseconds(seconds: Double, text: String) {
        #expect(AlertmanagerTime.format(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func timesAreReadAsRFC3339() throws {
        let base = 1_767_323_045.0
        let cases: [(String, Double)] = [
            ("2026-01-02T03:04:05Z", base), ("2026-01-02T03:04:05.5Z", base + 0.5),
            ("2026-01-02T05:04:05+02:00", base), ("2026-01-01T23:04:05.250-04:00", base + 0.25),
            ("2026-01-02T03:04:05.123456789Z", base + 0.123456789),
        ]
        for (text, expected) in cases {
            let d = try #require(AlertmanagerTime.parse(text), "\(text)")
            #expect(abs(d.timeIntervalSince1970 - expected) < 1e-6, "\(text)")
        }
        for bad in ["", "yesterday", "2026-01-02", "2026-01-02T03:04:05", "2026-02-30T00:00:00Z", "2026-01-02T03:04:05.Z",
                    "2026-01-02T03:04:05Z junk", "2026-01-02T24:00:00Z"] {
            #expect(AlertmanagerTime.parse(bad) == nil, "\(bad)")
        }
        #expect(AlertmanagerTime.parse("0001-01-01T00:00:00.000Z") == AlertmanagerTime.goZero)
    }

    /// Answers of Debian's Alertmanager 0.25 to the same requests.
    @Test func corsAsAlertmanager() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            let plain = try await RawHTTPClient.get(port, "/api/v2/status")
            #expect(plain.header("Vary") == "Origin")
            #expect(plain.header("Access-Control-Allow-Origin") == nil)
            let cross = try await RawHTTPClient.request(port: port, target: "/api/v2/status", headers: ["Origin": "http://grafana.example"])
            #expect(cross.header("Access-Control-Allow-Origin") == "*")

            let preflight = try await RawHTTPClient.request(
                port: port, method: "OPTIONS", target: "/api/v2/alerts",
                headers: ["Origin": "http://grafana.example", "Access-Control-Request-Method": "POST",
                          "Access-Control-Request-Headers": "content-type"])
            #expect(preflight.status == 200)
            #expect(preflight.header("Access-Control-Allow-Origin") == "*")
            #expect(preflight.header("Access-Control-Allow-Methods") == "POST")
            #expect(preflight.header("Access-Control-Allow-Headers") == "Content-Type")
            #expect(preflight.headers.filter { $0.name.lowercased() == "vary" }.map(\.value)
                    == ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"])

            let delete = try await RawHTTPClient.request(
                port: port, method: "OPTIONS", target: "/api/v2/silence/3cc53a6f-3ef7-4e44-8605-6a85f7f2f0f9",
                headers: ["Origin": "http://grafana.example", "Access-Control-Request-Method": "DELETE"])
            #expect(delete.status == 200)
            #expect(delete.header("Access-Control-Allow-Origin") == nil)

            let options = try await RawHTTPClient.request(port: port, method: "OPTIONS", target: "/api/v2/silence/3cc53a6f-3ef7-4e44-8605-6a85f7f2f0f9")
            #expect(options.status == 405)
            #expect(options.body == #"{"code":405,"message":"method OPTIONS is not allowed, but [GET,DELETE] are"}"# + "\n")
            let put = try await RawHTTPClient.request(port: port, method: "PUT", target: "/api/v2/alerts")
            #expect(put.status == 405)
            #expect(put.header("Allow") == "POST,GET")
            #expect(put.body == #"{"code":405,"message":"method PUT is not allowed, but [POST,GET] are"}"# + "\n")
        }
    }

    @Test func secretsAreHiddenWhereverTheyAppearButOnlyAsStrings() throws {
        let text = """
            global:
              smtp_auth_password: "true"
              smtp_smarthost: mail.example:25
              smtp_from: vigil@example.com
              slack_api_url: https://hooks.slack.com/services/T0/B0/XYZ
            route:
              receiver: r
            receivers:
              - name: r
                email_configs:
                  - to: ops@example.com
                    send_resolved: true
                    auth_password: another-secret
                    headers:
                      X-Copy: another-secret
                webhook_configs:
                  - url: http://hook.example/with/token
                    http_config:
                      basic_auth: {username: u, password: pw}
            """
        let config = try AlertmanagerConfig.parse(text, file: "alertmanager.yml")
        let shown = RedactedConfigText.render(original: text, config: config)
        for secret in ["hooks.slack.com", "another-secret", "hook.example", ": pw"] { #expect(!shown.contains(secret), "\(secret)") }
        #expect(shown.contains("send_resolved: true"))
        #expect(shown.contains("smtp_auth_password: <secret>"))
        #expect(shown.contains("username: u"))
        _ = try AlertmanagerConfig.parse(shown, file: "status.yml")
    }

    @Test func uuids() {
        #expect(AlertmanagerAPI.isUUID("3cc53a6f-3ef7-4e44-8605-6a85f7f2f0f9"))
        #expect(AlertmanagerAPI.isUUID("3CC53A6F3EF74E4486056A85F7F2F0F9"))
        #expect(!AlertmanagerAPI.isUUID("3cc53a6f-3ef7-4e44-8605-6a85f7f2f0f"))
        #expect(!AlertmanagerAPI.isUUID("3cc53a6f-3ef7-4e44-8605_6a85f7f2f0f9"))
        #expect(!AlertmanagerAPI.isUUID(""))
    }
}
