import Foundation
import Testing
@testable import Server

/// Webhook messages as Vigil's webhook notifier and Alertmanager send them.
enum WebhookFixtures {
    /// Byte for byte what Vigil's webhook notifier sends for two alerts of one group (the expected body of
    /// NotifiersTests' `payloadIsVersion4InUpstreamOrderWithGoTimes`; `WebhookAlertmanagerComparisonTests`
    /// checks that body against Debian's Alertmanager 0.25), with `json.Encoder`'s trailing newline.
    static let vigilBody = #"""
        {"receiver":"team","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DiskFull","instance":"a:9100","severity":"page"},"annotations":{"summary":"Disk \u003cfull\u003e \u0026 \"hot\""},"startsAt":"2024-05-01T10:00:00.123456789Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph?g0.expr=up","fingerprint":"1111111111111111"},{"status":"resolved","labels":{"alertname":"DiskFull","instance":"b:9100","severity":"page"},"annotations":{"summary":"Disk ok"},"startsAt":"2024-05-01T10:00:00.123456789Z","endsAt":"2024-05-01T10:10:00Z","generatorURL":"","fingerprint":"2222222222222222"}],"groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull","severity":"page"},"commonAnnotations":{},"externalURL":"http://am.example:9093","version":"4","groupKey":"{}:{alertname=\"DiskFull\"}","truncatedAlerts":0}

        """#

    /// A resolved notification of a group by two labels, as Alertmanager writes one (a `+02:00` start kept
    /// as sent), pretty-printed as a person would type it, with one alert left out by `max_alerts`.
    static let resolvedBody = #"""
        {
          "receiver": "ops-pager",
          "status": "resolved",
          "alerts": [
            {
              "status": "resolved",
              "labels": {"alertname": "NodeDown", "node": "n1", "job": "node", "instance": "n1:9100"},
              "annotations": {"summary": "n1 is back", "description": "up == 1\nfor 5m", "runbook_url": "http://x"},
              "startsAt": "2024-05-01T12:00:00+02:00",
              "endsAt": "2024-05-01T10:05:30.5Z",
              "generatorURL": "",
              "fingerprint": "3333333333333333"
            }
          ],
          "groupLabels": {"alertname": "NodeDown", "node": "n1"},
          "commonLabels": {"alertname": "NodeDown", "node": "n1", "job": "node", "instance": "n1:9100"},
          "commonAnnotations": {"summary": "n1 is back"},
          "externalURL": "http://vigil:9096",
          "version": "4",
          "groupKey": "{}:{alertname=\"NodeDown\", node=\"n1\"}",
          "truncatedAlerts": 1
        }
        """#

    /// 2024-05-01T10:00:05Z.
    static let receivedAt = Date(timeIntervalSince1970: 1_714_557_605)
}

@Suite struct WebhookNotificationTests {
    @Test func readsVigilsOwnWebhookBody() throws {
        let n = try WebhookNotification.decode(Array(WebhookFixtures.vigilBody.utf8))
        #expect(n == WebhookNotification(
            receiver: "team", status: .firing,
            alerts: [
                .init(status: .firing, labels: ["alertname": "DiskFull", "instance": "a:9100", "severity": "page"],
                      annotations: ["summary": #"Disk <full> & "hot""#], startsAt: "2024-05-01T10:00:00.123456789Z",
                      endsAt: "0001-01-01T00:00:00Z", generatorURL: "http://prom/graph?g0.expr=up", fingerprint: "1111111111111111"),
                .init(status: .resolved, labels: ["alertname": "DiskFull", "instance": "b:9100", "severity": "page"],
                      annotations: ["summary": "Disk ok"], startsAt: "2024-05-01T10:00:00.123456789Z",
                      endsAt: "2024-05-01T10:10:00Z", generatorURL: "", fingerprint: "2222222222222222"),
            ],
            groupLabels: ["alertname": "DiskFull"], commonLabels: ["alertname": "DiskFull", "severity": "page"],
            commonAnnotations: [:], externalURL: "http://am.example:9093", version: "4",
            groupKey: #"{}:{alertname="DiskFull"}"#, truncatedAlerts: 0))
    }

    @Test func absentAndNullFieldsAreEmptyAndUnknownFieldsIgnored() throws {
        let n = try WebhookNotification.decode(Array(#"""
            {"status":"firing","alerts":[{"status":"firing","labels":null}],"receiver":null,"title":"Grafana adds this","version":"1"}
            """#.utf8))
        #expect(n == WebhookNotification(receiver: "", status: .firing, alerts: [.init(status: .firing, labels: [:])], version: "1"))
    }

    /// Each refused body and the message naming what is wrong.
    @Test(arguments: [
        ("", "the body is empty; expected Alertmanager's webhook message (JSON)"),
        (" \n", "the body is empty; expected Alertmanager's webhook message (JSON)"),
        ("receiver=x", "the body is not valid JSON (at byte 0)"),
        (#"{"status":"firing","alerts":[]"#, "the body is not valid JSON (at byte 30)"),
        ("[]", "the body must be a JSON object (Alertmanager's webhook message), not an array"),
        ("null", "the body must be a JSON object (Alertmanager's webhook message), not null"),
        (#"{"status":"firing"}"#, "alerts: missing; it is required"),
        (#"{"status":"firing","alerts":{}}"#, "alerts: must be an array, not an object"),
        (#"{"alerts":[]}"#, #"status: missing; it is required ("firing" or "resolved")"#),
        (#"{"status":"FIRING","alerts":[]}"#, #"status: must be "firing" or "resolved", not "FIRING""#),
        (#"{"status":1,"alerts":[]}"#, "status: must be a string, not a number"),
        (#"{"status":"firing","alerts":[7]}"#, "alerts[0]: must be an object, not a number"),
        (#"{"status":"firing","alerts":[{"status":"firing"},{"labels":{}}]}"#,
         #"alerts[1].status: missing; it is required ("firing" or "resolved")"#),
        (#"{"status":"firing","alerts":[{"status":"firing","labels":["a"]}]}"#,
         "alerts[0].labels: must be an object of strings, not an array"),
        (#"{"status":"firing","alerts":[{"status":"firing","labels":{"instance":9100}}]}"#,
         "alerts[0].labels.instance: must be a string, not a number"),
        (#"{"status":"firing","alerts":[{"status":"firing","startsAt":"yesterday"}]}"#,
         #"alerts[0].startsAt: "yesterday" is not an RFC 3339 time"#),
        (#"{"status":"firing","alerts":[{"status":"firing","endsAt":"2024-02-30T00:00:00Z"}]}"#,
         #"alerts[0].endsAt: "2024-02-30T00:00:00Z" is not an RFC 3339 time"#),
        (#"{"status":"firing","alerts":[],"groupLabels":{"a":true}}"#, "groupLabels.a: must be a string, not a boolean"),
        (#"{"status":"firing","alerts":[],"externalURL":[]}"#, "externalURL: must be a string, not an array"),
        (#"{"status":"firing","alerts":[],"truncatedAlerts":-1}"#, "truncatedAlerts: must be a whole number from 0, not -1"),
        (#"{"status":"firing","alerts":[],"truncatedAlerts":1.5}"#, "truncatedAlerts: must be a whole number from 0, not 1.5"),
        (#"{"status":"firing","alerts":[],"truncatedAlerts":1e30}"#, "truncatedAlerts: must be a whole number from 0, not 1e+30"),
        (#"{"status":"firing","alerts":[],"truncatedAlerts":"2"}"#, "truncatedAlerts: must be a number, not a string"),
    ])
    func badBodiesAreRefusedNamingTheField(body: String, message: String) {
        #expect(throws: WebhookNotification.DecodeError(message: message)) {
            _ = try WebhookNotification.decode(Array(body.utf8))
        }
    }

    @Test func aLongBadValueIsShortenedAndControlCharactersEscaped() {
        let value = "\u{1B}[31m" + String(repeating: "x", count: 100)
        let body = #"{"status":"firing","alerts":[{"status":"\#(value.replacingOccurrences(of: "\u{1B}", with: "\\u001b"))"}]}"#
        #expect(throws: WebhookNotification.DecodeError(
            message: #"alerts[0].status: must be "firing" or "resolved", not "\x1b[31m"# + String(repeating: "x", count: 59) + "\"…")) {
            _ = try WebhookNotification.decode(Array(body.utf8))
        }
    }

    @Test func theLargestCountIsRead() throws {
        let n = try WebhookNotification.decode(Array(#"{"status":"firing","alerts":[],"truncatedAlerts":18446744073709549568}"#.utf8))
        #expect(n.truncatedAlerts == 18_446_744_073_709_549_568)
        #expect(throws: WebhookNotification.DecodeError.self) {
            _ = try WebhookNotification.decode(Array(#"{"status":"firing","alerts":[],"truncatedAlerts":18446744073709551616}"#.utf8))
        }
    }
}
