import Foundation
import Testing
import TimeSeries
@testable import Rules
import VigilTesting

/// The synthetic heartbeat group calls out a datasource whose data stopped advancing or that fails.
@Suite("Datasource heartbeat")
struct DatasourceHeartbeatTests {
    /// The newest sample time the fake Prometheus reports, and whether it answers at all.
    final class FakePrometheus: @unchecked Sendable {
        let lock = NSLock()
        var frozenAt: Int64?
        var down = false
        lazy var querier = ScriptedRemoteQuerier { [unowned self] expr, t in
            let (frozenAt, down) = self.lock.withLock { (self.frozenAt, self.down) }
            if down { throw BackendDown() }
            #expect(expr == "max(timestamp(up))")
            // Scrapes every 15 s until frozen.
            let newest = min(t, frozenAt ?? t) / 15_000 * 15_000
            return [InstantSample(labels: .empty, t: t, value: Double(newest) / 1000)]
        }
    }

    @Test func frozenThenUnreachableDatasourceFiresItsAlerts() async throws {
        let prometheus = FakePrometheus()
        let clock = ManualClock(milliseconds: 1_700_000_000_000)
        let alerts = CapturingAlertSender()
        let ruler = Ruler(options: runnerOptions()) { _ in
            .init(querier: prometheus.querier, alerts: alerts, clock: clock)
        }
        await ruler.apply([DatasourceHeartbeat.group(datasource: "prometheus", settings: .prometheusDefault())])
        await clock.waitForSleepers(1)
        await clock.advance(byMilliseconds: 10 * minute)
        #expect(await alerts.all.isEmpty)

        prometheus.lock.withLock { prometheus.frozenAt = clock.nowMilliseconds() }
        await clock.advance(byMilliseconds: 5 * minute)
        #expect(await alerts.all.isEmpty, "not older than max_age yet")
        await clock.advance(byMilliseconds: 2 * minute)
        let stale = try #require(await alerts.all.last)
        #expect(stale.labels == Labels([Label("alertname", "VigilDatasourceStale"), Label("datasource", "prometheus"), Label("severity", "critical")]))
        #expect(stale.annotations.first { $0.name == "summary" }?.value == "Datasource prometheus has no recent data")
        #expect(stale.annotations.first { $0.name == "description" }?.value.hasPrefix("The newest data of datasource prometheus is 5m ") == true)

        prometheus.lock.withLock { prometheus.down = true }
        await clock.advance(byMilliseconds: 4 * minute)
        let names = Set(await alerts.all.map { $0.labels["alertname"] ?? "" })
        #expect(names == ["VigilDatasourceStale", "VigilDatasourceUnreachable"])
        let snapshot = try #require(await ruler.snapshots().first)
        #expect(snapshot.key == RuleGroupKey(file: "vigil:heartbeat", name: "vigil.datasource.prometheus"))
        #expect(snapshot.rules.map(\.name) == ["VigilDatasourceStale", "VigilDatasourceUnreachable"])
        await ruler.stop()
    }
}
