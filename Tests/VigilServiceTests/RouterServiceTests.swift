import Foundation
import Routing
import Rules
import Testing
import TimeSeries
import VigilTesting
@testable import VigilService

/// The built-in router inside the service: the ruler's alerts reach a webhook receiver through the
/// Alertmanager configuration named by `alerting.config_file`, and a reload that breaks that file keeps
/// the running router. Real clock, real HTTP on 127.0.0.1 (a scripted Prometheus and a webhook listener).
@Suite(.serialized) struct RouterServiceTests {
    static func vigilConfig(prometheus: String) -> String {
        """
        global: {evaluation_interval: 1s, external_url: "http://vigil.example:9096"}
        datasources:
          - {name: prom, type: prometheus, url: \(prometheus), heartbeat: {enabled: false}}
        rule_files: [{path: rules.yml, datasource: prom}]
        alerting: {config_file: alertmanager.yml}
        web: {listen_address: "127.0.0.1:0"}
        """
    }

    static let rules = """
        groups:
          - name: disk
            rules:
              - alert: DiskFilling
                expr: disk_used_ratio > 0.9
                labels: {severity: warning}
                annotations: {summary: "{{ $labels.instance }} is {{ $value }} full"}
        """

    static func alertmanagerConfig(webhook: String, receiver: String = "hook") -> String {
        """
        route:
          receiver: \(receiver)
          group_by: [alertname]
          group_wait: 0s
          group_interval: 1m
        receivers:
          - name: \(receiver)
            webhook_configs: [{url: "\(webhook)/notify"}]
        """
    }

    static func prometheus(_ request: RecordedRequest) -> ScriptedResponse {
        let time = request.parameter("time") ?? "0"
        return .json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"instance":"nas:9100"},"value":[\#(time),"0.95"]}]}}"#)
    }

    @Test func theRulersAlertsReachTheWebhookThroughTheRouter() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await LoopbackHTTPServer.with(respond: Self.prometheus) { prometheus in
            try await LoopbackHTTPServer.with(respond: { _ in .text("ok") }) { hook in
                try folder.write("vigil.yml", Self.vigilConfig(prometheus: prometheus.baseURL))
                try folder.write("rules.yml", Self.rules)
                try folder.write("alertmanager.yml", Self.alertmanagerConfig(webhook: hook.baseURL))
                let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"), logger: testLogger())
                try await runtime.start()
                defer { Task { await runtime.shutdown() } }

                let delivered = await eventually { hook.requests.contains { $0.path == "/notify" } }
                #expect(delivered)
                let message = hook.requests.first { $0.path == "/notify" }.flatMap(jsonObject)
                #expect(message?["version"] as? String == "4")
                #expect(message?["status"] as? String == "firing")
                #expect(message?["receiver"] as? String == "hook")
                #expect(message?["groupKey"] as? String == #"{}:{alertname="DiskFilling"}"#)
                #expect(message?["externalURL"] as? String == "http://vigil.example:9096")
                #expect(message?["groupLabels"] as? [String: String] == ["alertname": "DiskFilling"])
                let alerts = message?["alerts"] as? [[String: Any]] ?? []
                #expect(alerts.count == 1)
                #expect(alerts.first?["labels"] as? [String: String] == ["alertname": "DiskFilling", "instance": "nas:9100", "severity": "warning"])
                #expect(alerts.first?["annotations"] as? [String: String] == ["summary": "nas:9100 is 0.95 full"])
                #expect(alerts.first?["endsAt"] as? String == "0001-01-01T00:00:00Z")
                #expect((alerts.first?["generatorURL"] as? String ?? "").hasPrefix("http://vigil.example:9096/graph?g0.expr="))
                await runtime.shutdown()
            }
        }
    }

    @Test func aBrokenRouterConfigurationKeepsTheRunningRouter() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await LoopbackHTTPServer.with(respond: Self.prometheus) { prometheus in
            try folder.write("vigil.yml", Self.vigilConfig(prometheus: prometheus.baseURL))
            try folder.write("rules.yml", Self.rules)
            try folder.write("alertmanager.yml", Self.alertmanagerConfig(webhook: "http://127.0.0.1:9"))
            let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"), logger: testLogger())
            try await runtime.start()
            let router = try #require(await runtime.router)
            let before = await router.loaded.config.route.receiver

            try folder.write("alertmanager.yml", "route:\n  receiver: missing\nreceivers: [{name: other}]\n")
            let failed = await runtime.reload()
            #expect(!failed.succeeded)
            #expect(failed.error?.contains("alertmanager.yml") == true, "\(failed.error ?? "")")
            #expect(await runtime.router === router)
            #expect(await router.loaded.config.route.receiver == before)

            try folder.write("alertmanager.yml", Self.alertmanagerConfig(webhook: "http://127.0.0.1:9", receiver: "renamed"))
            let fixed = await runtime.reload()
            #expect(fixed.succeeded, "\(fixed.error ?? "")")
            #expect(await router.loaded.config.route.receiver == "renamed")
            // The alert the old router held moved to the new one.
            let held = await eventually { await !router.router.alertViews().isEmpty }
            #expect(held)
            await runtime.shutdown()
        }
    }

    /// A reload that adds the router brings its Alertmanager API up at once (alerts posted there are
    /// notified); one that removes it takes the API down again (404, as for an unknown path).
    @Test func aReloadAddsAndRemovesTheAlertmanagerAPI() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await LoopbackHTTPServer.with(respond: Self.prometheus) { prometheus in
            try await LoopbackHTTPServer.with(respond: { _ in .text("ok") }) { hook in
                let withoutRouter = Self.vigilConfig(prometheus: prometheus.baseURL)
                    .replacingOccurrences(of: "alerting: {config_file: alertmanager.yml}\n", with: "")
                try folder.write("vigil.yml", withoutRouter)
                try folder.write("rules.yml", "groups: []\n")
                try folder.write("alertmanager.yml", Self.alertmanagerConfig(webhook: hook.baseURL))
                let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"), logger: testLogger())
                let port = try await runtime.start()
                #expect(try await RawHTTPClient.get(port, "/api/v2/status").status == 404)

                try folder.write("vigil.yml", Self.vigilConfig(prometheus: prometheus.baseURL))
                #expect(await runtime.reload().succeeded)
                #expect(try await RawHTTPClient.get(port, "/api/v2/status").status == 200)
                let posted = try await RawHTTPClient.request(port: port, method: "POST", target: "/api/v2/alerts",
                                                             headers: ["Content-Type": "application/json"],
                                                             body: #"[{"labels":{"alertname":"Added"}}]"#)
                #expect(posted.status == 200, "\(posted.body)")
                let delivered = await eventually { hook.requests.contains { String(decoding: $0.body, as: UTF8.self).contains("Added") } }
                #expect(delivered)

                try folder.write("vigil.yml", withoutRouter)
                #expect(await runtime.reload().succeeded)
                #expect(try await RawHTTPClient.get(port, "/api/v2/status").status == 404)
                #expect(try await RawHTTPClient.get(port, "/api/v2/alerts").status == 404)
                await runtime.shutdown()
            }
        }
    }
}
