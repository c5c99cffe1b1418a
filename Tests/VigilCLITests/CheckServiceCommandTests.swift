import Foundation
import Testing
import VigilTesting

/// `vigil check service`: what `vigil run` would load, checked without running it.
@Suite struct CheckServiceCommandTests {
    @Test func theExampleConfigurationsPass() throws {
        for file in ["examples/vigil.yml", "examples/kubernetes/vigil.yml"] {
            let r = try VigilProcess.run(["check", "service", file], in: VigilProcess.packageRoot)
            #expect(r.exitCode == 0, "\(file): \(r.output)")
            #expect(r.stdout.contains("SUCCESS"), "\(r.output)")
        }
        let r = try VigilProcess.run(["check", "service", "examples/vigil.yml"], in: VigilProcess.packageRoot)
        #expect(r.stdout.contains("2 datasources, 2 rule files"), "\(r.output)")
    }

    @Test func everyProblemIsReportedWithItsPlace() throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-check-service")
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("vigil.yml", """
            datasources: [{name: prom, type: prometheus, url: "http://127.0.0.1:9090"}]
            rule_files: [{path: rules.yml}, {path: "more/*.yml"}]
            alerting: {config_file: alertmanager.yml}
            web:
              listen_address: "0.0.0.0:9096"
              tls_server_config: {cert_file: tls.crt, key_file: tls.key}
              auth: {bearer_token_file: token}
            """)
        try write("rules.yml", "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == = 0\n")
        try write("alertmanager.yml", """
            route: {receiver: team}
            receivers:
              - name: team
                opsgenie_configs: [{api_key: x}]
                webhook_configs: [{url: "http://127.0.0.1:1/hook"}]
            """)
        let r = try VigilProcess.run(["check", "service", "vigil.yml"], in: dir)
        #expect(r.exitCode == 1, "\(r.output)")
        #expect(r.stdout.contains("FAILED"))
        #expect(r.stdout.contains("rules.yml:5:"), "\(r.output)")
        #expect(r.stdout.contains("web.tls_server_config: cannot read cert_file"), "\(r.output)")
        #expect(r.stdout.contains("web.auth: bearer_token_file"), "\(r.output)")
        #expect(r.stderr.contains(#"rule_files entry "more/*.yml" matches no file"#), "\(r.output)")
        #expect(r.stderr.contains("opsgenie is not supported by Vigil"), "\(r.output)")

        // Fixed, it passes and says what it found.
        try write("rules.yml", "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n")
        try write("vigil.yml", """
            datasources: [{name: prom, type: prometheus, url: "http://127.0.0.1:9090"}]
            rule_files: [{path: rules.yml}]
            alerting: {config_file: alertmanager.yml}
            """)
        let fixed = try VigilProcess.run(["check", "service", "vigil.yml"], in: dir)
        #expect(fixed.exitCode == 0, "\(fixed.output)")
        #expect(fixed.stdout.contains("1 datasources, 1 rule files, 1 groups, 1 rules, router"), "\(fixed.output)")
    }
}
