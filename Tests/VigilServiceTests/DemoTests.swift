import Foundation
import Hummingbird
import LogQL
import Rules
import Server
import Testing
import TimeSeries
import VigilTesting
@testable import VigilService

/// The demo homelab's timeline, and the whole demo — embedded Prometheus and Loki, the rule pack through
/// the production HTTP clients, the router, the console receiver — on a manual clock.
struct DemoHomelabTests {
    static let t0: Int64 = 1_700_000_000_000

    @Test func startIsOnTheFiveSecondGrid() {
        #expect(DemoHomelab(start: Self.t0 + 3_217).start == Self.t0)
        #expect(DemoHomelab(start: -1).start == -5_000)
    }

    @Test func incidentsHappenAtTheirOffsetsEveryCycle() {
        let homelab = DemoHomelab(start: Self.t0)
        func lines(_ from: Int64, _ to: Int64) -> [String] {
            homelab.lines(after: Self.t0 + from, through: Self.t0 + to).flatMap { $0.entries.map(\.line) }
        }
        #expect(lines(15_000, 20_000).contains { $0.hasPrefix("Out of memory: Killed process 31337 (postgres)") })
        #expect(!lines(0, 15_000).contains { $0.contains("Killed process") })
        #expect(lines(40_000, 50_000).filter { $0.hasPrefix("BTRFS error (device sdb)") }.count == 2)
        #expect(lines(85_000, 90_000).contains("panic: runtime error: invalid memory address or nil pointer dereference"))
        #expect(lines(475_000, 480_000).contains("INFO: task kworker/u8:2:1234 blocked for more than 120 seconds."))
        // The next cycle repeats it.
        let cycle = DemoHomelab.cycle
        #expect(lines(cycle + 15_000, cycle + 20_000).contains { $0.hasPrefix("Out of memory") })
        // Every line is in exactly one interval: two halves give what the whole gives.
        #expect(lines(0, 600_000).count == lines(0, 300_000).count + lines(300_000, 600_000).count)
        // Every stream has a job, so the Loki heartbeat `{job=~".+"}` sees them all.
        #expect(homelab.lines(after: Self.t0, through: Self.t0 + 60_000).allSatisfy { $0.labels["job"] != nil })
    }

    @Test func theReadOnlyFilesystemAndTheOOMKillShowInTheMetrics() {
        let homelab = DemoHomelab(start: Self.t0)
        func value(_ name: String, _ t: Int64, where match: [String: String] = [:]) -> [Double] {
            homelab.samples(at: Self.t0 + t).filter { s in
                s.labels["__name__"] == name && match.allSatisfy { s.labels[$0.key] == $0.value }
            }.map(\.value)
        }
        let sdb = ["node": "talos-w-2", "mountpoint": "/var/mnt/data"]
        #expect(value("node_filesystem_readonly", 30_000, where: sdb) == [0])
        #expect(value("node_filesystem_readonly", 45_000, where: sdb) == [1])
        #expect(value("node_filesystem_readonly", 360_000, where: sdb) == [0])
        #expect(value("kube_pod_container_status_restarts_total", 15_000) == [0])
        #expect(value("kube_pod_container_status_restarts_total", 20_000) == [1])
        #expect(value("kube_pod_container_status_restarts_total", DemoHomelab.cycle + 20_000) == [2])
        #expect(value("node_time_seconds", 15_000).allSatisfy { $0 == Double(Self.t0 + 15_000) / 1000 })
    }
}

@Suite(.serialized)
struct DemoEndToEndTests {
    /// Records what the router posts to the demo's two webhook receivers.
    struct RecordingReceivers: HTTPRouteGroup {
        let console: Shared<[String]>
        let receive: Shared<[String]>
        var routes: [HTTPRoute] {
            let console = self.console, receive = self.receive
            return [
                HTTPRoute(.post, "/demo/console") { request, context in
                    let body = try await request.body.collect(upTo: context.maxUploadSize)
                    console.current.append(String(decoding: body.readableBytesView, as: UTF8.self))
                    return Response(status: .ok)
                },
                HTTPRoute(.post, "/receive") { request, context in
                    let body = try await request.body.collect(upTo: context.maxUploadSize)
                    receive.current.append(String(decoding: body.readableBytesView, as: UTF8.self))
                    return Response(status: .ok)
                },
            ]
        }
    }

    static var rulesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("rules").path
    }

    @Test func theDemoFiresItsAlertsAndNotifiesBothReceiversWithinFourMinutes() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        let console = Shared<[String]>([])
        let receive = Shared<[String]>([])
        let clock = ManualClock(milliseconds: DemoHomelabTests.t0)
        // The receive URL is filled in once the backends' port is known: the receivers live on that server.
        var settings = DemoProcess.Settings(rulesDirectory: Self.rulesDirectory, directory: folder.path, listenAddress: "127.0.0.1:0",
                                            consoleRoutes: [RecordingReceivers(console: console, receive: receive)])
        settings.receiveURL = "http://127.0.0.1:1/unused"
        let session = try await DemoProcess.prepare(settings, logger: testLogger(), clock: clock)
        // Point the second receiver at the recording route now that the port is known, and rebuild the service.
        let base = await session.backends.baseURL
        _ = try DemoConfiguration.write(into: folder.path, backendURL: base, consoleURL: base + "/demo/console",
                                        receiveURL: base + "/receive", rulesDirectory: Self.rulesDirectory, listenAddress: "127.0.0.1:0")
        let runtime = try VigilRuntime(configPath: session.files.vigil, logger: testLogger(), clock: clock)
        try await runtime.start()
        do {
            try await Task.sleep(for: .milliseconds(1))
            for _ in 0..<(12 * 4) { await clock.advance(byMilliseconds: 5_000) }  // four minutes

            var firing: [String] = []
            for name in ["VigilKernelOOMKill", "VigilContainerOOMKilled", "VigilKernelFilesystemError", "VigilAppPanic",
                         "VigilFilesystemReadOnly", "VigilWatchdog"] {
                let states = await runtime.alerts(of: name).map(\.state)
                if states.contains(.firing) { firing.append(name) }
            }
            #expect(firing == ["VigilKernelOOMKill", "VigilContainerOOMKilled", "VigilKernelFilesystemError", "VigilAppPanic",
                               "VigilFilesystemReadOnly", "VigilWatchdog"])
            // Nothing in the pack failed to evaluate against the embedded backends.
            for rule in await runtime.ruler.snapshots().flatMap(\.rules) where rule.status.health != .ok {
                Issue.record("\(rule.name): \(rule.status)")
            }
            // Both receivers got the notifications, in Alertmanager's webhook format. A notification's POST
            // may still be on its way when the last `advance` returns on a loaded machine: wait for it.
            _ = await eventually(timeout: .seconds(30)) {
                console.current.contains { $0.contains(#""alertname":"VigilKernelOOMKill""#) }
                    && receive.current.contains { $0.contains(#""alertname":"VigilFilesystemReadOnly""#) }
            }
            #expect(console.current.contains { $0.contains(#""alertname":"VigilKernelOOMKill""#) }, "\(console.current.count) console notifications")
            #expect(console.current.allSatisfy { $0.hasPrefix(#"{"receiver":"console","status":"#) })
            #expect(receive.current.contains { $0.contains(#""alertname":"VigilFilesystemReadOnly""#) }, "\(receive.current.count) webhook notifications")
        } catch {
            await runtime.shutdown()
            await session.backends.stop()
            throw error
        }
        await runtime.shutdown()
        await session.backends.stop()
    }
}
