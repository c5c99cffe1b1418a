import Backends
import Foundation
import Rules
import Testing
import TimeSeries
import VigilTesting
@testable import VigilService

/// The ruler against real servers on 127.0.0.1: Debian's Prometheus scrapes an exporter the test serves,
/// Vigil evaluates a recording rule and an alert against it, writes the results back to that Prometheus,
/// and sends the alert to Debian's Alertmanager, which notifies a webhook listener.
@Suite(.serialized, .enabled(if: PrometheusServer.isAvailable && AlertmanagerServer.isAvailable,
                             "needs Debian's prometheus and prometheus-alertmanager (apt-get install prometheus prometheus-alertmanager)"))
struct PrometheusEndToEndTests {
    static let rules = """
        groups:
          - name: e2e
            interval: 1s
            rules:
              - record: job:demo_temperature_celsius:max
                expr: max by (job) (demo_temperature_celsius)
              - alert: RoomTooHot
                # Reads the recording rule's output back from Prometheus: Vigil flushes the write first.
                expr: job:demo_temperature_celsius:max > 25
                for: 3s
                labels: {severity: warning}
                annotations:
                  summary: '{{ $labels.job }} is at {{ $value }}°C'
        """

    static func exporter(_ temperature: Shared<Double>) -> @Sendable (RecordedRequest) -> ScriptedResponse {
        { _ in
            .text("# TYPE demo_temperature_celsius gauge\ndemo_temperature_celsius{room=\"a\"} \(temperature.current)\n",
                  contentType: "text/plain; version=0.0.4")
        }
    }

    static func vigilConfig(prometheus: String, alertmanager: String) -> String {
        """
        global:
          evaluation_interval: 1s
          external_labels: {cluster: e2e}
          external_url: http://vigil.example
        datasources:
          - name: prom
            type: prometheus
            url: \(prometheus)
        rule_files:
          - {path: rules.yml, datasource: prom}
        alerting:
          alertmanagers: [{url: \(alertmanager)}]
        remote_write:
          - url: \(prometheus)/api/v1/write
            queue_config: {batch_send_deadline: 200ms}
        storage: {path: state}
        web: {listen_address: "127.0.0.1:0"}
        """
    }

    static func alertmanagerConfig(webhook: String) -> String {
        """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs:
              - url: \(webhook)/hook
                send_resolved: true
        """
    }

    @Test func firesHoldsForResolvesWritesBackAndNotifies() async throws {
        let temperature = Shared(30.0)
        let folder = try TestFolder()
        defer { folder.remove() }
        try await LoopbackHTTPServer.with(respond: Self.exporter(temperature)) { exporter in
            try await LoopbackHTTPServer.with { webhook in
                let scrape = """
                    - job_name: exporter
                      scrape_interval: 1s
                      static_configs:
                        - targets: ["127.0.0.1:\(exporter.port)"]
                    """
                try await PrometheusServer.with(scrapeConfigs: scrape) { prometheus in
                    try await AlertmanagerServer.with(config: Self.alertmanagerConfig(webhook: webhook.baseURL)) { alertmanager in
                        try folder.write("rules.yml", Self.rules)
                        try folder.write("vigil.yml", Self.vigilConfig(prometheus: prometheus.baseURL, alertmanager: alertmanager.baseURL))
                        let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"), logger: testLogger())
                        try await runtime.start()
                        do {
                            try await check(runtime: runtime, prometheus: prometheus, webhook: webhook, temperature: temperature, folder: folder)
                        } catch {
                            await runtime.shutdown()
                            throw error
                        }
                        await runtime.shutdown()
                    }
                }
            }
        }
    }

