import VigilTesting
import Foundation
import Rules
import Server
import Testing
import TimeSeries

/// `GET /api/v1/rules` and `GET /api/v1/alerts` through a real server: Prometheus 3.14's shapes field by
/// field, its filters, pagination and errors.
@Suite("Prometheus rules and alerts API")
struct RulesAPITests {
    static let t0 = Fixtures.t0
    static let clock = FixedRuleClock(nanoseconds: Fixtures.t0 * 1_000_000)

    static let mainFile = """
        groups:
          - name: g1
            interval: 30s
            limit: 10
            rules:
              - record: job:up:sum
                expr: sum  by(job)(up)
                labels:
                  source: rec
              - alert: HighValue
                expr: vector(1.5) < 3
                for: 5m
                keep_firing_for: 1m
                labels:
                  severity: page
                annotations:
                  summary: "value {{ $value }}"
        """

    /// The first group of `mainFile` evaluated once at t0: the recording rule gives one series, the alert
    /// is pending.
    static func g1() throws -> RuleGroupSnapshot {
        let group = try Fixtures.groups(mainFile)[0]
        return Fixtures.snapshot(group, at: [t0], clock: clock) { i, t in
            i == 0 ? .success([Fixtures.sample(["job": "a"], 3, t: t)]) : .success([Fixtures.sample([:], 1.5, t: t)])
        }
    }

    /// Groups covering every state: firing, kept firing, failing, never evaluated; two files.
    static func variety() throws -> [RuleGroupSnapshot] {
        let yaml = """
            groups:
              - name: alerts
                rules:
                  - alert: Down
                    expr: up == 0
                    labels:
                      severity: page
                  - alert: Flapping
                    expr: flap > 0
                    keep_firing_for: 10m
                    labels:
                      severity: ticket
                  - alert: Broken
                    expr: broken
                  - record: broken:rate
                    expr: rate(broken[5m])
              - name: idle
                rules:
                  - alert: NeverEvaluated
                    expr: vector(1)
            """
        let groups = try Fixtures.groups(yaml, file: "b.yml")
        let t1 = t0 + 60_000
        let alerts = Fixtures.snapshot(groups[0], file: "b.yml", datasource: "homelab", at: [t0, t1], clock: clock) { i, t in
            switch i {
            case 0: return .success([Fixtures.sample(["__name__": "up", "job": "node", "instance": "x"], 0, t: t)])
            case 1: return .success(t == t0 ? [Fixtures.sample(["__name__": "flap", "instance": "y"], 2, t: t)] : [])
            case 2: return .failure(.query(message: "query timed out in expression evaluation"))
            default: return .failure(.query(message: "bad_data: 1:6: parse error: <oops>"))
            }
        }
        let idle = RuleGroupSnapshot(key: RuleGroupKey(file: "b.yml", name: "idle"), language: .prometheus,
                                     datasource: "homelab",
                                     evaluator: RuleGroupEvaluator(group: groups[1], file: "b.yml", options: Fixtures.options()))
        return [alerts, idle]
    }

    static func data(_ result: HTTPResult) throws -> [String: Any] {
        let json = try result.json
        #expect(json["status"] as? String == "success")
        return try #require(json["data"] as? [String: Any])
    }

    static func groups(_ result: HTTPResult) throws -> [[String: Any]] {
        try #require(try data(result)["groups"] as? [[String: Any]])
    }

