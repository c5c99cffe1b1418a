import VigilTesting
import Foundation
import Routing
import Server
import Testing
import TimeSeries

/// `POST` and `GET /api/v2/alerts` and `GET /api/v2/alerts/groups` over a real router. Expected bodies
/// are what Debian's Alertmanager 0.25 answered to the same requests (fingerprints included), plus the
/// 0.34 `mutedBy` list.
@Suite("Alertmanager API: alerts")
struct AlertmanagerAlertsAPITests {
    static let page = "f2f95d02269594eb"
    static let warn = "4e124ea75b39c60a"
    static let twoAlerts = #"[{"labels":{"alertname":"A","severity":"page"},"annotations":{"x":"y"}},{"labels":{"alertname":"A","severity":"warn"},"generatorURL":"http://g"}]"#

    static let pageJSON = #"{"annotations":{"x":"y"},"endsAt":"2026-01-02T03:09:05.000Z","fingerprint":"f2f95d02269594eb","receivers":[{"name":"pager"}],"startsAt":"2026-01-02T03:04:05.000Z","status":{"inhibitedBy":[],"mutedBy":[],"silencedBy":[],"state":"active"},"updatedAt":"2026-01-02T03:04:05.000Z","labels":{"alertname":"A","severity":"page"}}"#
    static let warnJSON = #"{"annotations":{},"endsAt":"2026-01-02T03:09:05.000Z","fingerprint":"4e124ea75b39c60a","receivers":[{"name":"team-a"}],"startsAt":"2026-01-02T03:04:05.000Z","status":{"inhibitedBy":["f2f95d02269594eb"],"mutedBy":[],"silencedBy":[],"state":"suppressed"},"updatedAt":"2026-01-02T03:04:05.000Z","generatorURL":"http://g","labels":{"alertname":"A","severity":"warn"}}"#

