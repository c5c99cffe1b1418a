import Foundation
import Testing
import VigilTesting

/// `--config.auto-reload-interval` at the limits: an interval whose next deadline passes Int64 nanoseconds
/// once wrapped to a deadline in the past, and the watcher spun on the CPU and kept SIGTERM from stopping
/// the process. Each of these runs, answers, and stops on SIGTERM.
@Suite struct AutoReloadIntervalTests {
    @Test func extremeIntervalsNeitherSpinNorTrap() async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-reload-interval")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "groups: []\n".write(to: dir.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        try """
            datasources: [{name: p, type: prometheus, url: "http://127.0.0.1:1", heartbeat: {enabled: false}}]
            rule_files: [rules.yml]
            web: {listen_address: "127.0.0.1:0"}
            """.write(to: dir.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)
        for interval in ["9223372035s", "9223372036s854ms", "292y", "1ms", "0s"] {
            let service = try RunningVigil(arguments: ["run", "--config", "vigil.yml", "--config.auto-reload-interval", interval], in: dir)
            defer { service.terminate() }
            let port = try #require(await service.port(), "\(interval): no 'listening' line: \(service.log)")
            #expect(try await RawHTTPClient.get(port, "/-/healthy").status == 200, "\(interval)")
            service.signal(SIGTERM)
            let stopped = await eventually(timeout: .seconds(10)) { !service.isRunning }
            #expect(stopped, "\(interval): SIGTERM did not stop it: \(service.log)")
            #expect(service.exitStatus == 0, "\(interval): \(service.log)")
        }
    }
}
