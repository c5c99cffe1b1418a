import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Rules
import Testing
import TimeSeries
import VigilTesting
@testable import VigilService

/// Reloading on a file change (the watcher on the service clock) and on `POST /-/reload`: a good change
/// replaces the rules, a broken one leaves them running and says why on `/-/reload`, `/api/v1/status`
/// and `/metrics`.
@Suite(.serialized)
struct ReloadTests {
    static let one = "groups:\n  - name: g\n    interval: 10s\n    rules:\n      - record: reload:one\n        expr: vector(1)\n"
    static let two = one + "      - record: reload:two\n        expr: vector(2)\n"
    static let broken = "groups:\n  - name: g\n    rules:\n      - record: reload:two\n        expr: vector(\n"

    @Test func aChangedFileReloadsAndABrokenOneKeepsTheOldRules() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        // Any query gets one sample: the rules' values do not matter here, only which rules run.
        let prometheus: @Sendable (RecordedRequest) -> ScriptedResponse = { _ in
            .json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[0,"1"]}]}}"#)
        }
        try await LoopbackHTTPServer.with(respond: prometheus) { server in
            try folder.write("rules.yml", Self.one)
            try folder.write("vigil.yml", """
                datasources: [{name: prom, type: prometheus, url: "\(server.baseURL)", heartbeat: {enabled: false}}]
                rule_files: [{path: rules.yml, datasource: prom}]
                web: {listen_address: "127.0.0.1:0"}
                """)
            let clock = ManualClock(milliseconds: 1_700_000_000_000)
            let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"),
                                           overrides: .init(autoReloadInterval: .seconds(5)), logger: testLogger(), clock: clock)
            let port = try await runtime.start()
            do {
                await clock.advance(byMilliseconds: 10_000)
                #expect(await runtime.rule("reload:one") != nil)
                #expect(await runtime.rule("reload:two") == nil)

                // A new rule in the file: picked up at the next check, without a signal.
                // (The reload runs after the watcher wakes; on a loaded machine it may finish after the clock's
                // advance returns, so the checks below poll in real time.)
                try folder.write("rules.yml", Self.two)
                await clock.advance(byMilliseconds: 5_000)
                let reloaded = await eventually(timeout: .seconds(20)) { await runtime.rule("reload:two") != nil }
                #expect(reloaded, "the changed file was not reloaded")
                #expect(await runtime.lastReload.succeeded)

                // A broken file: the reload fails, the old rules keep running, and every surface says so.
                try folder.write("rules.yml", Self.broken)
                await clock.advance(byMilliseconds: 5_000)
                _ = await eventually(timeout: .seconds(20)) { await !runtime.lastReload.succeeded }
                let failed = await runtime.lastReload
                #expect(!failed.succeeded)
                #expect(failed.error?.contains("rules.yml:5:") == true, "\(failed.error ?? "")")
                #expect(await runtime.rule("reload:two") != nil)
                // The old rules go on being evaluated. (On a loaded machine an evaluation may finish after the
                // clock's advance returns, so this polls for a while before calling them stopped.)
                let before = await runtime.rule("reload:two")?.status.lastEvaluation
                var evaluated = false
                for _ in 0..<3 where !evaluated {
                    await clock.advance(byMilliseconds: 10_000)
                    evaluated = await eventually(timeout: .seconds(20)) {
                        await runtime.rule("reload:two")?.status.lastEvaluation != before
                    }
                }
                #expect(evaluated, "the old rules stopped")

                let status = try await Self.get(port, "/api/v1/status")
                #expect(status.contains(#""reloadConfigSuccess":false"#), "\(status)")
                #expect(status.contains("rules.yml:5:"), "\(status)")
                let metrics = try await Self.get(port, "/metrics")
                #expect(metrics.contains("vigil_config_last_reload_successful 0"), "\(metrics)")
                let reload = try await Self.send(port, "/-/reload", method: "POST")
                #expect(reload.status == 500)
                #expect(reload.body.hasPrefix("failed to reload config: "), "\(reload.body)")

                // Fixed, then reloaded by request.
                try folder.write("rules.yml", Self.one)
                let fixed = try await Self.send(port, "/-/reload", method: "POST")
                #expect(fixed.status == 200 && fixed.body.isEmpty)
                #expect(await runtime.rule("reload:two") == nil)
                #expect(try await Self.get(port, "/metrics").contains("vigil_config_last_reload_successful 1"))
            } catch {
                await runtime.shutdown()
                throw error
            }
            await runtime.shutdown()
        }
    }

    static func get(_ port: Int, _ path: String) async throws -> String { try await send(port, path).body }

    static func send(_ port: Int, _ path: String, method: String = "GET") async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
