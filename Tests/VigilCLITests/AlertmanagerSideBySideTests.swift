import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTesting

/// Debian's Alertmanager and `vigil run` (a process of its own, like Alertmanager, so that other tests'
/// work in this process cannot delay its timers) on 127.0.0.1 with the same routing configuration (Vigil with both of its
/// deliberate timing improvements off, so it should behave exactly as Alertmanager), fed the same timed
/// sequence through the same API calls; two webhook listeners record what each sends. The batches each
/// receiver gets per group — alerts, statuses, order — must be equal, and arrive at about the same time.
///
/// The script covers grouping, `group_by: ['...']`, `continue`, inhibition, a silence that is deleted,
/// resolution and a repeat.
@Suite(.serialized, .enabled(if: AlertmanagerServer.isAvailable, "Debian's prometheus-alertmanager is not installed"))
struct AlertmanagerSideBySideTests {
    static func routing(hook: String) -> String {
        """
        global: {resolve_timeout: 1m}
        route:
          receiver: default
          group_by: [alertname]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 5s
          routes:
            - matchers: ['team="db"']
              receiver: db
              group_by: ['...']
              continue: true
            - matchers: ['severity="critical"']
              receiver: critical
        inhibit_rules:
          - source_matchers: ['severity="critical"']
            target_matchers: ['severity="warning"']
            equal: [instance]
        receivers:
          - name: default
            webhook_configs: [{url: '\(hook)/default', send_resolved: true}]
          - name: db
            webhook_configs: [{url: '\(hook)/db'}]
          - name: critical
            webhook_configs: [{url: '\(hook)/critical', send_resolved: true}]
        """
    }

    /// One webhook message as compared: where it went, its group, status, and alerts (labels and status),
    /// plus when it arrived relative to the start of the script.
    struct Batch: Equatable, CustomStringConvertible {
        var path: String
        var groupKey: String
        var status: String
        var alerts: [String]
        var at: TimeInterval

        static func == (a: Batch, b: Batch) -> Bool {
            a.path == b.path && a.groupKey == b.groupKey && a.status == b.status && a.alerts == b.alerts
        }

        var description: String { String(format: "%@ %@ %@ %@ @%.2fs", path, groupKey, status, alerts.description, at) }
    }

    /// Records each request with its arrival time.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(Date, RecordedRequest)] = []
        func add(_ r: RecordedRequest) { lock.withLock { items.append((Date(), r)) } }
        func batches(since start: Date) -> [Batch] {
            lock.withLock { items }.compactMap { (time, request) in
                guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else { return nil }
                let alerts = (body["alerts"] as? [[String: Any]] ?? []).map { a -> String in
                    let labels = (a["labels"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }
                        .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                    return "\(a["status"] as? String ?? "?"):{\(labels)}"
                }.sorted()
                return Batch(path: request.path, groupKey: body["groupKey"] as? String ?? "", status: body["status"] as? String ?? "",
                             alerts: alerts, at: time.timeIntervalSince(start))
            }
        }
    }

    /// Both servers' APIs, called at the same time for every step.
    struct Pair {
        let alertmanager: String
        let vigil: String

        func post(_ path: String, _ json: String) async throws -> (String, String) {
            async let a = Self.send(alertmanager, "POST", path, json)
            async let b = Self.send(vigil, "POST", path, json)
            return try await (a, b)
        }

        func delete(_ path: String, ids: (String, String)) async throws {
            async let a = Self.send(alertmanager, "DELETE", path + ids.0, nil)
            async let b = Self.send(vigil, "DELETE", path + ids.1, nil)
            _ = try await (a, b)
        }

