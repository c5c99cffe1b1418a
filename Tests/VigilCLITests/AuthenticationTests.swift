import Foundation
import Testing
import VigilTesting

/// `vigil run` with `web.auth`: requests without valid credentials get 401 and nothing else, basic and
/// bearer credentials get in, and no configured secret — the web password and token, an SMTP password, a
/// webhook URL from a file, a datasource's bearer token — shows up in the logs, the status APIs, the
/// history or error answers, even while every one of those secrets is in use and failing.
@Suite(.serialized)
struct AuthenticationTests {
    static let secrets = [
        "web-password": "s3cret-web-pass",
        "web-token": "tok-8c1f2e9a7b",
        "smtp-password": "smtp-pass-987",
        "webhook-url": "http://127.0.0.1:1/hook/secret-path-xyz",
        "datasource-token": "ds-token-555",
    ]

    @Test func credentialsAreRequiredAndSecretsNeverShow() async throws {
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-auth")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, value) in Self.secrets {
            try (value + "\n").write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try """
            route: {receiver: team, group_wait: 1s, group_interval: 1s, repeat_interval: 1m}
            receivers:
              - name: team
                webhook_configs: [{url_file: webhook-url, send_resolved: true}]
                email_configs:
                  - {to: ops@example.com, from: vigil@example.com, smarthost: "127.0.0.1:1", auth_username: vigil,
                     auth_password_file: smtp-password, require_tls: false}
            """.write(to: dir.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
        try """
            datasources:
              - name: prom
                type: prometheus
                url: http://127.0.0.1:1
                authorization: {credentials_file: datasource-token}
                retry: {max_attempts: 1}
            rule_files: [{path: rules.yml, datasource: prom}]
            alerting: {config_file: alertmanager.yml}
            storage: {path: state}
            web:
              listen_address: "127.0.0.1:0"
              auth:
                basic_auth: [{username: admin, password_file: web-password}]
                bearer_token_file: web-token
            """.write(to: dir.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)
        try "groups:\n  - name: g\n    interval: 1s\n    rules:\n      - alert: Up\n        expr: up == 0\n"
            .write(to: dir.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)

        let service = try RunningVigil(arguments: ["run", "--config", "vigil.yml", "--log.level", "debug"], in: dir)
        defer { service.terminate() }
        let port = try #require(await service.port(), "no 'listening' line: \(service.log)")
        let basic = "Basic " + Data("admin:s3cret-web-pass".utf8).base64EncodedString()
        let bearer = "Bearer tok-8c1f2e9a7b"

        // Without credentials, or with wrong ones: 401, the same short answer everywhere, known path or not.
        for (path, header) in [("/api/v1/rules", nil), ("/api/v2/status", nil), ("/nowhere", nil), ("/", nil),
                               ("/api/v1/rules", "Basic " + Data("admin:wrong".utf8).base64EncodedString()),
                               ("/api/v1/rules", "Bearer nope"), ("/api/v1/rules", "Basic !!!")] {
            let r = try await Self.send(port, path, authorization: header)
            #expect(r.status == 401, "\(path) \(header ?? "-"): \(r.status)")
            #expect(r.body == "Unauthorized\n", "\(path): \(r.body)")
        }
        let post = try await Self.send(port, "/api/v2/alerts", method: "POST", body: #"[{"labels":{"alertname":"X"}}]"#)
        #expect(post.status == 401)
        // The probes stay open; good credentials of either kind get in.
        #expect(try await Self.send(port, "/-/healthy").status == 200)
        #expect(try await Self.send(port, "/api/v1/rules", authorization: basic).status == 200)
        #expect(try await Self.send(port, "/api/v1/rules", authorization: bearer).status == 200)

        // Put every secret to work: an alert to notify (webhook from a file, SMTP with a password), rules
        // querying a datasource with a token (all unreachable, so errors are logged and recorded).
        let posted = try await Self.send(port, "/api/v2/alerts", method: "POST", authorization: bearer,
                                         body: #"[{"labels":{"alertname":"Leak","severity":"critical"}}]"#)
        #expect(posted.status == 200, "\(posted.body)")
        try await Task.sleep(for: .seconds(4))

        var surfaces = ["log": service.log]
        for path in ["/api/v2/status", "/api/v1/status", "/api/v1/rules", "/api/v1/history", "/api/v2/alerts", "/metrics"] {
            surfaces[path] = try await Self.send(port, path, authorization: basic).body
        }
        surfaces["bad request"] = try await Self.send(port, "/api/v2/silences", method: "POST", authorization: basic, body: "{").body
        #expect(surfaces["/api/v1/history"]?.contains("notification") == true, "no notification attempt recorded: \(surfaces["/api/v1/history"] ?? "")")
        for (name, secret) in Self.secrets {
            for (surface, text) in surfaces where text.contains(secret) {
                Issue.record("the \(name) secret shows in \(surface)")
            }
        }
    }

    /// A plain loopback exchange: Foundation's URLSession on Linux waits forever on a 401 that carries a
    /// `WWW-Authenticate` challenge and no delegate.
    static func send(_ port: Int, _ path: String, method: String = "GET", authorization: String? = nil,
                     body: String? = nil) async throws -> (status: Int, body: String) {
        var headers: [String: String] = [:]
        if let authorization { headers["Authorization"] = authorization }
        if body != nil { headers["Content-Type"] = "application/json" }
        let r = try await RawHTTPClient.request(port: port, method: method, target: path, headers: headers, body: body ?? "")
        return (r.status, r.body)
    }
}
