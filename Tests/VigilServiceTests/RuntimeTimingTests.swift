import Foundation
import Rules
import Testing
import TimeSeries
import VigilTesting
@testable import VigilService

/// The whole service (configuration, rule files, HTTP clients, state folder) driven by a manual clock against
/// a scripted Prometheus on 127.0.0.1: restart restoration, reload, and a backend that fails in every way.
/// Only evaluation time is simulated; the HTTP exchanges are real.
@Suite(.serialized) struct RuntimeTimingTests {
    /// 2023-11-14T22:13:20Z, a whole minute.
    static let t0: Int64 = 1_700_000_000_000 - 1_700_000_000_000 % 60_000

    /// What the scripted Prometheus answers to `/api/v1/query`.
    enum Backend: Sendable {
        /// A vector of one sample with this value for any query.
        case value(Double)
        /// An empty vector.
        case empty
        case status(Int, String)
        case garbage(String)
        /// Answers after this long (past the client's timeout).
        case slow(Duration)
    }

    static func prometheus(_ mode: Shared<Backend>) -> @Sendable (RecordedRequest) -> ScriptedResponse {
        { request in
            let time = request.parameter("time") ?? "0"
            switch mode.current {
            case .value(let v):
                return .json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"instance":"nas:9100"},"value":[\#(time),"\#(v)"]}]}}"#)
            case .empty:
                return .json(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
            case .status(let code, let text):
                return .text(text, status: code)
            case .garbage(let text):
                return .json(text)
            case .slow(let delay):
                return .json(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#, delay: delay)
            }
        }
    }

    static func config(prometheus: String) -> String {
        """
        global: {evaluation_interval: 1m}
        datasources:
          - name: prom
            type: prometheus
            url: \(prometheus)
            timeout: 300ms
            retry: {max_attempts: 1}
            heartbeat: {enabled: false}
        rule_files: [{path: rules.yml, datasource: prom}]
        storage: {path: state}
        web: {listen_address: "127.0.0.1:0"}
        """
    }

    static let diskRules = """
        groups:
          - name: disk
            rules:
              - alert: DiskFilling
                expr: disk_used_ratio > 0.9
                for: 5m
                labels: {severity: warning}
        """

    /// Starts a runtime on `clock` and waits for its one group to sleep.
    func start(_ folder: TestFolder, clock: ManualClock, groups: Int = 1) async throws -> VigilRuntime {
        let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"), logger: testLogger(), clock: clock)
        try await runtime.start()
        await clock.waitForSleepers(groups)
        return runtime
    }

    @Test func aRestartKeepsTheForTimerAndDoesNotRepage() async throws {
        let mode = Shared(Backend.value(0.95))
        let folder = try TestFolder()
        defer { folder.remove() }
        // `for` longer than Prometheus's 10-minute grace period, so a pending alert is restored.
        let rules = Self.diskRules.replacingOccurrences(of: "for: 5m", with: "for: 15m")
        try await LoopbackHTTPServer.with(respond: Self.prometheus(mode)) { server in
            try folder.write("vigil.yml", Self.config(prometheus: server.baseURL))
            try folder.write("rules.yml", rules)

            // First life: pending for about three minutes, then stopped.
            let clock = ManualClock(milliseconds: Self.t0)
            var runtime = try await start(folder, clock: clock)
            await clock.advance(byMilliseconds: 3 * 60_000)
            let pending = await runtime.alerts(of: "DiskFilling")
            #expect(pending.map(\.state) == [.pending])
            let firstActiveAt = pending.first?.activeAt ?? 0
            await runtime.shutdown()

            // Second life, two minutes later: still pending, its activeAt moved by the outage (which does not
            // count towards `for`), so it fires about 12 minutes after the restart, not 15.
            let restart = clock.nowMilliseconds() + 2 * 60_000
            let clock2 = ManualClock(milliseconds: restart)
            runtime = try await start(folder, clock: clock2)
            await clock2.advance(byMilliseconds: 1)
            var restored = await runtime.alerts(of: "DiskFilling")
            #expect(restored.first?.state == .pending, "\(restored)")
            #expect((restored.first?.activeAt ?? 0) > firstActiveAt)
            await clock2.advance(toMilliseconds: restart + 11 * 60_000)
            #expect(await runtime.alerts(of: "DiskFilling").first?.state == .pending)
            await clock2.advance(toMilliseconds: restart + 15 * 60_000)
            restored = await runtime.alerts(of: "DiskFilling")
            #expect(restored.first?.state == .firing, "\(restored)")
            let firingActiveAt = restored.first?.activeAt
            let firedAt = restored.first?.firedAt
            await runtime.shutdown()

            // Third life while firing: it comes back firing at once, as it was (no new pending period, so
            // Alertmanager never sees it resolve and page again).
            let clock3 = ManualClock(milliseconds: clock2.nowMilliseconds() + 60_000)
            runtime = try await start(folder, clock: clock3)
            await clock3.advance(byMilliseconds: 1)
            let again = await runtime.alerts(of: "DiskFilling")
            #expect(again.map(\.state) == [.firing], "\(again)")
            #expect(again.first?.activeAt == firingActiveAt)
            #expect(again.first?.firedAt == firedAt)
            await runtime.shutdown()
        }
    }

    @Test func aBackendOutageNeverResolvesAndNeverCrashes() async throws {
        let mode = Shared(Backend.value(0.95))
        let folder = try TestFolder()
        defer { folder.remove() }
        try await LoopbackHTTPServer.with(respond: Self.prometheus(mode)) { server in
            try folder.write("vigil.yml", Self.config(prometheus: server.baseURL))
            try folder.write("rules.yml", Self.diskRules)
            let clock = ManualClock(milliseconds: Self.t0)
            let runtime = try await start(folder, clock: clock)
            await clock.advance(byMilliseconds: 6 * 60_000)
            let firing = await runtime.alerts(of: "DiskFilling")
            #expect(firing.map(\.state) == [.firing])
            #expect(await runtime.rule("DiskFilling")?.status.health == .ok)

            let outages: [(Backend, String)] = [
                (.status(503, "Service Unavailable"), "503"),
                (.status(422, #"{"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"}"#), "too many samples"),
                (.garbage("<html>not json</html>"), "invalid"),
                (.garbage(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"not a number"]}]}}"#), "invalid"),
                (.garbage(#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#), "not a vector or scalar"),
                (.slow(.seconds(5)), "timed out"),
            ]
            for (outage, words) in outages {
                mode.current = outage
                await clock.advance(byMilliseconds: 60_000)
                let rule = await runtime.rule("DiskFilling")
                #expect(rule?.status.health == .err, "\(outage)")
                let message = rule?.status.lastError.map { "\($0)" } ?? ""
                #expect(message.localizedCaseInsensitiveContains(words), "\(outage): \(message)")
                // The previous state stays: still firing, never resolved by a failed evaluation.
                let alerts = await runtime.alerts(of: "DiskFilling")
                #expect(alerts.map(\.state) == [.firing], "\(outage): \(alerts)")
            }

            // The backend comes back: healthy again, same alert, same activeAt.
            mode.current = .value(0.97)
            await clock.advance(byMilliseconds: 60_000)
            #expect(await runtime.rule("DiskFilling")?.status.health == .ok)
            let after = await runtime.alerts(of: "DiskFilling")
            #expect(after.map(\.state) == [.firing])
            #expect(after.first?.activeAt == firing.first?.activeAt)
            await runtime.shutdown()
        }
    }

    @Test func reloadReplacesRulesOnlyWhenEverythingLoads() async throws {
        let mode = Shared(Backend.value(0.95))
        let folder = try TestFolder()
        defer { folder.remove() }
        try await LoopbackHTTPServer.with(respond: Self.prometheus(mode)) { server in
            try folder.write("vigil.yml", Self.config(prometheus: server.baseURL))
            try folder.write("rules.yml", Self.diskRules)
            let clock = ManualClock(milliseconds: Self.t0)
            let runtime = try await start(folder, clock: clock)
            await clock.advance(byMilliseconds: 2 * 60_000)
            let activeAt = await runtime.alerts(of: "DiskFilling").first?.activeAt
            #expect(activeAt != nil)

            // A new rule next to the old one: both run; the unchanged alert keeps its state.
            try folder.write("rules.yml", Self.diskRules + """

                  - name: memory
                    rules:
                      - alert: MemoryLow
                        expr: memory_available_ratio < 0.1
                """)
            let ok = await runtime.reload()
            #expect(ok.succeeded, "\(ok.error ?? "")")
            // The new group starts sleeping on the clock some time after the reload returns (at once on an
            // idle machine, later on a busy one): move time on in steps until it has been evaluated.
            var evaluated = false
            for _ in 0..<20 where !evaluated {
                await clock.waitForSleepers(2, timeout: .seconds(5))
                await clock.advance(byMilliseconds: 30_000)
                evaluated = await runtime.rule("MemoryLow")?.status.lastEvaluation != nil
            }
            #expect(evaluated, "the new rule was not evaluated")
            #expect(await runtime.alerts(of: "DiskFilling").first?.activeAt == activeAt)

            // A broken file: the reload fails with the file, line and column, and the old rules keep running.
            try folder.write("rules.yml", """
                groups:
                  - name: disk
                    rules:
                      - alert: DiskFilling
                        expr: disk_used_ratio > > 0.9
                """)
            let failed = await runtime.reload()
            #expect(!failed.succeeded)
            #expect(failed.error?.contains("rules.yml:5:") == true, "\(failed.error ?? "")")
            // As above, a woken group may still be busy with its HTTP query when `advance` returns on a loaded
            // machine: move time on in steps until the next evaluation has been recorded.
            let before = await runtime.rule("MemoryLow")?.status.lastEvaluation
            var after = before
            for _ in 0..<20 where after == before {
                await clock.waitForSleepers(2, timeout: .seconds(5))
                await clock.advance(byMilliseconds: 30_000)
                after = await runtime.rule("MemoryLow")?.status.lastEvaluation
            }
            #expect(after != nil && after != before, "the old rules stopped running")
            #expect(await runtime.alerts(of: "DiskFilling").first?.activeAt == activeAt)

            // A broken vigil.yml is refused the same way.
            try folder.write("vigil.yml", Self.config(prometheus: server.baseURL) + "\nunknown_section: 1\n")
            let badConfig = await runtime.reload()
            #expect(!badConfig.succeeded)
            #expect(badConfig.error?.contains("vigil.yml:") == true, "\(badConfig.error ?? "")")
            await runtime.shutdown()
        }
    }
}
