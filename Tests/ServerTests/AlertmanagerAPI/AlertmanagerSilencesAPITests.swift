import VigilTesting
import Foundation
import Routing
import Server
import Testing
import Yams

/// The silence routes and status, receivers: status codes, payloads and messages as Alertmanager's.
@Suite("Alertmanager API: silences, status, receivers")
struct AlertmanagerSilencesAPITests {
    static func silence(_ matchers: String = #"[{"name":"alertname","value":"A","isRegex":false}]"#,
                        starts: String = "2026-01-01T00:00:00Z", ends: String = "2027-01-01T00:00:00Z", id: String? = nil) -> String {
        let idField = id.map { #""id":"\#($0)","# } ?? ""
        return #"{\#(idField)"matchers":\#(matchers),"startsAt":"\#(starts)","endsAt":"\#(ends)","createdBy":"me","comment":"c"}"#
    }

    static let first = "00000000-0000-4000-8000-000000000001"
    static let second = "00000000-0000-4000-8000-000000000002"

    @Test func createListGetAndExpire() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            let created = try await RawHTTPClient.post(port, "/api/v2/silences", json: Self.silence())
            #expect(created.status == 200)
            #expect(created.body == #"{"silenceID":"\#(Self.first)"}"# + "\n")
            let negative = try await RawHTTPClient.post(
                port, "/api/v2/silences",
                json: Self.silence(#"[{"name":"alertname","value":"x","isRegex":false,"isEqual":false}]"#, ends: "2026-06-01T00:00:00Z"))
            #expect(negative.body == #"{"silenceID":"\#(Self.second)"}"# + "\n")

            // The start in the past moved up to now; active silences sort by their end, soonest first.
            let firstJSON = #"{"id":"\#(Self.first)","status":{"state":"active"},"updatedAt":"2026-01-02T03:04:05.000Z","comment":"c","createdBy":"me","endsAt":"2027-01-01T00:00:00.000Z","matchers":[{"isEqual":true,"isRegex":false,"name":"alertname","value":"A"}],"startsAt":"2026-01-02T03:04:05.000Z"}"#
            let secondJSON = #"{"id":"\#(Self.second)","status":{"state":"active"},"updatedAt":"2026-01-02T03:04:05.000Z","comment":"c","createdBy":"me","endsAt":"2026-06-01T00:00:00.000Z","matchers":[{"isEqual":false,"isRegex":false,"name":"alertname","value":"x"}],"startsAt":"2026-01-02T03:04:05.000Z"}"#
            let all = try await RawHTTPClient.get(port, "/api/v2/silences")
            #expect(all.status == 200)
            #expect(all.body == "[\(secondJSON),\(firstJSON)]\n")
            // The filter looks for an identical matcher; it does not evaluate anything.
            #expect(try await RawHTTPClient.get(port, "/api/v2/silences?filter=alertname%3DA").body == "[\(firstJSON)]\n")
            #expect(try await RawHTTPClient.get(port, "/api/v2/silences?filter=alertname%3D~A").body == "[]\n")
            #expect(try await RawHTTPClient.get(port, "/api/v2/silences?filter=alertname!%3Dx").body == "[\(secondJSON)]\n")
            let badFilter = try await RawHTTPClient.get(port, "/api/v2/silences?filter=bad")
            #expect(badFilter.status == 400)
            #expect(badFilter.body == "\"bad matcher format: bad\"\n")

            let one = try await RawHTTPClient.get(port, "/api/v2/silence/\(Self.first)")
            #expect(one.status == 200)
            #expect(one.body == firstJSON + "\n")

            // The silence mutes the alert it matches.
            _ = try await RawHTTPClient.post(port, "/api/v2/alerts", json: #"[{"labels":{"alertname":"A"}}]"#)
            let alerts = try await RawHTTPClient.get(port, "/api/v2/alerts")
            #expect(alerts.body.contains(#""silencedBy":["\#(Self.first)","\#(Self.second)"],"state":"suppressed""#))

            h.clock.set(AlertmanagerAPIHarness.t0.addingTimeInterval(10))
            let expired = try await RawHTTPClient.delete(port, "/api/v2/silence/\(Self.first)")
            #expect(expired.status == 200)
            #expect(expired.body == "")
            // Expiring sets the end to now, and a silence is still active at its end instant.
            h.clock.set(AlertmanagerAPIHarness.t0.addingTimeInterval(11))
            let after = try await RawHTTPClient.get(port, "/api/v2/silence/\(Self.first)")
            #expect(after.body.contains(#""status":{"state":"expired"},"updatedAt":"2026-01-02T03:04:15.000Z""#))
            #expect(after.body.contains(#""endsAt":"2026-01-02T03:04:15.000Z""#))
            #expect(try await RawHTTPClient.get(port, "/api/v2/silences?expired=false").body == "[\(secondJSON)]\n")
            #expect(try await RawHTTPClient.get(port, "/api/v2/silences?active=false").body.hasPrefix(#"[{"id":"\#(Self.first)""#))
        }
    }

    @Test func updatingASilence() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            _ = try await RawHTTPClient.post(port, "/api/v2/silences", json: Self.silence())
            // Same matchers and start, a new end: updated in place, same ID.
            let extended = try await RawHTTPClient.post(
                port, "/api/v2/silences", json: Self.silence(starts: "2026-01-02T03:04:05Z", ends: "2028-01-01T00:00:00Z", id: Self.first))
            #expect(extended.body == #"{"silenceID":"\#(Self.first)"}"# + "\n")
            // New matchers: the old one expires and a new silence takes its place.
            let changed = try await RawHTTPClient.post(
                port, "/api/v2/silences",
                json: Self.silence(#"[{"name":"alertname","value":"B","isRegex":false}]"#, id: Self.first))
            #expect(changed.body == #"{"silenceID":"\#(Self.second)"}"# + "\n")
            h.clock.set(AlertmanagerAPIHarness.t0.addingTimeInterval(1))
            #expect(try await RawHTTPClient.get(port, "/api/v2/silence/\(Self.first)").body.contains(#""state":"expired""#))
            let unknown = try await RawHTTPClient.post(port, "/api/v2/silences",
                                                       json: Self.silence(id: "00000000-0000-4000-8000-000000000099"))
            #expect(unknown.status == 404)
            #expect(unknown.body == "\"silence not found\"\n")
        }
    }

    @Test func refusedSilences() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            let cases: [(String, Int, String)] = [
                (Self.silence(starts: "2027-01-01T00:00:00Z", ends: "2026-01-01T00:00:00Z"), 400,
                 #""Failed to create silence: start time must be before end time""#),
                (Self.silence(starts: "2026-01-01T00:00:00Z", ends: "2026-01-01T00:00:00Z"), 400,
                 #""Failed to create silence: start time must be before end time""#),
                (Self.silence(ends: "2026-01-02T00:00:00Z"), 400, #""Failed to create silence: end time can't be in the past""#),
                (Self.silence(#"[{"name":"alertname","value":"","isRegex":false}]"#), 400,
                 #""invalid silence: matcher set 0: at least one matcher must not match the empty string""#),
                (Self.silence(#"[{"name":"alertname","value":"(","isRegex":true}]"#), 400,
                 #""invalid silence: invalid label matcher 0 in set 0: invalid regular expression \"(\": error parsing regexp: missing closing ): `(`""#),
                (Self.silence("[]"), 422, #"{"code":612,"message":"matchers in body should have at least 1 items"}"#),
                (#"{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2027-01-02T00:00:00Z","comment":"c"}"#,
                 422, #"{"code":602,"message":"createdBy in body is required"}"#),
                (#"{"matchers":[{"name":"a","value":"b"}],"endsAt":"2027-01-02T00:00:00Z","comment":"c"}"#, 422,
                 #"{"code":422,"message":"validation failure list:\ncreatedBy in body is required\nmatchers.0.isRegex in body is required\nstartsAt in body is required"}"#),
                ("[]", 400,
                 #"{"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal array into Go value of type models.PostableSilence"}"#),
            ]
            for (body, status, expected) in cases {
                let r = try await RawHTTPClient.post(port, "/api/v2/silences", json: body)
                #expect(r.status == status, "\(body)")
                #expect(r.body == expected + "\n", "\(body)")
            }
            #expect(try await RawHTTPClient.get(port, "/api/v2/silences").body == "[]\n")
        }
    }

    @Test func silenceIDsMustBeUUIDs() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            let bad = try await RawHTTPClient.get(port, "/api/v2/silence/abc")
            #expect(bad.status == 422)
            #expect(bad.body == #"{"code":601,"message":"silenceID in path must be of type uuid: \"abc\""}"# + "\n")
            #expect(try await RawHTTPClient.delete(port, "/api/v2/silence/xyz").status == 422)
            let missing = try await RawHTTPClient.get(port, "/api/v2/silence/3cc53a6f-3ef7-4e44-8605-6a85f7f2f0f0")
            #expect(missing.status == 404)
            #expect(missing.body == "")
            #expect(try await RawHTTPClient.delete(port, "/api/v2/silence/3cc53a6f-3ef7-4e44-8605-6a85f7f2f0f0").status == 404)
        }
    }

    @Test func statusHidesSecretsAndReceiversAreListed() async throws {
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            let r = try await RawHTTPClient.get(port, "/api/v2/status")
            #expect(r.status == 200)
            let status = try r.json
            #expect(r.body.hasPrefix(#"{"cluster":{"peers":[],"status":"disabled"},"config":{"original":"#))
            #expect(r.body.hasSuffix(#""uptime":"2026-01-02T03:04:05.000Z","versionInfo":{"branch":"main","buildDate":"20260101-00:00:00","buildUser":"ci","goVersion":"\#(AlertmanagerVersionInfo.toolchain)","revision":"abc","version":"0.1.0"}}"# + "\n"))
            let original = try #require((status["config"] as? [String: Any])?["original"] as? String)
            for secret in ["hunter2", "hooks.slack.com", "s3cr3t"] { #expect(!original.contains(secret)) }
            let yaml = try #require(try Yams.load(yaml: original) as? [String: Any])
            let global = try #require(yaml["global"] as? [String: Any])
            #expect(global["smtp_auth_password"] as? String == "<secret>")
            #expect(global["resolve_timeout"] as? String == "5m")
            // The status text is itself a configuration that loads.
            _ = try AlertmanagerConfig.parse(original, file: "status.yml")

            let receivers = try await RawHTTPClient.get(port, "/api/v2/receivers")
            // Alertmanager 0.34 gives every receiver the label `name` (its own name), shown with its labels.
            #expect(receivers.body == #"[{"labels":{"name":"team-a"},"name":"team-a"},{"labels":{"name":"pager"},"name":"pager"}]"# + "\n")
        }
    }
}
