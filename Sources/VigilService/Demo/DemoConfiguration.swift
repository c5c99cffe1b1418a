import Foundation

/// The configuration files `vigil run --demo` writes and then runs with, exactly as a user would write
/// them, so what the demo does is what those files say: `vigil.yml` (the rule pack against the demo's
/// Prometheus and Loki, recording results remote-written back, the built-in router) and `alertmanager.yml`
/// (every alert to the console and to a `vigil receive` webhook).
public enum DemoConfiguration {
    /// Where `vigil receive` listens by default: the demo's second receiver.
    public static let receiveURL = "http://127.0.0.1:9095/"

    public struct Files: Sendable {
        public var vigil: String
        public var alertmanager: String
    }

    /// The rule pack's files in `rulesDirectory`: manifests of PromQL rules and ConfigMaps of LogQL rules.
    public static func ruleFiles(in rulesDirectory: String) throws -> (prometheus: [String], loki: [String]) {
        let names = try FileManager.default.contentsOfDirectory(atPath: rulesDirectory).sorted()
        let prometheus = names.filter { $0.hasSuffix(".prometheusrule.yaml") }.map { rulesDirectory + "/" + $0 }
        let loki = names.filter { $0.hasSuffix(".configmap.yaml") }.map { rulesDirectory + "/" + $0 }
        return (prometheus, loki)
    }

    /// Writes both files into `directory` and returns their paths.
    public static func write(into directory: String, backendURL: String, consoleURL: String, receiveURL: String = DemoConfiguration.receiveURL,
                             rulesDirectory: String,
                             listenAddress: String) throws -> Files {
        let rules = try ruleFiles(in: rulesDirectory)
        guard !rules.prometheus.isEmpty || !rules.loki.isEmpty else {
            throw DemoError("no rule files (*.prometheusrule.yaml, *.configmap.yaml) in \(rulesDirectory)")
        }
        let ruleEntries = rules.prometheus.map { "  - {path: \(quoted($0)), datasource: prometheus}" }
            + rules.loki.map { "  - {path: \(quoted($0)), datasource: loki}" }
        let vigil = """
            # Written by `vigil run --demo`: the rule pack evaluated against the demo's embedded Prometheus and
            # Loki (generated homelab metrics and Talos kernel logs), alerts routed by alertmanager.yml.
            global:
              evaluation_interval: 15s
              external_labels: {cluster: demo}
            datasources:
              - {name: prometheus, type: prometheus, url: \(quoted(backendURL))}
              - {name: loki, type: loki, url: \(quoted(backendURL)), tenant: fake}
            rule_files:
            \(ruleEntries.joined(separator: "\n"))
            remote_write:
              - url: \(quoted(backendURL + "/api/v1/write"))
                queue_config: {batch_send_deadline: 1s}
            alerting:
              config_file: alertmanager.yml
            storage:
              path: state
            web:
              listen_address: \(quoted(listenAddress))

            """
        let alertmanager = """
            # Written by `vigil run --demo`: every alert goes to the console (printed by the demo) and to a
            # webhook where `vigil receive` listens by default; deliveries there are retried until it runs.
            route:
              receiver: console
              group_by: [alertname]
              group_wait: 10s
              group_interval: 1m
              repeat_interval: 4h
              routes:
                - receiver: console
                  continue: true
                - receiver: vigil-receive
            inhibit_rules:
              - source_matchers: [severity="critical"]
                target_matchers: [severity="warning"]
                equal: [instance]
            receivers:
              - name: console
                webhook_configs:
                  - url: \(quoted(consoleURL))
                    send_resolved: true
              - name: vigil-receive
                webhook_configs:
                  - url: \(quoted(receiveURL))
                    send_resolved: true

            """
        let files = Files(vigil: directory + "/vigil.yml", alertmanager: directory + "/alertmanager.yml")
        try vigil.write(toFile: files.vigil, atomically: true, encoding: .utf8)
        try alertmanager.write(toFile: files.alertmanager, atomically: true, encoding: .utf8)
        return files
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

public struct DemoError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
