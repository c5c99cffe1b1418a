import VigilTesting
import Foundation
import PromQL
import Rules
import Server
import Testing
import TimeSeries

/// The same rule file loaded in Debian's real Prometheus (2.42) and in Vigil: the answers of the rules and
/// alerts APIs must have the same keys in the same order and the same value types, and the same values
/// wherever timing plays no part; errors, 404 and 405 must read the same; the rule metrics must have the
/// same families.
///
/// 2.42 predates some 3.14 additions this server follows (the `unknown` rule state, `keepFiringSince`,
/// `rule_name[]` and the other filters, pagination, `ParseForm` errors); those are checked against 3.14's
/// source in `RulesAPITests` instead.
@Suite("Comparison with Debian's Prometheus", .serialized)
struct PrometheusComparisonTests {
    static let ruleFile = """
        groups:
          - name: g1
            interval: 1s
            limit: 5
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
                labels:
                  team: a
              - alert: AlwaysFiring
                expr: vector(1.5) < 3
                for: 0s
                keep_firing_for: 1m
                labels:
                  severity: page
                annotations:
                  summary: "value {{ $value }} & <b>{{ $labels.severity }}</b>"
              - alert: Pending
                expr: vector(2)
                for: 10m
              - alert: Never
                expr: vector(1) > 2
              - alert: Broken
                expr: vector(1) + on() group_left() (label_replace(vector(1), "a", "1", "", "") or label_replace(vector(1), "a", "2", "", ""))
          - name: g0
            interval: 1s
            rules:
              - record: constant
                expr: vector(42)
        """

    /// Fields whose values depend on when each server evaluated: only their types are compared.
    static let timingFields: Set<String> = ["evaluationTime", "lastEvaluation", "activeAt", "keepFiringSince"]

    /// Vigil's snapshots of `ruleFile`, evaluated twice a second apart by its own engine at wall-clock times.
    static func vigilSnapshots() throws -> [RuleGroupSnapshot] {
        let store = SharedSeriesStore()
        let querier = LocalPromQLQuerier(source: store)
        var options = RuleGroupEvaluator.Options(templateExpander: GoTemplateExpander(querier: querier))
        options.clock = SystemRuleClock()
        let now = SystemRuleClock().nowMilliseconds()
        return try Fixtures.groups(ruleFile).map { group in
            var evaluator = RuleGroupEvaluator(group: group, file: "rules.yml", options: options)
            var appender = store
            for t in [now - 1000, now] { evaluator.evaluateSynchronously(at: t, querier: querier, appender: &appender) }
            return RuleGroupSnapshot(key: RuleGroupKey(file: "rules.yml", name: group.name), language: .prometheus,
                                     datasource: "prometheus", evaluator: evaluator)
        }
    }

    /// Where `vigil` differs from `prometheus`, as readable lines (empty when they agree).
    static func differences(_ prometheus: OrderedJSON, _ vigil: OrderedJSON, path: String = "$",
                            extraVigilKeys: [String: [String]] = [:]) -> [String] {
        switch (prometheus, vigil) {
        case (.object(let p), .object(let v)):
            let expectedKeys = p.map(\.key) + (extraVigilKeys[groupLevel(path)] ?? [])
            guard v.map(\.key) == expectedKeys else {
                return ["\(path): keys \(v.map(\.key)), Prometheus has \(p.map(\.key))"]
            }
            var out: [String] = []
            for (key, value) in p {
                let mine = v.first { $0.key == key }!.value
                if timingFields.contains(key) || key == "lastError" {
                    if value.typeName != mine.typeName { out.append("\(path).\(key): \(mine.typeName), Prometheus has \(value.typeName)") }
                } else {
                    out += differences(value, mine, path: "\(path).\(key)", extraVigilKeys: extraVigilKeys)
                }
            }
            return out
        case (.array(let p), .array(let v)):
            guard p.count == v.count else { return ["\(path): \(v.count) items, Prometheus has \(p.count): \(vigil) vs \(prometheus)"] }
            return zip(p, v).enumerated().flatMap { differences($1.0, $1.1, path: "\(path)[\($0)]", extraVigilKeys: extraVigilKeys) }
        default:
            return prometheus == vigil ? [] : ["\(path): \(vigil), Prometheus has \(prometheus)"]
        }
    }

    /// 2.42 leaves `labels` out of a recording rule without labels (`json:"labels,omitempty"`); 3.14 has no
    /// `omitempty` there and writes `{}`, as Vigil does. Put the 3.14 field into 2.42's answer.
    static func as314(_ rules: OrderedJSON) -> OrderedJSON {
        func fix(_ value: OrderedJSON) -> OrderedJSON {
            switch value {
            case .array(let items): return .array(items.map(fix))
            case .object(var fields):
                if fields.contains(where: { $0.key == "type" && $0.value == .string("recording") }),
                   !fields.contains(where: { $0.key == "labels" }),
                   let query = fields.firstIndex(where: { $0.key == "query" }) {
                    fields.insert((key: "labels", value: .object([])), at: query + 1)
                }
                return .object(fields.map { (key: $0.key, value: fix($0.value)) })
            default: return value
            }
        }
        return fix(rules)
    }