    @Test func postedAlertsAreListedWithStatusAndReceivers() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            let posted = try await RawHTTPClient.post(port, "/api/v2/alerts", json: Self.twoAlerts)
            #expect(posted.status == 200)
            #expect(posted.body == "")
            #expect(posted.header("Cache-Control") == "no-store")
            let listed = try await RawHTTPClient.get(port, "/api/v2/alerts")
            #expect(listed.status == 200)
            #expect(listed.header("Content-Type") == "application/json")
            // Sorted by fingerprint.
            #expect(listed.body == "[\(Self.warnJSON),\(Self.pageJSON)]\n")
        }
    }

    @Test func invalidAlertsAreRefusedButTheValidOnesKept() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            let body = #"[{"labels":{}},{"labels":{"alertname":"B"}},{"labels":{"a":"b"},"startsAt":"2026-01-02T00:00:00Z","endsAt":"2025-01-01T00:00:00Z"}]"#
            let r = try await RawHTTPClient.post(port, "/api/v2/alerts", json: body)
            #expect(r.status == 400)
            #expect(r.body == "\"at least one label pair required; start time must be before end time\"\n")
            let listed = try await RawHTTPClient.get(port, "/api/v2/alerts")
            #expect(listed.body.contains(#""labels":{"alertname":"B"}"#))
            #expect(!listed.body.contains(#""a":"b""#))

            let emptyName = try await RawHTTPClient.post(port, "/api/v2/alerts", json: #"[{"labels":{"":"x"}}]"#)
            #expect(emptyName.status == 400)
            #expect(emptyName.body == "\"invalid label set: invalid name \\\"\\\"\"\n")
        }
    }

    @Test func bodiesThatDoNotFitTheSpecAreRefusedAsGoSwaggerDoes() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            let cases: [(String, Int, String)] = [
                (#"[{"annotations":{"a":"x"}}]"#, 422, #"{"code":602,"message":"0.labels in body is required"}"#),
                (#"{"labels":{"a":"x"}}"#, 400,
                 #"{"code":400,"message":"parsing alerts body from \"\" failed, because json: cannot unmarshal object into Go value of type models.PostableAlerts"}"#),
                ("garbage", 400,
                 #"{"code":400,"message":"parsing alerts body from \"\" failed, because invalid character 'g' looking for beginning of value"}"#),
                ("", 422, #"{"code":602,"message":"alerts in body is required"}"#),
            ]
            for (body, status, expected) in cases {
                let r = try await RawHTTPClient.post(port, "/api/v2/alerts", json: body)
                #expect(r.status == status, "\(body)")
                #expect(r.body == expected + "\n", "\(body)")
            }
            let badTime = try await RawHTTPClient.post(port, "/api/v2/alerts", json: #"[{"labels":{"a":"x"},"startsAt":"yesterday"}]"#)
            #expect(badTime.status == 400)
            #expect(badTime.body.contains(#"parsing time \"yesterday\""#))
        }
    }

    @Test func filtersAsUpstream() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            _ = try await RawHTTPClient.post(port, "/api/v2/alerts", json: Self.twoAlerts)
            let cases: [(String, Int, String)] = [
                ("active=false", 200, "[\(Self.warnJSON)]"),
                // go-openapi reads any word it does not know as false, never as an error.
                ("active=maybe", 200, "[\(Self.warnJSON)]"),
                ("active=", 200, "[\(Self.warnJSON),\(Self.pageJSON)]"),
                ("inhibited=false", 200, "[\(Self.pageJSON)]"),
                ("filter=severity%3D%22page%22", 200, "[\(Self.pageJSON)]"),
                ("filter=alertname%3DA&filter=severity%3D~w.*", 200, "[\(Self.warnJSON)]"),
                ("filter=missing%3D%22%22", 200, "[\(Self.warnJSON),\(Self.pageJSON)]"),
                ("receiver=pag", 200, "[]"),
                ("receiver=pager", 200, "[\(Self.pageJSON)]"),
                ("receiver=team-.*", 200, "[\(Self.warnJSON)]"),
                ("filter=foo", 400, #""bad matcher format: foo""#),
                // Alertmanager 0.34's single-matcher parser refuses braces first (0.25 said `bad matcher format`).
                ("filter=%7Bfoo%3D%22bar%22", 400, #""unexpected open or close brace: {foo=\"bar\"""#),
                ("receiver=(", 400, #""failed to parse receiver param: error parsing regexp: missing closing ): `^(?:()$`""#),
            ]
            for (query, status, expected) in cases {
                let r = try await RawHTTPClient.get(port, "/api/v2/alerts?" + query)
                #expect(r.status == status, "\(query)")
                #expect(r.body == expected + "\n", "\(query)")
            }
        }
    }

    @Test func goZeroTimesMeanNotSet() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            // What go-swagger clients (amtool's `alert add`) send for times they leave empty.
            let r = try await RawHTTPClient.post(
                port, "/api/v2/alerts",
                json: #"[{"labels":{"alertname":"Z"},"startsAt":"0001-01-01T00:00:00.000Z","endsAt":"0001-01-01T00:00:00.000Z"}]"#)
            #expect(r.status == 200)
            let listed = try await RawHTTPClient.get(port, "/api/v2/alerts")
            #expect(listed.body.contains(#""endsAt":"2026-01-02T03:09:05.000Z","fingerprint""#))
            #expect(listed.body.contains(#""startsAt":"2026-01-02T03:04:05.000Z""#))
        }
    }

    @Test func resolvedAlertsAreNotListed() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            _ = try await RawHTTPClient.post(port, "/api/v2/alerts",
                                             json: #"[{"labels":{"alertname":"Gone"},"endsAt":"2026-01-02T03:04:06Z"}]"#)
            #expect(try await RawHTTPClient.get(port, "/api/v2/alerts").body.contains("Gone"))
            h.clock.set(AlertmanagerAPIHarness.t0.addingTimeInterval(2))
            #expect(try await RawHTTPClient.get(port, "/api/v2/alerts").body == "[]\n")
        }
    }

    @Test func groupsWithTheirAlertsAndFilters() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            _ = try await RawHTTPClient.post(port, "/api/v2/alerts", json: Self.twoAlerts)
            _ = try await RawHTTPClient.post(port, "/api/v2/alerts", json: #"[{"labels":{"alertname":"B"}}]"#)
            let b = #"{"annotations":{},"endsAt":"2026-01-02T03:09:05.000Z","fingerprint":"d2c2efc389db2050","receivers":[{"name":"team-a"}],"startsAt":"2026-01-02T03:04:05.000Z","status":{"inhibitedBy":[],"mutedBy":[],"silencedBy":[],"state":"active"},"updatedAt":"2026-01-02T03:04:05.000Z","labels":{"alertname":"B"}}"#
            let all = try await RawHTTPClient.get(port, "/api/v2/alerts/groups")
            #expect(all.status == 200)
            #expect(all.body == """
                [{"alerts":[\(Self.pageJSON)],"labels":{"alertname":"A"},"receiver":{"name":"pager"},"routeLabels":{}},\
                {"alerts":[\(Self.warnJSON)],"labels":{"alertname":"A"},"receiver":{"name":"team-a"},"routeLabels":{}},\
                {"alerts":[\(b)],"labels":{"alertname":"B"},"receiver":{"name":"team-a"},"routeLabels":{}}]\n
                """)
            // A group whose alerts are all filtered out is left out.
            let pagerOnly = try await RawHTTPClient.get(port, "/api/v2/alerts/groups?receiver=pager")
            #expect(pagerOnly.body == #"[{"alerts":[\#(Self.pageJSON)],"labels":{"alertname":"A"},"receiver":{"name":"pager"},"routeLabels":{}}]"# + "\n")
            let notInhibited = try await RawHTTPClient.get(port, "/api/v2/alerts/groups?inhibited=false&filter=alertname%3DA")
            #expect(notInhibited.body == #"[{"alerts":[\#(Self.pageJSON)],"labels":{"alertname":"A"},"receiver":{"name":"pager"},"routeLabels":{}}]"# + "\n")
            let bad = try await RawHTTPClient.get(port, "/api/v2/alerts/groups?filter=%3D%3D")
            #expect(bad.status == 400)
        }
    }
}
