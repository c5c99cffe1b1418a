import Foundation
import Rules
import Testing
import TimeSeries
import VigilTesting
@testable import Backends

/// Against Debian's real Prometheus: samples written by remote write (floats, a staleness marker, a native
/// histogram) and read back through the query client, every result type, and the API's errors.
@Suite(.serialized, .enabled(if: PrometheusServer.isAvailable, "Debian's prometheus is not installed (apt-get install prometheus)"))
struct PrometheusServerTests {
    /// Now, rounded down to a second, minus a minute (inside the head block's appendable window).
    static func start() -> Int64 { (Int64(Date().timeIntervalSince1970) - 60) * 1000 }

    @Test func remoteWriteThenQueryEveryResultType() async throws {
        try await PrometheusServer.with(extraFlags: ["--enable-feature=native-histograms"]) { prometheus in
            let t0 = Self.start()
            let writer = try RemoteWriteClient(url: prometheus.remoteWriteURL, settings: testSettings())
            let queue = RemoteWriteQueue(client: writer, configuration: .init(maxSamplesPerSend: 3), sleeper: NeverSleeper())
            let a: Labels = ["__name__": "vigil_test", "job": "a"]
            let b: Labels = ["__name__": "vigil_test", "job": "b"]
            var histogram = NativeHistogram()
            histogram.schema = 0
            histogram.count = 7
            histogram.sum = 12.5
            histogram.zeroThreshold = 0.001
            histogram.zeroCount = 1
            histogram.positiveSpans = [.init(offset: 0, length: 2), .init(offset: 2, length: 1)]
            histogram.positiveBuckets = [1, 2, 3]
            await queue.append([
                PendingSample(labels: a, t: t0, value: 1), PendingSample(labels: b, t: t0, value: 10),
                PendingSample(labels: a, t: t0 + 15_000, value: 2), PendingSample(labels: b, t: t0 + 15_000, value: 20),
                PendingSample(labels: a, t: t0 + 30_000, value: 3), PendingSample(labels: b, t: t0 + 30_000, value: StaleNaN.value),
                PendingSample(labels: ["__name__": "vigil_histogram"], t: t0, histogram: histogram),
            ])
            await queue.flush()
            let counters = await queue.counters
            let lastError = await queue.lastError
            #expect(counters.sent == 7 && counters.failed == 0, "\(String(describing: lastError))")
            await queue.shutdown()
            await writer.shutdown()

            let client = try PrometheusQueryClient(baseURL: prometheus.baseURL, settings: testSettings())
            // Both series at t0+15s; at t0+30s the staleness marker hides job b.
            expectEqual(try await client.instantQuery("vigil_test", at: t0 + 15_000).value, .vector([
                InstantSample(labels: a, t: t0 + 15_000, value: 2), InstantSample(labels: b, t: t0 + 15_000, value: 20),
            ]))
            expectEqual(try await client.query("vigil_test", at: t0 + 30_000), [InstantSample(labels: a, t: t0 + 30_000, value: 3)])
            expectEqual(try await client.instantQuery(#"scalar(vigil_test{job="a"})"#, at: t0 + 30_000).value, .scalar(t: t0 + 30_000, value: 3))
            expectEqual(try await client.query("vigil_test * 0 + 1 > 5 or vector(7)", at: t0 + 30_000), [InstantSample(labels: .empty, t: t0 + 30_000, value: 7)])
            expectEqual(try await client.instantQuery(#""hello""#, at: t0).value, .string(t: t0, value: "hello"))
            expectEqual(try await client.instantQuery(#"vigil_test{job="a"}[1m]"#, at: t0 + 30_000).value, .matrix([
                RangeSeries(labels: a, floats: [Sample(t: t0, v: 1), Sample(t: t0 + 15_000, v: 2), Sample(t: t0 + 30_000, v: 3)]),
            ]))
            expectEqual(try await client.instantQuery("1 / 0", at: t0).value, .scalar(t: t0, value: .infinity))
            await #expect { _ = try await client.query(#"vigil_test{job="a"}[1m]"#, at: t0 + 30_000) } throws: {
                "\($0)" == "rule result is not a vector or scalar"
            }
            // The native histogram comes back through Prometheus's JSON with the same layout.
            let h = try await client.instantQuery("vigil_histogram", at: t0)
            guard case .vector(let hs) = h.value, let got = hs.first?.histogram else {
                Issue.record("no histogram: \(h)")
                await client.shutdown()
                return
            }
            #expect(got == histogram)
            await #expect(throws: PrometheusAPIError.self) { _ = try await client.instantQuery("sum(", at: t0) }
            do {
                _ = try await client.instantQuery("sum(", at: t0)
            } catch let error as PrometheusAPIError {
                #expect(error.errorType == "bad_data" && error.status == 400)
                #expect(error.message.contains("parse error"), "\(error.message)")
            }
            await client.shutdown()
        }
    }

    @Test func serverTimeoutIsAnAPIError() async throws {
        try await PrometheusServer.with { prometheus in
            // The client waits up to a minute: on a loaded machine Prometheus may be slow to answer at all.
            let client = try PrometheusQueryClient(baseURL: prometheus.baseURL, settings: testSettings(attempts: 1, timeout: .seconds(60)),
                                                   queryTimeout: .milliseconds(1))
            // A query heavy enough to outlast a millisecond on any machine.
            do {
                _ = try await client.instantQuery("count(count_over_time(vector(1)[30d:1s]))", at: Self.start())
                Issue.record("the query should have timed out")
            } catch let error as PrometheusAPIError {
                #expect(error.errorType == "timeout" || error.errorType == "canceled", "\(error)")
            } catch {
                Issue.record("expected Prometheus's timeout error, got \(error)")
            }
            await client.shutdown()
        }
    }
}

/// Against Debian's real Alertmanager: alerts posted through the client and the notifier, read back
/// through `GET /api/v2/alerts`.
@Suite(.serialized, .enabled(if: AlertmanagerServer.isAvailable, "Debian's prometheus-alertmanager is not installed"))
struct AlertmanagerServerTests {
    @Test func postedAlertsAreReadBack() async throws {
        try await AlertmanagerServer.with { alertmanager in
            let now = (Int64(Date().timeIntervalSince1970) - 60) * 1000
            let client = try AlertmanagerClient(baseURL: alertmanager.baseURL)
            let notifier = AlertmanagerNotifier(alertmanagers: [client])
            let alerts = (0..<3).map { AlertmanagerTests.alert($0, startsAt: now + 123, endsAt: now + 3_600_000) }
            await notifier.send(alerts)
            await notifier.drain()
            #expect(await notifier.targets[client.alertsURL]?.sent == 3)

            let response = try await BackendHTTPClient.with(baseURL: alertmanager.baseURL, settings: testSettings()) { reader in
                try await reader.send(BackendRequest(path: "/api/v2/alerts"))
            }
            #expect(response.status == 200)
            let list = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
            let byInstance = Dictionary(uniqueKeysWithValues: list.compactMap { a in
                ((a["labels"] as? [String: String])?["instance"]).map { ($0, a) }
            })
            #expect(byInstance.keys.sorted() == ["node0", "node1", "node2"])
            let first = try #require(byInstance["node0"])
            #expect(first["labels"] as? [String: String] == ["alertname": "DiskFull", "instance": "node0", "severity": "page"])
            #expect(first["annotations"] as? [String: String] == ["summary": "Disk 0 is full"])
            #expect(first["generatorURL"] as? String == "http://vigil:9099/graph?g0.expr=up+%3D%3D+0&g0.tab=1")
            #expect(first["startsAt"] as? String == GoTimeFormat.rfc3339Millis(now + 123))
            #expect(first["endsAt"] as? String == GoTimeFormat.rfc3339Millis(now + 3_600_000))
            #expect((first["status"] as? [String: Any])?["state"] as? String == "active")
            await notifier.shutdown()
        }
    }

    @Test func anInvalidAlertIsRefusedWith400() async throws {
        try await AlertmanagerServer.with { alertmanager in
            let client = try AlertmanagerClient(baseURL: alertmanager.baseURL)
            // No labels at all: Alertmanager refuses the alert.
            var bad = AlertmanagerTests.alert(0)
            bad.labels = .empty
            await #expect { try await client.post([bad]) } throws: { "\($0)".contains("HTTP status 400") }
            await client.shutdown()
        }
    }
}

/// A client dropped without `shutdown()` (a test or code path that threw first) shuts itself down instead
/// of stopping the process.
struct DroppedClientTests {
    @Test func aClientDroppedWithoutShutdownDoesNotStopTheProcess() async throws {
        for _ in 0..<3 {
            _ = try BackendHTTPClient(baseURL: "http://127.0.0.1:9")
        }
        let client = try BackendHTTPClient(baseURL: "http://127.0.0.1:9")
        await client.shutdown()
        await client.shutdown()  // a second shutdown does nothing
        try await Task.sleep(for: .milliseconds(200))
    }
}