    private func check(runtime: VigilRuntime, prometheus: PrometheusServer, webhook: LoopbackHTTPServer,
                       temperature: Shared<Double>, folder: TestFolder) async throws {
        // Pending first, then firing once `for` (3 s) has passed since it became active.
        var sawPending = false
        let fired = await eventually {
            let alerts = await runtime.alerts(of: "RoomTooHot")
            if alerts.contains(where: { $0.state == .pending }) { sawPending = true }
            return alerts.contains { $0.state == .firing }
        }
        #expect(fired, "RoomTooHot never fired")
        #expect(sawPending, "RoomTooHot fired without being pending first")
        guard fired, let alert = await runtime.alerts(of: "RoomTooHot").first(where: { $0.state == .firing }) else { return }
        if let firedAt = alert.firedAt { #expect(firedAt - alert.activeAt >= 3000) }
        #expect(alert.labels["job"] == "exporter" && alert.labels["severity"] == "warning")
        #expect(alert.annotations.first { $0.name == "summary" }?.value == "exporter is at 30°C")
        #expect(await runtime.rule("RoomTooHot")?.status.health == .ok)

        // The recording rule's results and ALERTS arrived in Prometheus through remote write.
        let client = try PrometheusQueryClient(baseURL: prometheus.baseURL)
        defer { Task { await client.shutdown() } }
        let recorded = await eventually {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let samples = (try? await client.query("job:demo_temperature_celsius:max", at: now)) ?? []
            return samples.contains { $0.value == 30 && $0.labels["job"] == "exporter" && $0.labels["cluster"] == "e2e" }
        }
        #expect(recorded, "the recording rule's samples never reached Prometheus")
        let alertsSeries = await eventually {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let samples = (try? await client.query(#"ALERTS{alertname="RoomTooHot", alertstate="firing"}"#, at: now)) ?? []
            let forState = (try? await client.query(#"ALERTS_FOR_STATE{alertname="RoomTooHot"}"#, at: now)) ?? []
            return samples.count == 1 && forState.count == 1 && forState[0].value == Double(alert.activeAt / 1000)
        }
        #expect(alertsSeries, "ALERTS and ALERTS_FOR_STATE never reached Prometheus")

        // Alertmanager received the alert and notified the webhook.
        let notified = await eventually {
            webhook.requests.contains { r in
                guard let body = jsonObject(r), body["status"] as? String == "firing" else { return false }
                let alerts = body["alerts"] as? [[String: Any]] ?? []
                return alerts.contains { ($0["labels"] as? [String: String])?["alertname"] == "RoomTooHot" }
            }
        }
        #expect(notified, "the webhook was never notified of RoomTooHot")
        // Picked by name: on a loaded machine the datasource heartbeat may fire too (Prometheus's scrapes
        // fall behind), and its notification can come first.
        func isRoomTooHot(_ a: [String: Any]) -> Bool { (a["labels"] as? [String: String])?["alertname"] == "RoomTooHot" }
        if let first = webhook.requests.compactMap(jsonObject).filter({ $0["status"] as? String == "firing" })
            .flatMap({ $0["alerts"] as? [[String: Any]] ?? [] }).first(where: isRoomTooHot) {
            let labels = first["labels"] as? [String: String] ?? [:]
            #expect(labels["cluster"] == "e2e", "external labels go with the alert")
            #expect((first["annotations"] as? [String: String])?["summary"] == "exporter is at 30°C")
            #expect((first["generatorURL"] as? String ?? "").hasPrefix("http://vigil.example/graph?g0.expr="))
        }

        // Cool down: the alert resolves, Alertmanager sends the resolved notification.
        temperature.current = 20
        let resolved = await eventually {
            await runtime.alerts(of: "RoomTooHot").allSatisfy { $0.state == .inactive }
        }
        #expect(resolved, "RoomTooHot never resolved")
        let resolvedNotified = await eventually {
            webhook.requests.contains { jsonObject($0)?["status"] as? String == "resolved" }
        }
        #expect(resolvedNotified, "the webhook never heard the alert resolve")

        // State was written under storage.path.
        let state = folder.url.appendingPathComponent("state")
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: state.path)) ?? []
        #expect(!files.isEmpty, "nothing was written under storage.path")
    }
}
