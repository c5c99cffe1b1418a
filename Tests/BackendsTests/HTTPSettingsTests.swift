import Foundation
import Testing
@testable import Backends

struct HTTPSettingsTests {
    @Test func decodesPrometheusFieldNames() throws {
        let json = """
            {"basic_auth": {"username": "vigil", "password_file": "/run/secrets/pw"},
             "http_headers": {"X-Scope-OrgID": {"values": ["homelab"]}, "X-Token": {"secrets": ["s3cr3t"], "files": ["/t"]}},
             "tls_config": {"ca_file": "/ca.pem", "cert_file": "/c.pem", "key_file": "/k.pem", "server_name": "prom.internal",
                            "insecure_skip_verify": true},
             "follow_redirects": false, "timeout": "1m30s",
             "retry": {"max_attempts": 5, "min_backoff": "100ms", "max_backoff": "10s"}}
            """
        let s = try JSONDecoder().decode(HTTPClientSettings.self, from: Data(json.utf8))
        #expect(s.basicAuth == BasicAuthSettings(username: "vigil", passwordFile: "/run/secrets/pw"))
        #expect(s.httpHeaders["X-Scope-OrgID"]?.values == ["homelab"])
        #expect(s.httpHeaders["X-Token"]?.secrets == [Secret("s3cr3t")])
        #expect(s.httpHeaders["X-Token"]?.files == ["/t"])
        #expect(s.tlsConfig == TLSSettings(caFile: "/ca.pem", certFile: "/c.pem", keyFile: "/k.pem", serverName: "prom.internal",
                                           insecureSkipVerify: true))
        #expect(!s.followRedirects)
        #expect(s.timeout.duration == .seconds(90))
        #expect(s.retry == RetryPolicy(maxAttempts: 5, minBackoff: .milliseconds(100), maxBackoff: .seconds(10)))
        try s.validate()
    }

    @Test func authorizationTypeDefaultsToBearer() throws {
        let a = try JSONDecoder().decode(AuthorizationSettings.self, from: Data(#"{"credentials": "tok"}"#.utf8))
        #expect(a.effectiveType == "Bearer")
        #expect(a.credentials?.value == "tok")
    }

    @Test(arguments: [
        (HTTPClientSettings(basicAuth: BasicAuthSettings(username: "u", password: "p", passwordFile: "/f")),
         "at most one of basic_auth password, password_file & password_ref must be configured"),
        (HTTPClientSettings(authorization: AuthorizationSettings(credentials: "c", credentialsFile: "/f")),
         "at most one of authorization credentials & credentials_file must be configured"),
        (HTTPClientSettings(authorization: AuthorizationSettings(type: "Basic", credentials: "c")),
         #"authorization type cannot be set to "basic", use "basic_auth" instead"#),
        (HTTPClientSettings(basicAuth: BasicAuthSettings(username: "u"), authorization: AuthorizationSettings(credentials: "c")),
         "at most one of basic_auth, oauth2 & authorization must be configured"),
        (HTTPClientSettings(httpHeaders: ["authorization": HeaderSettings(values: ["x"])]),
         #"setting header "Authorization" is not allowed"#),
        (HTTPClientSettings(tlsConfig: TLSSettings(certFile: "/c.pem")),
         "exactly one of key or key_file must be configured when a client certificate is configured"),
        (HTTPClientSettings(retry: RetryPolicy(maxAttempts: 0)), "retry max_attempts must be at least 1, got 0"),
    ])
    func validationUsesUpstreamMessages(settings: HTTPClientSettings, message: String) {
        #expect(throws: BackendError.configuration(message)) { try settings.validate() }
    }

    @Test func secretsNeverPrintOrEncode() throws {
        let settings = HTTPClientSettings(basicAuth: BasicAuthSettings(username: "u", password: "hunter2"),
                                          httpHeaders: ["X-Key": HeaderSettings(secrets: ["hunter3"])])
        let encoded = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        #expect(!encoded.contains("hunter2") && !encoded.contains("hunter3"))
        #expect(encoded.contains("<secret>"))
        #expect(!"\(settings)".contains("hunter2"))
        #expect(!String(reflecting: settings).contains("hunter2"))
        #expect("\(Secret("hunter2"))" == "<secret>")
    }

    @Test func passwordsInURLsAreRedacted() {
        #expect(RedactedURL.string("https://user:pa55@host:9090/x?y") == "https://user:xxxxx@host:9090/x?y")
        #expect(RedactedURL.string("http://host/a@b") == "http://host/a@b")
        #expect(RedactedURL.string("http://user@host/") == "http://user@host/")
    }

    @Test func secretFileIsReReadWhenItChanges() throws {
        let dir = try TemporaryFiles.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("token").path
        try "first-token\n".write(toFile: path, atomically: true, encoding: .utf8)
        let file = SecretFile(path: path)
        #expect(try file.read() == "first-token")
        #expect(try file.read() == "first-token")
        // Rotation as Kubernetes does it: a new file renamed over the old one.
        try "second\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try file.read() == "second")
        try FileManager.default.removeItem(atPath: path)
        #expect {
            _ = try file.read()
        } throws: { error in
            let text = "\(error)"
            return text.contains(path) && !text.contains("second")
        }
    }

    @Test func aSecretFileMustBeARegularFile() throws {
        let dir = try TemporaryFiles.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // A pipe nobody writes to would block a read for ever; a directory or a device is no secret either.
        for path in [fifo, dir.path, "/dev/zero"] {
            #expect {
                _ = try SecretFile(path: path).read()
            } throws: { error in
                "\(error)".contains("not a regular file")
            }
        }
    }

    @Test func backoffDoublesUpToTheCap() {
        let p = RetryPolicy(maxAttempts: 10, minBackoff: .milliseconds(30), maxBackoff: .milliseconds(200))
        #expect((1...6).map { p.backoff(beforeRetry: $0) } ==
                [.milliseconds(30), .milliseconds(60), .milliseconds(120), .milliseconds(200), .milliseconds(200), .milliseconds(200)])
    }

    @Test func formEncodingIsGoQueryEscape() {
        #expect(FormEncoding.encode([("query", "sum(rate(x[5m])) by (job) > 0.5 & ~"), ("time", "1.5")])
                == "query=sum%28rate%28x%5B5m%5D%29%29+by+%28job%29+%3E+0.5+%26+~&time=1.5")
    }
}
