import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTesting

/// `vigil run` as a process: configuration errors, and a reload by SIGHUP against Debian's Prometheus.
@Suite struct RunCommandTests {
    @Test func versionIsPrintedAsPromtoolPrintsIt() throws {
        let r = try VigilProcess.run(["--version"])
        #expect(r.exitCode == 0)
        #expect(r.stdout.hasPrefix("vigil, version "), "\(r.output)")
        #expect(r.stdout.contains("platform:"))
    }

    @Test func aBrokenConfigurationExitsOneWithItsPosition() throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-run-config")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "global:\n  evaluation_interval: 1m\n  evaluaton_interval: 2m\n".write(
            to: dir.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)
        let r = try VigilProcess.run(["run", "--config", "vigil.yml"], in: dir)
        #expect(r.exitCode == 1)
        #expect(r.stderr.contains("vigil.yml:3:3"), "\(r.output)")
        #expect(r.stderr.contains("evaluaton_interval"))

        let missing = try VigilProcess.run(["run", "--config", "absent.yml"], in: dir)
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.contains("absent.yml"), "\(missing.output)")

        let badFlag = try VigilProcess.run(["run", "--config", "vigil.yml", "--log.level", "loud"], in: dir)
        #expect(badFlag.exitCode != 0 && !badFlag.signaled)
        #expect(badFlag.stderr.contains("--log.level"))
    }

    @Test(.enabled(if: PrometheusServer.isAvailable, "needs Debian's prometheus (apt-get install prometheus)"))
    func sighupReloadsAndABrokenFileKeepsTheOldRules() async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-run-reload")
        defer { try? FileManager.default.removeItem(at: dir) }
        try await PrometheusServer.with { prometheus in
            let rules = dir.appendingPathComponent("rules.yml")
            let one = "groups:\n  - name: g\n    interval: 1s\n    rules:\n      - record: e2e:one\n        expr: vector(1)\n"
            try one.write(to: rules, atomically: true, encoding: .utf8)
            try """
                datasources: [{name: prom, type: prometheus, url: "\(prometheus.baseURL)"}]
                rule_files: [{path: rules.yml, datasource: prom}]
                web: {listen_address: "127.0.0.1:0"}
                """.write(to: dir.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)

            let service = try RunningVigil(arguments: ["run", "--config", "vigil.yml", "--storage.path", "state"], in: dir)
            defer { service.terminate() }
            let port = try #require(await service.port(), "no 'listening' line: \(service.log)")

            #expect(await eventually { await evaluated(port, "e2e:one") }, "e2e:one never evaluated: \(service.log)")

            // A new rule, then SIGHUP: the new rule is evaluated.
            try (one + "      - record: e2e:two\n        expr: vector(2)\n").write(to: rules, atomically: true, encoding: .utf8)
            service.signal(SIGHUP)
            #expect(await eventually { await evaluated(port, "e2e:two") }, "e2e:two never evaluated after SIGHUP: \(service.log)")

            // A broken file, then SIGHUP: the reload fails, is logged, and the old rules keep running.
            try "groups:\n  - name: g\n    rules:\n      - record: e2e:two\n        expr: vector(\n".write(to: rules, atomically: true, encoding: .utf8)
            service.signal(SIGHUP)
            #expect(await eventually { service.log.contains("reload failed") }, "no reload failure logged: \(service.log)")
            #expect(service.log.contains("rules.yml:5:"), "the failure names the file and line: \(service.log)")
            let before = await lastEvaluation(port, "e2e:two")
            try await Task.sleep(for: .seconds(2.5))
            let after = await lastEvaluation(port, "e2e:two")
            #expect(before != nil && after != nil && after != before, "the old rules stopped: \(before ?? "-") → \(after ?? "-")")

            // SIGTERM stops it cleanly.
            service.signal(SIGTERM)
            #expect(await eventually { !service.isRunning }, "vigil did not stop on SIGTERM")
            #expect(service.exitStatus == 0, "exit status \(service.exitStatus)")
        }
    }

    /// Whether `/api/v1/rules` shows the rule healthy and evaluated.
    func evaluated(_ port: Int, _ name: String) async -> Bool {
        guard let rule = await rule(port, name) else { return false }
        return rule["health"] as? String == "ok" && rule["lastEvaluation"] as? String != "0001-01-01T00:00:00Z"
    }

    func lastEvaluation(_ port: Int, _ name: String) async -> String? {
        await rule(port, name)?["lastEvaluation"] as? String
    }

    func rule(_ port: Int, _ name: String) async -> [String: Any]? {
        guard let url = URL(string: "http://127.0.0.1:\(port)/api/v1/rules"),
              let (data, _) = try? await URLSession.shared.data(from: url),
              let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let groups = (body["data"] as? [String: Any])?["groups"] as? [[String: Any]] else { return nil }
        return groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }.first { $0["name"] as? String == name }
    }
}

/// Polls `condition` every 100 ms for at most `timeout` of real time.
func eventually(timeout: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < timeout {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return await condition()
}

/// A `vigil` process running in the background, its logs collected in a file.
final class RunningVigil: @unchecked Sendable {
    private let process = Process()
    private let logURL: URL

    init(arguments: [String], in directory: URL) throws {
        logURL = directory.appendingPathComponent("vigil.log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = VigilProcess.executableURL
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }
    var isRunning: Bool { process.isRunning }
    var exitStatus: Int32 { process.isRunning ? -1 : process.terminationStatus }

    /// The port from the `listening` log line.
    func port() async -> Int? {
        var found: Int?
        _ = await eventually {
            guard let line = log.split(separator: "\n").first(where: { $0.contains("msg=listening") }),
                  let address = line.split(separator: " ").first(where: { $0.hasPrefix("address=") }),
                  let port = address.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) })
            else { return false }
            found = port
            return true
        }
        return found
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Stops the process if it still runs (SIGKILL after 5 s of SIGTERM).
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<50 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Files named with one character: Foundation's `deletingLastPathComponent` traps on such names on Linux,
/// which stopped `vigil test rules t`.
@Suite struct OneCharacterFileNameTests {
    @Test func everyCommandTakesAOneCharacterFileName() throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-one-char")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "groups: []\n".write(to: dir.appendingPathComponent("r"), atomically: true, encoding: .utf8)
        try "rule_files: [r]\ntests: []\n".write(to: dir.appendingPathComponent("t"), atomically: true, encoding: .utf8)
        try "route: {receiver: a}\nreceivers: [{name: a}]\n".write(to: dir.appendingPathComponent("a"), atomically: true, encoding: .utf8)
        try "global: {unknown: 1}\n".write(to: dir.appendingPathComponent("v"), atomically: true, encoding: .utf8)
        for args in [["test", "rules", "t"], ["check", "rules", "r"], ["check", "config", "a"], ["routes", "show", "--config", "a"],
                     ["run", "--config", "v"]] {
            let r = try VigilProcess.run(args, in: dir)
            #expect(!r.signaled, "\(args): \(r.output)")
            #expect(r.exitCode == 0 || r.exitCode == 1, "\(args): exit \(r.exitCode): \(r.output)")
        }
    }
}
