import Foundation
import Testing
import VigilTesting
@testable import VigilService

/// `/metrics` covers what the service does beyond evaluating rules: the built-in router (alerts received,
/// notification attempts per receiver and integration, alerts, groups, silences), the outputs (samples
/// remote-written, alerts sent to an external Alertmanager) and the HTTP server (requests by route and
/// code, latency histogram); output totals carry over a reload that rebuilds the clients. Real clock, real
/// HTTP on 127.0.0.1: a scripted Prometheus, a remote write endpoint, an Alertmanager and a webhook.
@Suite(.serialized) struct ServiceMetricsTests {
    static func vigilConfig(prometheus: String, sink: String, remoteWriteName: String) -> String {
        """
        global: {evaluation_interval: 1s}
        datasources:
          - {name: prom, type: prometheus, url: \(prometheus), heartbeat: {enabled: false}}
        rule_files: [{path: rules.yml, datasource: prom}]
        alerting:
          config_file: alertmanager.yml
          alertmanagers: [{url: \(sink)}]
        remote_write: [{url: "\(sink)/api/v1/write", name: \(remoteWriteName)}]
        web: {listen_address: "127.0.0.1:0"}
        """
    }

    static let rules = """
        groups:
          - name: disk
            rules:
              - record: instance:disk_used:ratio
                expr: disk_used_ratio
              - alert: DiskFilling
                expr: disk_used_ratio > 0.9
        """

