import Backends
import Foundation
import Rules
import Server
import Testing
import TimeSeries
import VigilTesting
@testable import VigilService

/// The homelab's LogQL alerts (`corpus/homelab/alerting-rules.yaml`, a ConfigMap wrapping a Loki ruler file,
/// loaded as it is) evaluated by the service against a Loki stand-in on 127.0.0.1 that holds synthetic Talos
/// kernel logs and answers `/loki/api/v1/query` with Loki's documented response shape.
///
/// The stand-in counts, for `sum(count_over_time({job="talos-kernel"} |= "…" [5m])) > 0` and the `|~` form,
/// the lines in the five minutes before the query time that pass the line filter (using Vigil's Go-semantics
/// regex engine), which is what Loki answers for these two expressions, and records the tenant header the
/// service sends. The same scenario then runs against Vigil's own Loki-compatible API and LogQL engine.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["VIGIL_CORPUS_DIR"] != nil,
                             "set VIGIL_CORPUS_DIR to the shared corpus folder"))
struct LokiHomelabAlertsTests {
    static let t0: Int64 = 1_700_000_000_000 - 1_700_000_000_000 % 60_000

    struct LogLine: Sendable {
        var t: Int64  // milliseconds
        var line: String
    }

    /// Answers an instant query of one of the two homelab shapes over `lines`, and records the tenant.
    static func loki(_ lines: Shared<[LogLine]>, tenants: Shared<[String]>) -> @Sendable (RecordedRequest) -> ScriptedResponse {
        { request in
            tenants.current.append(request.header("X-Scope-OrgID") ?? "")
            guard request.path == "/loki/api/v1/query", let query = request.parameter("query"),
                  let timeText = request.parameter("time"), let nanos = Int64(timeText) else {
                return .text("unsupported request \(request.uri)", status: 400)
            }
            let t = nanos / 1_000_000
            guard query.contains(#"{job="talos-kernel"}"#), let filter = lineFilter(query) else {
                return .text("parse error: the stand-in does not evaluate \(query)", status: 400)
            }
            let count = lines.current.filter { $0.t > t - 300_000 && $0.t <= t && filter($0.line) }.count
            let seconds = String(format: "%.3f", Double(t) / 1000)
            let result = count > 0 ? #"[{"metric":{},"value":[\#(seconds),"\#(count)"]}]"# : "[]"
            return .json(#"{"status":"success","data":{"resultType":"vector","result":\#(result),"stats":{}}}"#)
        }
    }

    /// The line filter of `… |= "text" …` or `… |~ "regex" …` (no escapes in the homelab's patterns).
    static func lineFilter(_ query: String) -> (@Sendable (String) -> Bool)? {
        for (op, isRegex) in [("|= \"", false), ("|~ \"", true)] {
            guard let start = query.range(of: op) else { continue }
            let rest = query[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let pattern = String(rest[..<end])
            if !isRegex { return { $0.contains(pattern) } }
            guard let regex = try? GoRegex(pattern) else { return nil }
            return { regex.matches($0) }
        }
        return nil
    }

    static func config(loki: String, rules: String) -> String {
        """
        global: {evaluation_interval: 1m}
        datasources:
          - name: loki
            type: loki
            url: \(loki)
            tenant: fake
            heartbeat: {enabled: false}
        rule_files: [{path: \(rules), datasource: loki}]
        web: {listen_address: "127.0.0.1:0"}
        """
    }

    static let quiet = [
        "[talos] task startAllServices (1/1): done",
        "eth0: Link is Up - 1Gbps/Full - flow control off",
        "BTRFS info (device sdb): using free space tree",
        "scsi host2: iSCSI Initiator over TCP/IP",
    ]

    @Test func kernelLogAlertsFireOnTheirPatternsOnly() async throws {
        let lines = Shared<[LogLine]>([])
        let tenants = Shared<[String]>([])
        try await LoopbackHTTPServer.with(respond: Self.loki(lines, tenants: tenants)) { server in
            try await Self.scenario(loki: server.baseURL) { batch in lines.current += batch }
        }
        // Every request carried the tenant.
        #expect(!tenants.current.isEmpty && tenants.current.allSatisfy { $0 == "fake" }, "\(Set(tenants.current))")
    }

    /// The same against Vigil's own Loki-compatible API (`vigil logstore`'s) on 127.0.0.1: the lines are
    /// pushed over HTTP in Loki's JSON format and every rule query is answered by the LogQL engine.
    @Test func kernelLogAlertsFireAgainstVigilsLogStore() async throws {
        let store = LiveLogStore()
        let server = try VigilHTTPServer(configuration: .init(listenAddress: ListenAddress(host: "127.0.0.1", port: 0)),
                                         routeGroups: [LokiAPI(store: store)])
        let port = try await server.start()
        let pusher = try BackendHTTPClient(baseURL: "http://127.0.0.1:\(port)")
        do {
            try await Self.scenario(loki: "http://127.0.0.1:\(port)") { batch in
                let values = batch.map { #"["\#($0.t * 1_000_000)",\#(JSONValue.string($0.line).text)]"# }.joined(separator: ",")
                let body = #"{"streams":[{"stream":{"job":"talos-kernel","node":"talos-1"},"values":[\#(values)]}]}"#
                let response = try await pusher.send(BackendRequest(method: "POST", path: "/loki/api/v1/push",
                                                                    headers: [("Content-Type", "application/json")], body: Array(body.utf8)))
                #expect(response.status == 204, "\(String(decoding: response.body, as: UTF8.self))")
            }
            #expect(await store.entryCount > 100)
        } catch {
            await pusher.shutdown()
            await server.shutdown()
            throw error
        }
        await pusher.shutdown()
        await server.shutdown()
    }

    /// Ten quiet minutes, a BTRFS failure, an iSCSI session error, and the lines ageing out; `log` stores
    /// each batch of lines in the Loki under test.
    static func scenario(loki: String, log store: (_ lines: [LogLine]) async throws -> Void) async throws {
        let corpus = try #require(ProcessInfo.processInfo.environment["VIGIL_CORPUS_DIR"])
        let rulesFile = corpus + "/homelab/alerting-rules.yaml"
        let folder = try TestFolder()
        defer { folder.remove() }
        try folder.write("vigil.yml", Self.config(loki: loki, rules: rulesFile))
        let clock = ManualClock(milliseconds: Self.t0)
        let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"), logger: testLogger(), clock: clock)
        try await runtime.start()
        await clock.waitForSleepers(2)

        // Lines every `every` ms for `span` ms from now.
        func log(_ text: String, every: Int64, for span: Int64) async throws {
            let from = clock.nowMilliseconds()
            try await store(stride(from: from, to: from + span, by: Int(every)).map { LogLine(t: $0, line: text) })
        }
        // Ten minutes of ordinary kernel logs: both rules evaluate cleanly and nothing fires.
        for text in Self.quiet { try await log(text, every: 15_000, for: 10 * 60_000) }
        await clock.advance(byMilliseconds: 10 * 60_000)
        for name in ["BTRFSCorruptionDetected", "ISCSIKernelError"] {
            let rule = await runtime.rule(name)
            #expect(rule?.status.health == .ok, "\(name): \(rule.map { "\($0.status)" } ?? "missing")")
            #expect(rule?.status.lastEvaluation != nil)
            #expect(await runtime.alerts(of: name).isEmpty, "\(name) fired on quiet logs")
        }

        // The BTRFS failure: fires at the next evaluation (`for: 0m`) with the rule's labels.
        try await log("BTRFS error (device sdb): parent transid verify failed on 30408704 wanted 1034 found 1029", every: 20_000, for: 60_000)
        await clock.advance(byMilliseconds: 60_000)
        let btrfs = await runtime.alerts(of: "BTRFSCorruptionDetected")
        #expect(btrfs.map(\.state) == [.firing])
        #expect(btrfs.first?.labels["severity"] == "critical")
        #expect(btrfs.first?.annotations.first { $0.name == "summary" }?.value == "BTRFS corruption detected on a Talos node")
        #expect(await runtime.alerts(of: "ISCSIKernelError").isEmpty, "an iSCSI alert without iSCSI errors")

        // An iSCSI session error: pending, then firing after its `for: 2m`.
        try await log(" connection1:0: detected conn error (1020)", every: 20_000, for: 60_000)  // not iSCSI by the pattern
        try await log("iscsid: Kernel reported iSCSI connection 1:0 error (1020 - ISCSI_ERR_TCP_CONN_CLOSE: TCP connection closed) state (3)",
                      every: 30_000, for: 4 * 60_000)
        await clock.advance(byMilliseconds: 60_000)
        #expect(await runtime.alerts(of: "ISCSIKernelError").map(\.state) == [.pending])
        await clock.advance(byMilliseconds: 2 * 60_000)
        let iscsi = await runtime.alerts(of: "ISCSIKernelError")
        #expect(iscsi.map(\.state) == [.firing])
        #expect(iscsi.first?.labels["severity"] == "warning")

        // Once the lines age out of the five-minute window, both resolve.
        await clock.advance(byMilliseconds: 10 * 60_000)
        #expect(await runtime.alerts(of: "BTRFSCorruptionDetected").allSatisfy { $0.state == .inactive })
        #expect(await runtime.alerts(of: "ISCSIKernelError").allSatisfy { $0.state == .inactive })
        await runtime.shutdown()
    }
}

/// The homelab's rule files as they are in its git repository: `PrometheusRule` manifests for Prometheus and
/// a ConfigMap wrapping a Loki ruler file, named in `vigil.yml` as the homelab would name them.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["VIGIL_CORPUS_DIR"] != nil,
                "set VIGIL_CORPUS_DIR to the shared corpus folder"))
struct HomelabRuleSetTests {
    @Test func theHomelabsRuleFilesLoadAsTheyAre() throws {
        let homelab = try #require(ProcessInfo.processInfo.environment["VIGIL_CORPUS_DIR"]) + "/homelab"
        let config = try VigilConfig.parse("""
            datasources:
              - {name: prometheus, type: prometheus, url: "http://prometheus-operated.monitoring:9090"}
              - {name: loki, type: loki, url: "http://loki-gateway.monitoring", tenant: fake}
            rule_files:
              - {path: \(homelab)/prometheus-rules.yaml, datasource: prometheus}
              - {path: \(homelab)/prometheus-ingestion-rules.yaml, datasource: prometheus}
              - {path: \(homelab)/cert-manager-rules.yaml, datasource: prometheus}
              - {path: \(homelab)/loki-rules.yaml, datasource: prometheus}
              - {path: \(homelab)/alerting-rules.yaml, datasource: loki}
            """, file: "vigil.yml")
        let set = try RuleSet.load(config)
        let rules = set.groups.filter { !$0.group.name.hasPrefix("vigil") }
        let prometheus = rules.filter { $0.datasource == "prometheus" }
        let loki = rules.filter { $0.datasource == "loki" }
        #expect(prometheus.count == 14)
        #expect(prometheus.allSatisfy { $0.language == .prometheus })
        #expect(prometheus.map { $0.group.rules.count }.reduce(0, +) == 32)
        #expect(loki.map(\.group.name) == ["talos-btrfs", "talos-iscsi"])
        #expect(loki.allSatisfy { $0.language == .loki })
        // One heartbeat group per datasource, on by default.
        #expect(set.groups.count == rules.count + 2)
        #expect(set.files.count == 5)
    }
}
