import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTesting

/// `vigil receive` as a process: it prints each webhook notification posted to it, appends it to the file
/// as a JSON line, and stops on SIGTERM with status 0; and Vigil's own router delivers to it end to end.
@Suite(.serialized)
struct ReceiveCommandTests {
    /// What Vigil's webhook notifier sends for one firing and one resolved alert (see ServerTests'
    /// `WebhookFixtures.vigilBody`).
    static let firing = #"""
        {"receiver":"team","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"DiskFull","instance":"a:9100","severity":"page"},"annotations":{"summary":"Disk \u003cfull\u003e \u0026 \"hot\""},"startsAt":"2024-05-01T10:00:00.123456789Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom/graph?g0.expr=up","fingerprint":"1111111111111111"},{"status":"resolved","labels":{"alertname":"DiskFull","instance":"b:9100","severity":"page"},"annotations":{"summary":"Disk ok"},"startsAt":"2024-05-01T10:00:00.123456789Z","endsAt":"2024-05-01T10:10:00Z","generatorURL":"","fingerprint":"2222222222222222"}],"groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull","severity":"page"},"commonAnnotations":{},"externalURL":"http://am.example:9093","version":"4","groupKey":"{}:{alertname=\"DiskFull\"}","truncatedAlerts":0}

        """#
    static let resolved = #"""
        {"receiver":"team","status":"resolved","alerts":[{"status":"resolved","labels":{"alertname":"DiskFull","instance":"a:9100","severity":"page"},"annotations":{"summary":"Disk ok again"},"startsAt":"2024-05-01T10:00:00.123456789Z","endsAt":"2024-05-01T10:20:00Z","generatorURL":"","fingerprint":"1111111111111111"}],"groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull","instance":"a:9100","severity":"page"},"commonAnnotations":{"summary":"Disk ok again"},"externalURL":"http://am.example:9093","version":"4","groupKey":"{}:{alertname=\"DiskFull\"}","truncatedAlerts":0}

        """#

    static func post(_ port: Int, _ path: String, _ body: String) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func lines(_ url: URL) -> [String] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func printsEachNotificationAndAppendsItUntilSIGTERM() async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-receive")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("notifications.jsonl")
        // A line already in the file stays: it is appended to.
        try "{\"earlier\":true}\n".write(to: file, atomically: true, encoding: .utf8)
        let receiver = try RunningVigil(arguments: ["receive", "--web.listen-address", "127.0.0.1:0", "--file", file.path], in: dir)
        defer { receiver.terminate() }
        let port = try #require(await receiver.port(), "no 'listening' line: \(receiver.log)")

        let first = try await Self.post(port, "/", Self.firing)
        #expect(first.status == 200, "\(first.body)")
        let second = try await Self.post(port, "/hooks/team", Self.resolved)
        #expect(second.status == 200, "\(second.body)")
        let bad = try await Self.post(port, "/", #"{"status":"firing"}"#)
        #expect(bad.status == 400)
        #expect(bad.body == "not an Alertmanager webhook message: alerts: missing; it is required\n")

        // Standard output shows both, readably; the 200 came after they were written.
        let log = receiver.log
        #expect(log.contains(#"] receiver "team" FIRING 2 alerts (1 resolved) group {alertname="DiskFull"}"#), "\(log)")
        #expect(log.contains(#"  FIRING   {instance="a:9100", severity="page"} startsAt=2024-05-01T10:00:00.123456789Z summary="Disk <full> & \"hot\"""#), "\(log)")
        #expect(log.contains(#"] receiver "team" RESOLVED 1 alert group {alertname="DiskFull"}"#), "\(log)")
        #expect(log.contains(#"  RESOLVED {instance="a:9100", severity="page"} startsAt=2024-05-01T10:00:00.123456789Z endsAt=2024-05-01T10:20:00Z summary="Disk ok again""#), "\(log)")

        let lines = Self.lines(file)
        try #require(lines.count == 3, "\(lines)")
        #expect(lines[0] == #"{"earlier":true}"#)
        for (line, sent) in zip(lines.dropFirst(), [Self.firing, Self.resolved]) {
            // The body as sent, receivedAt first.
            #expect(line.hasPrefix(#"{"receivedAt":""#), "\(line)")
            #expect(line.hasSuffix("," + sent.dropFirst().dropLast()), "\(line)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((object["receivedAt"] as? String)?.hasSuffix("Z") == true)
        }

        receiver.signal(SIGTERM)
        #expect(await eventually { !receiver.isRunning }, "vigil receive did not stop on SIGTERM")
        #expect(receiver.exitStatus == 0, "exit status \(receiver.exitStatus): \(receiver.log)")
        #expect(receiver.log.contains("msg=stopping signal=SIGTERM"), "\(receiver.log)")
    }

    @Test func outputJSONPrintsOneLinePerNotificationAndSIGINTStops() async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-receive-json")
        defer { try? FileManager.default.removeItem(at: dir) }
        let receiver = try RunningVigil(arguments: ["receive", "--web.listen-address", "127.0.0.1:0", "--output", "json"], in: dir)
        defer { receiver.terminate() }
        let port = try #require(await receiver.port(), "no 'listening' line: \(receiver.log)")
        #expect(try await Self.post(port, "/webhook", Self.firing).status == 200)
        let printed = receiver.log.split(separator: "\n").filter { $0.hasPrefix(#"{"receivedAt":"#) }
        #expect(printed.count == 1, "\(receiver.log)")
        #expect(printed.first?.hasSuffix("," + Self.firing.dropFirst().dropLast()) == true, "\(receiver.log)")
        receiver.signal(SIGINT)
        #expect(await eventually { !receiver.isRunning }, "vigil receive did not stop on SIGINT")
        #expect(receiver.exitStatus == 0, "exit status \(receiver.exitStatus): \(receiver.log)")
    }

    /// Notifications arriving together are written one after the other: every line whole.
    @Test func concurrentNotificationsAreWrittenWhole() async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-receive-concurrent")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("n.jsonl")
        let receiver = try RunningVigil(arguments: ["receive", "--web.listen-address", "127.0.0.1:0", "--file", file.path], in: dir)
        defer { receiver.terminate() }
        let port = try #require(await receiver.port(), "no 'listening' line: \(receiver.log)")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<40 {
                group.addTask { try await Self.post(port, "/n\(i)", i % 2 == 0 ? Self.firing : Self.resolved).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 40))
        let lines = Self.lines(file)
        #expect(lines.count == 40)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "\(lines)")
        let headers = receiver.log.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(headers.count == 40, "\(receiver.log)")
        #expect(receiver.log.split(separator: "\n").filter { $0.hasPrefix("  FIRING ") || $0.hasPrefix("  RESOLVED ") }.count == 20 * 2 + 20)
    }

    @Test func badFlagsAndAnUnwritableFileAreRefusedBeforeListening() throws {
        for (args, message) in [(["--output", "yaml"], "--output must be text or json"),
                                (["--web.listen-address", "nowhere"], "--web.listen-address"),
                                (["--file", "/nonexistent-folder/n.jsonl"], "cannot open /nonexistent-folder/n.jsonl for appending")] {
            let r = try VigilProcess.run(["receive", "--web.listen-address", "127.0.0.1:0"] + args)
            #expect(r.exitCode != 0 && !r.signaled, "\(args): \(r.output)")
            #expect(r.output.contains(message), "\(args): \(r.output)")
            #expect(!r.output.contains("msg=listening"), "\(args): \(r.output)")
        }
    }

    /// Vigil's router (`vigil run` with an Alertmanager configuration) delivers a firing and then a resolved
    /// notification to `vigil receive`, which prints both and writes both to its file.
    @Test func vigilsRouterDeliversToVigilReceive() async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-receive-e2e")
        defer { try? FileManager.default.removeItem(at: dir) }
        let receiveDir = dir.appendingPathComponent("receive")
        let runDir = dir.appendingPathComponent("run")
        for d in [receiveDir, runDir] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let file = receiveDir.appendingPathComponent("notifications.jsonl")
        let receiver = try RunningVigil(arguments: ["receive", "--web.listen-address", "127.0.0.1:0", "--file", file.path], in: receiveDir)
        defer { receiver.terminate() }
        let receivePort = try #require(await receiver.port(), "no 'listening' line: \(receiver.log)")

        try """
            route:
              receiver: console
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: console
                webhook_configs: [{url: 'http://127.0.0.1:\(receivePort)/alerts/console'}]
            """.write(to: runDir.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
        try """
            alerting: {config_file: alertmanager.yml}
            storage: {path: state}
            web: {listen_address: "127.0.0.1:0"}
            """.write(to: runDir.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)
        let service = try RunningVigil(arguments: ["run", "--config", "vigil.yml"], in: runDir)
        defer { service.terminate() }
        let port = try #require(await service.port(), "no 'listening' line: \(service.log)")

        // As Prometheus sends it: the start, and an end a few evaluation intervals ahead (or past, once resolved).
        let starts = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 60).rounded(.down))
        func alert(endsAt: Date) -> String {
            let (start, end) = (ISO8601DateFormatter().string(from: starts), ISO8601DateFormatter().string(from: endsAt))
            return #"[{"labels":{"alertname":"DemoDiskFull","node":"n1"},"annotations":{"summary":"disk on n1 is full"},"startsAt":"\#(start)","endsAt":"\#(end)"}]"#
        }
        let posted = try await RouterRestartTests.send(port, "POST", "/api/v2/alerts", alert(endsAt: Date().addingTimeInterval(3600)))
        #expect(posted.0 == 200, "\(posted.1)")
        #expect(await eventually { Self.lines(file).count >= 1 }, "nothing delivered: \(service.log)\n\(receiver.log)")
        // Resolved: the same alert with an end in the past.
        let ended = try await RouterRestartTests.send(port, "POST", "/api/v2/alerts", alert(endsAt: Date().addingTimeInterval(-1)))
        #expect(ended.0 == 200, "\(ended.1)")
        #expect(await eventually { Self.lines(file).count >= 2 }, "the resolved notification never came: \(service.log)\n\(receiver.log)")

        let lines = Self.lines(file)
        let statuses = lines.compactMap { line -> String? in
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            return object?["status"] as? String
        }
        #expect(statuses == ["firing", "resolved"], "\(lines)")
        let log = receiver.log
        #expect(log.contains(#"] receiver "console" FIRING 1 alert group {alertname="DemoDiskFull"}"#), "\(log)")
        let start = ISO8601DateFormatter().string(from: starts)
        #expect(log.contains(#"  FIRING   {node="n1"} startsAt=\#(start) summary="disk on n1 is full""#), "\(log)")
        #expect(log.contains(#"] receiver "console" RESOLVED 1 alert group {alertname="DemoDiskFull"}"#), "\(log)")
        #expect(log.contains(#"  RESOLVED {node="n1"} startsAt=\#(start) endsAt="#), "\(log)")
        print("vigil receive printed:\n" + log.split(separator: "\n").filter { !$0.hasPrefix("time=") }.joined(separator: "\n"))

        service.terminate()
        receiver.signal(SIGTERM)
        #expect(await eventually { !receiver.isRunning }, "vigil receive did not stop on SIGTERM")
        #expect(receiver.exitStatus == 0, "exit status \(receiver.exitStatus): \(receiver.log)")
    }
}