    @Test func routerOutputsAndRequestsAreOnMetrics() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await LoopbackHTTPServer.with(respond: RouterServiceTests.prometheus) { prometheus in
            try await LoopbackHTTPServer.with(respond: { _ in .text("") }) { sink in
                try await LoopbackHTTPServer.with(respond: { _ in .text("ok") }) { hook in
                    try folder.write("vigil.yml", Self.vigilConfig(prometheus: prometheus.baseURL, sink: sink.baseURL, remoteWriteName: "one"))
                    try folder.write("rules.yml", Self.rules)
                    try folder.write("alertmanager.yml", RouterServiceTests.alertmanagerConfig(webhook: hook.baseURL))
                    let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"), logger: testLogger())
                    let port = try await runtime.start()
                    defer { Task { await runtime.shutdown() } }

                    let delivered = await eventually { hook.requests.contains { $0.path == "/notify" } }
                    #expect(delivered)
                    let sent = await eventually {
                        let m = (try? await Self.scrape(port)) ?? [:]
                        return (m[#"vigil_notifications_sent_total{alertmanager="\#(sink.baseURL)/api/v2/alerts"}"#] ?? 0) >= 1
                            && (m[#"vigil_remote_write_samples_sent_total{remote_write="one"}"#] ?? 0) >= 1
                    }
                    let text = try await Self.scrapeText(port)
                    #expect(sent, "\(text)")
                    let m = try await Self.scrape(port)
                    #expect((m[#"vigil_router_alerts_received_total{status="firing"}"#] ?? 0) >= 1)
                    #expect(m[#"vigil_router_alerts_received_total{status="resolved"}"#] == 0)
                    #expect((m[#"vigil_router_notification_requests_total{integration="webhook",receiver="hook"}"#] ?? 0) >= 1)
                    #expect((m[#"vigil_router_notifications_delivered_total{integration="webhook",receiver="hook"}"#] ?? 0) >= 1)
                    #expect(m[#"vigil_router_notification_requests_failed_total{integration="webhook",receiver="hook"}"#] == 0)
                    let held = try await RawHTTPClient.get(port, "/api/v2/alerts").body
                    #expect(m[#"vigil_router_alerts{state="active"}"#] == 1, "\(held)")
                    #expect(m["vigil_router_aggregation_groups"] == 1)
                    #expect(m[#"vigil_router_silences{state="active"}"#] == 0)
                    #expect(m["vigil_notifications_dropped_total"] == 0)
                    #expect(m["vigil_notifications_queue_capacity"] == 10_000)
                    // Earlier scrapes were answered and timed.
                    #expect((m[#"vigil_http_requests_total{code="200",handler="/metrics"}"#] ?? 0) >= 1)
                    #expect((m[#"vigil_http_request_duration_seconds_count{handler="/metrics"}"#] ?? 0) >= 1)
                    #expect(m[#"vigil_http_request_duration_seconds_bucket{handler="/metrics",le="+Inf"}"#]
                            == m[#"vigil_http_request_duration_seconds_count{handler="/metrics"}"#])
                    // A path nobody registered is not a label value.
                    _ = try await RawHTTPClient.get(port, "/no/such/path")
                    let afterUnknown = try await Self.scrapeText(port)
                    #expect(!afterUnknown.contains("/no/such/path"))

                    // A reload that rebuilds the outputs (the remote write gets a name) keeps the totals.
                    let before = m[#"vigil_notifications_sent_total{alertmanager="\#(sink.baseURL)/api/v2/alerts"}"#] ?? 0
                    try folder.write("vigil.yml", Self.vigilConfig(prometheus: prometheus.baseURL, sink: sink.baseURL, remoteWriteName: "two"))
                    #expect(await runtime.reload().succeeded)
                    let after = try await Self.scrape(port)
                    #expect((after[#"vigil_notifications_sent_total{alertmanager="\#(sink.baseURL)/api/v2/alerts"}"#] ?? 0) >= before)
                    #expect((after[#"vigil_remote_write_samples_sent_total{remote_write="one"}"#] ?? 0) >= 1)
                    await runtime.shutdown()
                }
            }
        }
    }

    /// The heartbeat's findings are gauges: up, the newest data's time and its age (a `timestamp`
    /// heartbeat), data flowing or not (a `presence` heartbeat), and a failing datasource is down.
    @Test func datasourceHeartbeatsAreOnMetrics() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        let newest = Date().timeIntervalSince1970 - 90
        try await LoopbackHTTPServer.with(respond: { request in
            let time = request.parameter("time") ?? "0"
            let value = request.parameter("query") == "max(timestamp(up))" ? String(newest) : "0"
            return .json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[\#(time),"\#(value)"]}]}}"#)
        }) { prometheus in
            try folder.write("vigil.yml", """
                datasources:
                  - {name: prom, type: prometheus, url: \(prometheus.baseURL), heartbeat: {interval: 1s}}
                  - {name: quiet, type: prometheus, url: \(prometheus.baseURL), heartbeat: {interval: 1s, kind: presence, query: "vector(0)"}}
                  - {name: gone, type: prometheus, url: "http://127.0.0.1:1", retry: {max_attempts: 1}, heartbeat: {interval: 1s}}
                rule_files: [{path: rules.yml, datasource: prom}]
                web: {listen_address: "127.0.0.1:0"}
                """)
            try folder.write("rules.yml", "groups: []\n")
            let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"), logger: testLogger())
            let port = try await runtime.start()
            defer { Task { await runtime.shutdown() } }
            let seen = await eventually {
                let m = (try? await Self.scrape(port)) ?? [:]
                return ["prom", "quiet", "gone"].allSatisfy { m[#"vigil_datasource_up{datasource="\#($0)"}"#] != nil }
            }
            let m = try await Self.scrape(port)
            #expect(seen, "\(m)")
            #expect(m[#"vigil_datasource_up{datasource="prom"}"#] == 1)
            #expect(m[#"vigil_datasource_newest_data_timestamp_seconds{datasource="prom"}"#] == newest)
            let age = m[#"vigil_datasource_data_age_seconds{datasource="prom"}"#] ?? 0
            #expect(age > 85 && age < 150, "age \(age)")
            #expect(m[#"vigil_datasource_up{datasource="quiet"}"#] == 1)
            #expect(m[#"vigil_datasource_data_present{datasource="quiet"}"#] == 0)
            #expect(m[#"vigil_datasource_up{datasource="gone"}"#] == 0)
            #expect(m[#"vigil_datasource_data_age_seconds{datasource="gone"}"#] == nil)
            await runtime.shutdown()
        }
    }

    static func scrapeText(_ port: Int) async throws -> String {
        try await RawHTTPClient.get(port, "/metrics").body
    }

    /// Each sample line as `name{labels}` → value.
    static func scrape(_ port: Int) async throws -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in try await scrapeText(port).split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