    /// `$.data.groups[3]` → `$.data.groups[]`: where Vigil's extra group field is allowed.
    static func groupLevel(_ path: String) -> String {
        path.replacingOccurrences(of: #"\[\d+\]"#, with: "[]", options: .regularExpression)
    }

    @Test(.enabled(if: ReferencePrometheus.isInstalled, "Debian's prometheus is not installed (/usr/bin/prometheus)"),
          .timeLimit(.minutes(5)))
    func sameRulesFileSameAnswers() async throws {
        let prometheus = try await ReferencePrometheus.start(ruleFile: Self.ruleFile)
        do {
            try await compare(with: prometheus)
            prometheus.stop()
        } catch {
            prometheus.stop()
            throw error
        }
    }

    func compare(with prometheus: ReferencePrometheus) async throws {
        let promPort = prometheus.port
        // Wait until both groups have been evaluated twice, so every rule has run and the alerts have settled.
        try await prometheus.waitUntil("done with two evaluations", timeout: .seconds(30)) {
            let metrics = try ExpositionParser.parse(try await RawHTTPClient.get(promPort, "/metrics").body)
            return ["g0", "g1"].allSatisfy { group in
                (metrics.samples[#"prometheus_rule_group_iterations_total{rule_group="rules.yml;\#(group)"}"#] ?? 0) >= 2
            }
        }

        let provider = StaticRulesProvider(try Self.vigilSnapshots())
        try await withServer(standardGroups(provider)) { port in
            // The rules API, whole.
            let promRules = Self.as314(try OrderedJSON.parse(try await RawHTTPClient.get(promPort, "/api/v1/rules").body))
            let vigilRules = try OrderedJSON.parse(try await RawHTTPClient.get(port, "/api/v1/rules").body)
            let ruleDifferences = Self.differences(promRules, vigilRules, extraVigilKeys: ["$.data.groups[]": ["datasource"]])
            #expect(ruleDifferences.isEmpty, "\(ruleDifferences.joined(separator: "\n"))\nPrometheus: \(promRules)\nVigil: \(vigilRules)")
            // Both failed the same rule; the messages are each engine's own.
            let brokenPath: (OrderedJSON) -> String? = { $0["data"]?["groups"]?.items[1]["rules"]?.items[4]["lastError"]?.stringValue }
            #expect(brokenPath(promRules) != nil && brokenPath(vigilRules) != nil)

            // The alerts API.
            let promAlerts = try OrderedJSON.parse(try await RawHTTPClient.get(promPort, "/api/v1/alerts").body)
            let vigilAlerts = try OrderedJSON.parse(try await RawHTTPClient.get(port, "/api/v1/alerts").body)
            let alertDifferences = Self.differences(promAlerts, vigilAlerts)
            #expect(alertDifferences.isEmpty, "\(alertDifferences.joined(separator: "\n"))")
            #expect(vigilAlerts["data"]?["alerts"]?.items.count == 2)

            // Errors, unknown paths and wrong methods read the same.
            for target in ["/api/v1/rules?type=foo", "/api/v1/rules?type=Alert2", "/nope", "/api/v1/nope"] {
                let p = try await RawHTTPClient.get(promPort, target)
                let v = try await RawHTTPClient.get(port, target)
                #expect(v.status == p.status, "\(target)")
                #expect(v.body == p.body, "\(target)")
                #expect(v.header("Content-Type") == p.header("Content-Type"), "\(target)")
            }
            for (method, target) in [("POST", "/api/v1/rules"), ("DELETE", "/api/v1/alerts"), ("DELETE", "/-/healthy"),
                                     ("POST", "/-/ready"), ("HEAD", "/-/healthy"), ("HEAD", "/-/ready")] {
                let p = try await RawHTTPClient.request(port: promPort, method: method, target: target)
                let v = try await RawHTTPClient.request(port: port, method: method, target: target)
                #expect(v.status == p.status, "\(method) \(target)")
                #expect(v.body == p.body, "\(method) \(target)")
                #expect(v.header("Allow") == p.header("Allow"), "\(method) \(target)")
            }

            // CORS for browsers, preflight included.
            for method in ["GET", "OPTIONS"] {
                let origin = ["Origin": "http://grafana.local"]
                let p = try await RawHTTPClient.request(port: promPort, method: method, target: "/api/v1/rules", headers: origin)
                let v = try await RawHTTPClient.request(port: port, method: method, target: "/api/v1/rules", headers: origin)
                #expect(v.status == p.status, "\(method) with Origin")
                for header in ["Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
                               "Access-Control-Expose-Headers", "Vary"] {
                    #expect(v.header(header) == p.header(header), "\(method) \(header)")
                }
            }

            // Every per-group rule metric of Prometheus has its vigil_ twin with the same type and help.
            let promMetrics = try ExpositionParser.parse(try await RawHTTPClient.get(promPort, "/metrics").body)
            let vigilMetrics = try ExpositionParser.parse(try await RawHTTPClient.get(port, "/metrics").body)
            let groupFamilies = Set(promMetrics.samples.keys.filter { $0.contains("rule_group=\"rules.yml;g1\"") }
                .map { String($0.prefix { $0 != "{" }) })
            #expect(groupFamilies.count >= 9)
            for family in groupFamilies {
                let twin = family.replacingOccurrences(of: "prometheus_", with: "vigil_")
                #expect(vigilMetrics.types[twin] == promMetrics.types[family], "\(twin)")
                #expect(vigilMetrics.help[twin] == promMetrics.help[family], "\(twin)")
            }
            for name in ["rule_group_interval_seconds", "rule_group_rules"] {
                #expect(vigilMetrics.samples[#"vigil_\#(name){datasource="prometheus",rule_group="rules.yml;g1"}"#]
                        == promMetrics.samples[#"prometheus_\#(name){rule_group="rules.yml;g1"}"#], "\(name)")
            }
        }
    }
}