    static func ruleNames(_ result: HTTPResult) throws -> [String] {
        try groups(result).flatMap { ($0["rules"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
    }

    @Test func groupRecordingAndAlertingRuleExactlyAsPrometheusWritesThem() async throws {
        let provider = StaticRulesProvider([try Self.g1()])
        try await withServer(standardGroups(provider)) { port in
            let response = try await RawHTTPClient.get(port, "/api/v1/rules")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            let time = "2026-01-02T03:04:05Z"
            let expected = #"{"status":"success","data":{"groups":[{"name":"g1","file":"rules.yml","rules":["#
                + #"{"name":"job:up:sum","query":"sum by (job) (up)","labels":{"source":"rec"},"health":"ok","evaluationTime":0,"lastEvaluation":""# + time + #"","type":"recording"},"#
                + #"{"state":"pending","name":"HighValue","query":"vector(1.5) \u003c 3","duration":300,"keepFiringFor":60,"labels":{"severity":"page"},"annotations":{"summary":"value {{ $value }}"},"#
                + #""alerts":[{"labels":{"alertname":"HighValue","severity":"page"},"annotations":{"summary":"value 1.5"},"state":"pending","activeAt":""# + time + #"","value":"1.5e+00"}],"#
                + #""health":"ok","evaluationTime":0,"lastEvaluation":""# + time + #"","type":"alerting"}],"#
                + #""interval":30,"limit":10,"evaluationTime":0,"lastEvaluation":""# + time + #"","datasource":"prometheus"}]}}"#
            #expect(response.body == expected)
        }
    }

    @Test func everyRuleStateFieldByField() async throws {
        let provider = StaticRulesProvider(try Self.variety())
        try await withServer(standardGroups(provider)) { port in
            let groups = try Self.groups(try await RawHTTPClient.get(port, "/api/v1/rules"))
            #expect(groups.map { $0["name"] as? String } == ["alerts", "idle"])
            let alerts = try #require(groups[0]["rules"] as? [[String: Any]])
            #expect(groups[0]["datasource"] as? String == "homelab")
            #expect(groups[0]["interval"] as? Double == 60)
            #expect(groups[0]["limit"] as? Int == 0)
            #expect(groups[0]["lastEvaluation"] as? String == "2026-01-02T03:05:05Z")

            let down = alerts[0]
            #expect(down["state"] as? String == "firing")
            #expect(down["health"] as? String == "ok")
            #expect(down["lastError"] == nil, "lastError is omitted when empty")
            #expect(down["labels"] as? [String: String] == ["severity": "page"])
            #expect(down["annotations"] as? [String: String] == [:])
            let downAlert = try #require((down["alerts"] as? [[String: Any]])?.first)
            #expect(downAlert["labels"] as? [String: String] == ["alertname": "Down", "instance": "x", "job": "node", "severity": "page"])
            #expect(downAlert["state"] as? String == "firing")
            #expect(downAlert["activeAt"] as? String == "2026-01-02T03:04:05Z")
            #expect(downAlert["value"] as? String == "0e+00")
            #expect(downAlert["keepFiringSince"] == nil)

            let flapping = try #require((alerts[1]["alerts"] as? [[String: Any]])?.first)
            #expect(alerts[1]["keepFiringFor"] as? Double == 600)
            #expect(flapping["state"] as? String == "firing")
            #expect(flapping["keepFiringSince"] as? String == "2026-01-02T03:05:05Z")
            #expect(flapping["value"] as? String == "2e+00")

            let broken = alerts[2]
            #expect(broken["health"] as? String == "err")
            #expect(broken["lastError"] as? String == "query timed out in expression evaluation")
            #expect(broken["state"] as? String == "inactive")
            #expect(broken["alerts"] as? [Any] != nil && (broken["alerts"] as? [Any])?.isEmpty == true)
            #expect(alerts[3]["type"] as? String == "recording")
            #expect(alerts[3]["query"] as? String == "rate(broken[5m])")
            #expect(alerts[3]["lastError"] as? String == "bad_data: 1:6: parse error: <oops>")

            let never = try #require((groups[1]["rules"] as? [[String: Any]])?.first)
            #expect(never["state"] as? String == "unknown")
            #expect(never["health"] as? String == "unknown")
            #expect(never["lastEvaluation"] as? String == "0001-01-01T00:00:00Z")
            #expect(never["evaluationTime"] as? Double == 0)
            #expect(groups[1]["lastEvaluation"] as? String == "0001-01-01T00:00:00Z")
        }
    }

    @Test func alertsListsPendingAndFiringAlertsOnly() async throws {
        let provider = StaticRulesProvider(try Self.variety() + [try Self.g1()])
        try await withServer(standardGroups(provider)) { port in
            let response = try await RawHTTPClient.get(port, "/api/v1/alerts")
            #expect(response.status == 200)
            let alerts = try #require(try Self.data(response)["alerts"] as? [[String: Any]])
            #expect(alerts.map { ($0["labels"] as? [String: String])?["alertname"] } == ["Down", "Flapping", "HighValue"])
            #expect(alerts.map { $0["state"] as? String } == ["firing", "firing", "pending"])
            #expect(Set(alerts[1].keys) == ["labels", "annotations", "state", "activeAt", "keepFiringSince", "value"])
            #expect(Set(alerts[2].keys) == ["labels", "annotations", "state", "activeAt", "value"])

            provider.setGroups([])
            #expect(try await RawHTTPClient.get(port, "/api/v1/alerts").body == #"{"status":"success","data":{"alerts":[]}}"#)
            #expect(try await RawHTTPClient.get(port, "/api/v1/rules").body == #"{"status":"success","data":{"groups":[]}}"#)
        }
    }

    @Test func filtersByTypeNameGroupFileAndLabels() async throws {
        let provider = StaticRulesProvider(try Self.variety() + [try Self.g1()])
        try await withServer(standardGroups(provider)) { port in
            func names(_ query: String) async throws -> [String] {
                let response = try await RawHTTPClient.get(port, "/api/v1/rules" + query)
                #expect(response.status == 200, "\(query): \(response.body)")
                return try Self.ruleNames(response)
            }
            #expect(try await names("") == ["Down", "Flapping", "Broken", "broken:rate", "NeverEvaluated", "job:up:sum", "HighValue"])
            #expect(try await names("?type=record") == ["broken:rate", "job:up:sum"])
            #expect(try await names("?type=ALERT") == ["Down", "Flapping", "Broken", "NeverEvaluated", "HighValue"])
            #expect(try await names("?rule_name[]=Down&rule_name%5B%5D=HighValue") == ["Down", "HighValue"])
            #expect(try await names("?rule_group[]=idle") == ["NeverEvaluated"])
            #expect(try await names("?file[]=rules.yml") == ["job:up:sum", "HighValue"])
            #expect(try await names("?file[]=rules.yml&rule_group[]=idle") == [])
            #expect(try await names("?match[]=%7Bseverity%3D%22page%22%7D") == ["Down", "HighValue"])
            // Sets are ORed, matchers within a set ANDed.
            #expect(try await names(#"?match[]={severity=~"page|ticket",severity!="page"}&match[]={source="rec"}"#
                .replacingOccurrences(of: "\"", with: "%22")) == ["Flapping", "job:up:sum"])
            #expect(try await names("?match[]=%7Bseverity%3D%22page%22%7D&type=record") == [])
            // A metric name matcher looks at the rule's labels, which have no __name__.
            #expect(try await names("?match[]=up") == [])

            // Groups whose rules are all filtered out are left out.
            let groups = try Self.groups(try await RawHTTPClient.get(port, "/api/v1/rules?type=record"))
            #expect(groups.map { $0["name"] as? String } == ["alerts", "g1"])
        }
    }

    @Test func excludeAlertsWritesNull() async throws {
        let provider = StaticRulesProvider([try Self.g1()])
        try await withServer(standardGroups(provider)) { port in
            let response = try await RawHTTPClient.get(port, "/api/v1/rules?exclude_alerts=TRUE&type=alert")
            #expect(response.status == 200)
            #expect(response.body.contains(#""annotations":{"summary":"value {{ $value }}"},"alerts":null,"health":"ok""#))
            let kept = try await RawHTTPClient.get(port, "/api/v1/rules?exclude_alerts=0")
            #expect(kept.body.contains(#""alerts":[{"#))
        }
    }

    @Test func paginationByGroupLimitAndNextToken() async throws {
        let yaml = """
            groups:
              - {name: g1, rules: [{record: r1, expr: vector(1)}]}
              - {name: g2, rules: [{record: r2, expr: vector(2)}]}
              - {name: empty, rules: []}
            """
        let a = try Fixtures.groups(yaml, file: "a.yml")
        let b = try Fixtures.groups("groups: [{name: g1, rules: [{record: r3, expr: vector(3)}]}]", file: "b.yml")
        let snapshots = a.map { Fixtures.snapshot($0, file: "a.yml", at: [], results: { _, _ in .success([]) }) }
            + b.map { Fixtures.snapshot($0, file: "b.yml", at: [], results: { _, _ in .success([]) }) }
        // Given in reverse: the server orders groups by file, then name.
        let provider = StaticRulesProvider(snapshots.reversed())
        try await withServer(standardGroups(provider)) { port in
            let first = try Self.data(try await RawHTTPClient.get(port, "/api/v1/rules?group_limit=2"))
            let firstGroups = try #require(first["groups"] as? [[String: Any]])
            #expect(firstGroups.map { "\($0["file"]!);\($0["name"]!)" } == ["a.yml;g1", "a.yml;g2"])
            // The token names the first group of the next page: sha256("b.yml;g1").
            let token = try #require(first["groupNextToken"] as? String)
            #expect(token == sha256Hex("b.yml;g1"))

            let second = try Self.data(try await RawHTTPClient.get(port, "/api/v1/rules?group_limit=2&group_next_token=\(token)"))
            #expect((second["groups"] as? [[String: Any]])?.map { $0["name"] as? String } == ["g1"])
            #expect(second["groupNextToken"] == nil)

            let all = try Self.data(try await RawHTTPClient.get(port, "/api/v1/rules?group_limit=3"))
            #expect((all["groups"] as? [Any])?.count == 3)
            #expect(all["groupNextToken"] == nil)
        }
    }

    @Test(arguments: [
        ("?type=foo", #"invalid parameter "type": not supported value "foo""#),
        ("?type=Recording", #"invalid parameter "type": not supported value "recording""#),
        ("?exclude_alerts=maybe", #"invalid parameter "exclude_alerts": error converting exclude_alerts: strconv.ParseBool: parsing "maybe": invalid syntax"#),
        ("?group_next_token=abc", #"invalid parameter "group_next_token": group_limit needs to be present in order to paginate over the groups"#),
        ("?group_limit=x", #"invalid parameter "group_limit": group_limit needs to be a valid number: strconv.ParseInt: parsing "x": invalid syntax"#),
        ("?group_limit=0", #"invalid parameter "group_limit": group_limit needs to be greater than 0"#),
        ("?group_limit=3000000000", #"invalid parameter "group_limit": group_limit needs to be a valid number: strconv.ParseInt: parsing "3000000000": value out of range"#),
        ("?group_limit=1&group_next_token=nope", #"invalid parameter "group_next_token": invalid group_next_token 'nope'. were rule groups changed?"#),
        ("?match[]=%7Bseverity%3D%22%22%7D", "match[] must contain at least one non-empty matcher"),
        ("?match[]=%7B", #"1:2: parse error: unexpected end of input inside braces"#),
        // Every match[] is parsed before the empty-matcher check: the syntax error of the second wins.
        ("?match[]=%7Bx%3D%22%22%7D&match[]=%7B", #"1:2: parse error: unexpected end of input inside braces"#),
        ("?a=%zz", #"error parsing form values: invalid URL escape "%zz""#),
        ("?a=1;b=2", "error parsing form values: invalid semicolon separator in query"),
        // Checked in upstream's order: the match[] error comes before the type error.
        ("?type=foo&match[]=%7B%7D", "match[] must contain at least one non-empty matcher"),
    ])
    func badRequestsAnswerBadData(query: String, message: String) async throws {
        let provider = StaticRulesProvider([try Self.g1()])
        try await withServer(standardGroups(provider)) { port in
            let response = try await RawHTTPClient.get(port, "/api/v1/rules" + query)
            #expect(response.status == 400)
            #expect(response.header("Content-Type") == "application/json")
            #expect(try response.json as NSDictionary == ["status": "error", "errorType": "bad_data", "error": message] as NSDictionary)
            #expect(response.body.hasPrefix(#"{"status":"error","errorType":"bad_data","error":"#))
        }
    }

    @Test func lokiRulesShowTheirExpressionAsWritten() async throws {
        let yaml = """
            groups:
              - name: logs
                rules:
                  - alert: Errors
                    expr: sum(rate({app="x"} |= "error" [5m])) > 0
            """
        let group = RuleLoader(options: .init(language: .loki)).load(text: yaml, fileName: "loki.yml").files[0].groups[0]
        let snapshot = Fixtures.snapshot(group, file: "loki.yml", datasource: "loki", language: .loki, at: [], results: { _, _ in .success([]) })
        try await withServer(standardGroups(StaticRulesProvider([snapshot]))) { port in
            let rules = try Self.groups(try await RawHTTPClient.get(port, "/api/v1/rules"))[0]["rules"] as? [[String: Any]]
            #expect(rules?.first?["query"] as? String == #"sum(rate({app="x"} |= "error" [5m])) > 0"#)
        }
    }
}

/// The hex SHA-256 of a string, computed by a tool other than the server's own code.
func sha256Hex(_ text: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try? process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try? input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}
