import VigilTesting
import Foundation
import Rules
@testable import Server
import Testing
import TimeSeries

/// The text exposition writer and `/metrics`, parsed back.
@Suite("Metrics")
struct MetricsTests {
    @Test func requestHistogramIsCumulativeAndInExpfmtOrder() {
        let metrics = HTTPRequestMetrics()
        metrics.observe(handler: "/b", code: 200, seconds: 0.05)
        metrics.observe(handler: "/b", code: 200, seconds: 0.3)
        metrics.observe(handler: "/b", code: 500, seconds: 500)
        metrics.observe(handler: "/a", code: 404, seconds: 1)
        let text = TextExposition.render(metrics.families())
        let bLines = text.split(separator: "\n").filter { $0.contains("handler=\"/b\"") && $0.hasPrefix("vigil_http_request_duration") }
        #expect(bLines == [
            #"vigil_http_request_duration_seconds_bucket{handler="/b",le="0.1"} 1"#,
            #"vigil_http_request_duration_seconds_bucket{handler="/b",le="0.2"} 1"#,
            #"vigil_http_request_duration_seconds_bucket{handler="/b",le="0.4"} 2"#,
            #"vigil_http_request_duration_seconds_bucket{handler="/b",le="1"} 2"#,
            #"vigil_http_request_duration_seconds_bucket{handler="/b",le="3"} 2"#,
            #"vigil_http_request_duration_seconds_bucket{handler="/b",le="8"} 2"#,
            #"vigil_http_request_duration_seconds_bucket{handler="/b",le="20"} 2"#,
            #"vigil_http_request_duration_seconds_bucket{handler="/b",le="60"} 2"#,
            #"vigil_http_request_duration_seconds_bucket{handler="/b",le="120"} 2"#,
            #"vigil_http_request_duration_seconds_bucket{handler="/b",le="+Inf"} 3"#,
            #"vigil_http_request_duration_seconds_sum{handler="/b"} 500.35"#,
            #"vigil_http_request_duration_seconds_count{handler="/b"} 3"#,
        ])
        #expect(text.contains("# TYPE vigil_http_request_duration_seconds histogram\nvigil_http_request_duration_seconds_bucket{handler=\"/a\""))
        #expect(text.contains(#"vigil_http_requests_total{code="500",handler="/b"} 1"#))
        #expect(text.contains(#"vigil_http_requests_total{code="200",handler="/b"} 2"#))
    }

    @Test func writerSortsEscapesAndSpellsFloatsAsExpfmt() {
        let families = [
            MetricFamily(name: "b_total", help: "Help with \\ and\nnewline.", kind: .counter, samples: [
                .init([Label("z", "2"), Label("a", "x\"y\\z\nw")], 1),
                .init([Label("z", "1"), Label("a", "x")], 1_796_528_379.152047),
            ]),
            MetricFamily(name: "a_gauge", help: "A gauge.", kind: .gauge, samples: [
                .init([], -0.0), .init([Label("k", "v")], .infinity), .init([Label("k", "w")], .nan),
                .init([Label("k", "u")], 1e6), .init([Label("k", "t")], -1),
            ]),
            MetricFamily(name: "c_empty", help: "No samples.", kind: .gauge, samples: []),
        ]
        let text = TextExposition.render(families)
        #expect(text == """
            # HELP a_gauge A gauge.
            # TYPE a_gauge gauge
            a_gauge 0
            a_gauge{k="t"} -1
            a_gauge{k="u"} 1e+06
            a_gauge{k="v"} +Inf
            a_gauge{k="w"} NaN
            # HELP b_total Help with \\\\ and\\nnewline.
            # TYPE b_total counter
            b_total{a="x",z="1"} 1.796528379152047e+09
            b_total{a="x\\"y\\\\z\\nw",z="2"} 1

            """)
    }

    static func snapshot(iterations: Int, missed: Int) throws -> RuleGroupSnapshot {
        let yaml = """
            groups:
              - name: node
                interval: 15s
                rules:
                  - alert: Down
                    expr: up == 0
                    for: 5m
                  - alert: Hot
                    expr: temp > 80
                  - record: r
                    expr: vector(1)
            """
        let group = try Fixtures.groups(yaml, file: "/etc/vigil/rules.yml")[0]
        var metrics = RuleGroupMetrics()
        metrics.iterationsTotal = iterations
        metrics.iterationsMissed = missed
        metrics.evaluationsTotal = iterations * 3
        metrics.evaluationFailuresTotal = 1
        metrics.lastDurationNanoseconds = 1_500_000
        metrics.lastEvaluationTimestamp = Fixtures.t0
        return Fixtures.snapshot(group, file: "/etc/vigil/rules.yml", datasource: "homelab", at: [Fixtures.t0],
                                 metrics: metrics) { i, t in
            switch i {
            case 0: return .success([Fixtures.sample(["instance": "a"], 0, t: t), Fixtures.sample(["instance": "b"], 0, t: t)])
            case 1: return .success([Fixtures.sample(["instance": "c"], 85, t: t)])
            default: return .success([Fixtures.sample([:], 1, t: t)])
            }
        }
    }

    @Test func metricsEndpointParsedBack() async throws {
        let provider = StaticRulesProvider([try Self.snapshot(iterations: 7, missed: 2)], ready: true)
        try await withServer(standardGroups(provider)) { port in
            let response = try await RawHTTPClient.get(port, "/metrics")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            let parsed = try ExpositionParser.parse(response.body)
            let group = #"datasource="homelab",rule_group="/etc/vigil/rules.yml;node""#
            let expected: [String: Double] = [
                "vigil_rule_evaluations_total{\(group)}": 21,
                "vigil_rule_evaluation_failures_total{\(group)}": 1,
                "vigil_rule_group_iterations_total{\(group)}": 9,
                "vigil_rule_group_iterations_missed_total{\(group)}": 2,
                "vigil_rule_group_last_duration_seconds{\(group)}": 0.0015,
                "vigil_rule_group_last_evaluation_timestamp_seconds{\(group)}": 1_767_323_045,
                "vigil_rule_group_interval_seconds{\(group)}": 15,
                "vigil_rule_group_rules{\(group)}": 3,
                "vigil_rule_group_state_save_failures_total{\(group)}": 0,
                "vigil_rule_group_alerts{\(group),state=\"firing\"}": 1,
                "vigil_rule_group_alerts{\(group),state=\"pending\"}": 2,
                "vigil_ready": 1,
            ]
            for (series, value) in expected {
                #expect(parsed.samples[series] == value, "\(series)")
            }
            #expect(parsed.samples["vigil_rule_group_last_evaluation_samples{\(group)}"] != nil)
            #expect(parsed.types["vigil_rule_evaluations_total"] == "counter")
            #expect(parsed.types["vigil_rule_group_interval_seconds"] == "gauge")
            #expect(parsed.help["vigil_rule_group_iterations_total"]
                    == "The total number of scheduled rule group evaluations, whether executed or missed.")
            #if os(Linux)
            #expect((parsed.samples["process_resident_memory_bytes"] ?? 0) > 1_000_000)
            #expect((parsed.samples["process_open_fds"] ?? 0) > 2)
            #expect((parsed.samples["process_cpu_seconds_total"] ?? -1) >= 0)
            let start = parsed.samples["process_start_time_seconds"] ?? 0
            #expect(abs(start - Date().timeIntervalSince1970) < 24 * 3600)
            #endif

            provider.setReady(false)
            #expect(try ExpositionParser.parse(try await RawHTTPClient.get(port, "/metrics").body).samples["vigil_ready"] == 0)
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool"),
                   "Debian's promtool (package prometheus) is not installed"))
    func promtoolAcceptsTheExposition() async throws {
        let provider = StaticRulesProvider([try Self.snapshot(iterations: 3, missed: 0)])
        let body = try await withServer(standardGroups(provider)) { port in try await RawHTTPClient.get(port, "/metrics").body }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/promtool")
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(body.utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // promtool exits 0 when the text parses and no lint problem is found.
        #expect(process.terminationStatus == 0, "promtool check metrics: \(report)")
    }
}

/// A strict reader of the text format for tests: HELP and TYPE once per family, before its samples; every
/// sample line `name{labels} value` with quoted, escaped label values.
struct ExpositionParser {
    var samples: [String: Double] = [:]
    var types: [String: String] = [:]
    var help: [String: String] = [:]

    static func parse(_ text: String) throws -> ExpositionParser {
        var result = ExpositionParser()
        #expect(text.hasSuffix("\n"))
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst(7)
                guard let space = rest.firstIndex(of: " ") else { throw ClientError("bad HELP: \(line)") }
                let name = String(rest[..<space])
                guard result.help[name] == nil, result.types[name] == nil else { throw ClientError("HELP repeated or late: \(line)") }
                result.help[name] = String(rest[rest.index(after: space)...])
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2, ["counter", "gauge", "untyped", "summary", "histogram"].contains(parts[1]) else {
                    throw ClientError("bad TYPE: \(line)")
                }
                result.types[String(parts[0])] = String(parts[1])
            } else if line.hasPrefix("#") {
                throw ClientError("unexpected comment: \(line)")
            } else {
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]
                    .replacingOccurrences(of: "+Inf", with: "inf")) else { throw ClientError("bad sample: \(line)") }
                let series = String(line[..<space])
                let name = String(series.prefix { $0 != "{" })
                let family = [name] + ["_sum", "_count", "_bucket"].filter { name.hasSuffix($0) }.map { String(name.dropLast($0.count)) }
                guard family.contains(where: { result.types[$0] != nil }) else { throw ClientError("sample before its TYPE: \(line)") }
                guard result.samples[series] == nil else { throw ClientError("duplicate series: \(line)") }
                result.samples[series] = value
            }
        }
        return result
    }
}
