import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTesting

/// `vigil run` with the built-in router, killed with SIGKILL and started again on the same storage: the
/// silence is still there, what was delivered is not delivered again, and what the receiver refused
/// before the kill is delivered after the restart. Real process, real webhook listener on 127.0.0.1.
@Suite(.serialized) struct RouterRestartTests {
    static let routing = """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs: [{url: 'HOOK/notify'}]
        """

    /// Alert names in the messages the listener answered with `status`.
    static func delivered(_ requests: [(RecordedRequest, Int)], status: Int = 200) -> [String] {
        requests.filter { $0.1 == status }.flatMap { (request, _) -> [String] in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
            return (body?["alerts"] as? [[String: Any]] ?? []).compactMap { ($0["labels"] as? [String: String])?["alertname"] }
        }
    }

    final class Hook: @unchecked Sendable {
        private let lock = NSLock()
        private var up = true
        private var seen: [(RecordedRequest, Int)] = []
        func set(up: Bool) { lock.withLock { self.up = up } }
        var requests: [(RecordedRequest, Int)] { lock.withLock { seen } }
        func answer(_ r: RecordedRequest) -> ScriptedResponse {
            lock.withLock {
                let status = up ? 200 : 503
                seen.append((r, status))
                return .text(up ? "ok" : "down", status: status)
            }
        }
    }

    static func send(_ port: Int, _ method: String, _ path: String, _ json: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func alerts(_ names: [String]) -> String {
        let ends = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        return "[" + names.map { #"{"labels":{"alertname":"\#($0)","instance":"nas"},"endsAt":"\#(ends)"}"# }.joined(separator: ",") + "]"
    }

    @Test func aKilledRouterKeepsSilencesAndSendsOnlyWhatWasNotSent() async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-router-restart")
        defer { try? FileManager.default.removeItem(at: dir) }
        let hook = Hook()
        try await LoopbackHTTPServer.with(respond: { hook.answer($0) }) { listener in
            try Self.routing.replacingOccurrences(of: "HOOK", with: listener.baseURL)
                .write(to: dir.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
            try """
                alerting: {config_file: alertmanager.yml}
                storage: {path: state}
                web: {listen_address: "127.0.0.1:0"}
                """.write(to: dir.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)

            // First life: a silence, one alert delivered, then the receiver goes down and a second alert fails.
            var service = try RunningVigil(arguments: ["run", "--config", "vigil.yml"], in: dir)
            defer { service.terminate() }
            var port = try #require(await service.port(), "no 'listening' line: \(service.log)")
            let hour = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let now = ISO8601DateFormatter().string(from: Date())
            let (silenceStatus, silenceBody) = try await Self.send(port, "POST", "/api/v2/silences", """
                {"matchers":[{"name":"alertname","value":"Muted","isRegex":false,"isEqual":true}],
                 "startsAt":"\(now)","endsAt":"\(hour)","createdBy":"test","comment":"kept across restarts"}
                """)
            #expect(silenceStatus == 200, "\(silenceBody)")
            #expect(try await Self.send(port, "POST", "/api/v2/alerts", Self.alerts(["Sent", "Muted"])).0 == 200)
            #expect(await eventually { Self.delivered(hook.requests).contains("Sent") }, "Sent never delivered: \(service.log)")
            hook.set(up: false)
            #expect(try await Self.send(port, "POST", "/api/v2/alerts", Self.alerts(["Unsent"])).0 == 200)
            #expect(await eventually { Self.delivered(hook.requests, status: 503).contains("Unsent") }, "Unsent never attempted")
            // The refused attempt is in the history once Vigil has read the answer.
            #expect(await eventually {
                let history = try? await Self.send(port, "GET", "/api/v1/history?receiver=hook")
                return history?.1.contains(#""outcome":"retryableFailure""#) == true
            }, "the refused attempt never reached the history")
            service.signal(SIGKILL)
            service.terminate()

            // Second life on the same storage, the receiver back; the alerts are posted again, as Prometheus
            // re-sends them every minute.
            hook.set(up: true)
            let before = hook.requests.count
            service = try RunningVigil(arguments: ["run", "--config", "vigil.yml"], in: dir)
            port = try #require(await service.port(), "no 'listening' line after the restart: \(service.log)")
            let (_, silences) = try await Self.send(port, "GET", "/api/v2/silences")
            #expect(silences.contains("kept across restarts") && silences.contains(#""state":"active""#), "\(silences)")
            #expect(try await Self.send(port, "POST", "/api/v2/alerts", Self.alerts(["Sent", "Muted", "Unsent"])).0 == 200)
            #expect(await eventually { Self.delivered(Array(hook.requests.dropFirst(before))).contains("Unsent") },
                    "Unsent never delivered after the restart: \(service.log)")
            // Three more group intervals: nothing else arrives (Sent was logged as sent, Muted is silenced).
            try await Task.sleep(for: .seconds(6))
            let after = Self.delivered(Array(hook.requests.dropFirst(before)))
            #expect(after == ["Unsent"], "after the restart: \(after)")
            // The history has the refused attempt and both deliveries.
            let (_, history) = try await Self.send(port, "GET", "/api/v1/history?receiver=hook")
            #expect(history.contains(#""outcome":"retryableFailure""#), "\(history)")
            #expect(history.contains(#""outcome":"success""#), "\(history)")
            service.terminate()
        }
    }
}