        static func send(_ base: String, _ method: String, _ path: String, _ json: String?) async throws -> String {
            guard let url = URL(string: base + path) else { throw TestFailure("bad URL \(base + path)") }
            var request = URLRequest(url: url)
            request.httpMethod = method
            if let json {
                request.httpBody = Data(json.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let text = String(decoding: data, as: UTF8.self)
            guard status == 200 else { throw TestFailure("\(method) \(path): \(status) \(text)") }
            return text
        }
    }

    struct TestFailure: Error, CustomStringConvertible { var description: String; init(_ d: String) { description = d } }

    static func alert(_ labels: [String: String], endsAt: Date? = nil) -> String {
        let pairs = labels.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        let end = endsAt.map { ",\"endsAt\":\"\(ISO8601DateFormatter().string(from: $0))\"" } ?? ""
        return "{\"labels\":{\(pairs)}\(end)}"
    }

    static func silenceID(_ body: String) -> String {
        ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["silenceID"] as? String ?? ""
    }

    @Test func sameNotificationsAsAlertmanager() async throws {
        let amHooks = Recorder(), vigilHooks = Recorder()
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-side-by-side")
        defer { try? FileManager.default.removeItem(at: dir) }
        try await LoopbackHTTPServer.with(respond: { amHooks.add($0); return .text("ok") }) { amHook in
            try await LoopbackHTTPServer.with(respond: { vigilHooks.add($0); return .text("ok") }) { vigilHook in
                try await AlertmanagerServer.with(config: Self.routing(hook: amHook.baseURL)) { am in
                    try Self.routing(hook: vigilHook.baseURL).write(to: dir.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
                    try """
                        alerting: {config_file: alertmanager.yml, exact_repeat_interval: false, flush_when_silence_ends: false}
                        web: {listen_address: "127.0.0.1:0"}
                        """.write(to: dir.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)
                    let vigil = try RunningVigil(arguments: ["run", "--config", "vigil.yml"], in: dir)
                    defer { vigil.terminate() }
                    let port = try #require(await vigil.port(), "no 'listening' line: \(vigil.log)")
                    let pair = Pair(alertmanager: am.baseURL, vigil: "http://127.0.0.1:\(port)")
                    do {
                        let start = Date()
                        func at(_ seconds: Double) async throws {
                            let wait = seconds - Date().timeIntervalSince(start)
                            if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                        }
                        let hour = Date().addingTimeInterval(3600)
                        let iso = ISO8601DateFormatter()
                        let silence = """
                            {"matchers":[{"name":"alertname","value":"Silenced","isRegex":false,"isEqual":true}],
                             "startsAt":"\(iso.string(from: Date()))","endsAt":"\(iso.string(from: hour))","createdBy":"test","comment":"side by side"}
                            """
                        let created = try await pair.post("/api/v2/silences", silence)
                        let ids = (Self.silenceID(created.0), Self.silenceID(created.1))
                        _ = try await pair.post("/api/v2/alerts", "[" + [
                            Self.alert(["alertname": "Disk", "instance": "c", "severity": "warning"]),
                            Self.alert(["alertname": "Disk", "instance": "d", "severity": "warning"]),
                            Self.alert(["alertname": "Net", "instance": "a", "severity": "critical", "team": "db"]),
                            Self.alert(["alertname": "Net", "instance": "b", "severity": "critical", "team": "db"]),
                            Self.alert(["alertname": "Power", "instance": "p", "severity": "critical"]),
                            Self.alert(["alertname": "Power", "instance": "p", "severity": "warning"]),
                            Self.alert(["alertname": "Silenced", "instance": "e", "severity": "info"]),
                        ].joined(separator: ",") + "]")
                        // Groups flush at about 1, 3, 5, 7... s; every step lands half a second or more away from a flush.
                        try await at(4)
                        _ = try await pair.post("/api/v2/alerts", "[" + Self.alert(["alertname": "Disk", "instance": "c", "severity": "warning"], endsAt: Date()) + "]")
                        try await at(4.5)
                        try await pair.delete("/api/v2/silence/", ids: ids)
                        // The repeats fall at about 11 s; the next flush that could send anything is at 17 s. Ending at
                        // 13.5 s leaves a loaded machine time to deliver the repeats without reaching the next ones.
                        try await at(13.5)
                    }
                    vigil.terminate()
                }
                let theirs = amHooks.batches(since: .distantPast)
                let ours = vigilHooks.batches(since: .distantPast)
                let start = min(theirs.map(\.at).min() ?? 0, ours.map(\.at).min() ?? 0)
                func byGroup(_ list: [Batch]) -> [String: [Batch]] {
                    Dictionary(grouping: list.map { var b = $0; b.at -= start; return b }) { $0.path + " " + $0.groupKey }
                }
                let a = byGroup(theirs), v = byGroup(ours)
                func show(_ list: [Batch]) -> String {
                    list.map { var b = $0; b.at -= start; return "  \(b)" }.joined(separator: "\n")
                }
                print("Alertmanager sent:\n" + show(theirs))
                print("Vigil sent:\n" + show(ours))
                #expect(Set(a.keys) == Set(v.keys))
                for key in a.keys.sorted() {
                    let x = a[key] ?? [], y = v[key] ?? []
                    #expect(x == y, "\(key): Alertmanager \(x) vs Vigil \(y)")
                    for (p, q) in zip(x, y) {
                        #expect(abs(p.at - q.at) < 1.0, "\(key): Alertmanager at \(p.at) s, Vigil at \(q.at) s")
                    }
                }
                // The script's cases all happened: grouping, '...', continue, inhibition, silence, resolution, repeat.
                #expect(theirs.contains { $0.path == "/db" && $0.alerts.count == 1 })
                #expect(theirs.contains { $0.path == "/critical" && $0.groupKey.contains("Net") })
                #expect(!theirs.contains { $0.alerts.contains { $0.contains("alertname=Power") && $0.contains("warning") } })
                #expect(theirs.contains { $0.alerts.contains { $0.contains("alertname=Silenced") } })
                #expect(theirs.contains { $0.alerts.contains { $0.hasPrefix("resolved:") && $0.contains("instance=c") } })
                #expect((a.values.map(\.count).max() ?? 0) >= 2)
            }
        }
    }
}
