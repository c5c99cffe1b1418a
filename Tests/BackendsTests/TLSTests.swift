import Foundation
import Testing
import VigilTesting
@testable import Backends

/// `tls_config` against the loopback server with TLS, using certificates made by openssl for the test:
/// a CA, a server certificate for `prom.internal` only, and a client certificate.
@Suite(.enabled(if: TestCertificates.opensslAvailable, "openssl is not installed: the TLS tests need it to make certificates"))
struct TLSTests {
    @Test func caFileAndServerNameVerifyTheServer() async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        try await LoopbackHTTPServer.with(tls: certs.serverTLS) { server in
            server.enqueue(PrometheusQueryClientTests.success("scalar", #"[1,"1"]"#))
            var settings = testSettings(attempts: 1)
            settings.tlsConfig = TLSSettings(caFile: certs.ca, serverName: "prom.internal")
            let client = try PrometheusQueryClient(baseURL: server.baseURL, settings: settings)
            let value = try await client.instantQuery("1", at: 0).value
            await client.shutdown()
            #expect(value == .scalar(t: 1000, value: 1))
            // The Host header names the URL's host, as Go's client sends it; only verification uses server_name.
            #expect(server.requests.first?.header("Host") == "127.0.0.1:\(server.port)")
        }
    }

    @Test func aCertificateForAnotherNameIsRefused() async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        try await LoopbackHTTPServer.with(tls: certs.serverTLS) { server in
            var settings = testSettings(attempts: 1)
            settings.tlsConfig = TLSSettings(caFile: certs.ca)
            let client = try PrometheusQueryClient(baseURL: server.baseURL, settings: settings)
            await #expect { _ = try await client.instantQuery("1", at: 0) } throws: { error in
                guard case BackendError.transport = error else { return false }
                return true
            }
            await client.shutdown()
            #expect(server.requests.isEmpty)
        }
    }

    @Test func insecureSkipVerifyAcceptsAnyCertificate() async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        try await LoopbackHTTPServer.with(tls: certs.serverTLS) { server in
            server.enqueue(PrometheusQueryClientTests.success("scalar", #"[1,"1"]"#))
            var settings = testSettings(attempts: 1)
            settings.tlsConfig = TLSSettings(insecureSkipVerify: true)
            let client = try PrometheusQueryClient(baseURL: server.baseURL, settings: settings)
            _ = try await client.instantQuery("1", at: 0)
            await client.shutdown()
            #expect(server.requests.count == 1)
        }
    }

    @Test func aClientCertificateIsPresented() async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        var tls = certs.serverTLS
        tls.clientCAFile = certs.ca
        try await LoopbackHTTPServer.with(tls: tls) { server in
            server.enqueue(PrometheusQueryClientTests.success("scalar", #"[1,"1"]"#))
            var settings = testSettings(attempts: 1)
            settings.tlsConfig = TLSSettings(caFile: certs.ca, certFile: certs.clientCert, keyFile: certs.clientKey, serverName: "prom.internal")
            let client = try PrometheusQueryClient(baseURL: server.baseURL, settings: settings)
            _ = try await client.instantQuery("1", at: 0)
            await client.shutdown()
            #expect(server.requests.count == 1)

            settings.tlsConfig = TLSSettings(caFile: certs.ca, serverName: "prom.internal")
            let anonymous = try PrometheusQueryClient(baseURL: server.baseURL, settings: settings)
            await #expect(throws: (any Error).self) { _ = try await anonymous.instantQuery("1", at: 0) }
            await anonymous.shutdown()
            #expect(server.requests.count == 1)
        }
    }

    @Test func unreadableCertificateFilesAreConfigurationErrors() {
        var settings = testSettings()
        settings.tlsConfig = TLSSettings(caFile: "/nonexistent/ca.pem")
        #expect { _ = try BackendHTTPClient(baseURL: "https://127.0.0.1:1", settings: settings) } throws: { error in
            "\(error)".hasPrefix("invalid backend configuration: unable to use CA cert /nonexistent/ca.pem")
        }
    }
}

/// Certificates made with openssl in a temporary directory.
struct TestCertificates {
    let directory: URL
    var ca: String { path("ca.pem") }
    var serverTLS: LoopbackTLS { LoopbackTLS(certificateFile: path("server.pem"), keyFile: path("server.key")) }
    var clientCert: String { path("client.pem") }
    var clientKey: String { path("client.key") }

    static let opensslAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    init() throws {
        directory = try TemporaryFiles.directory()
        let script = """
            set -e
            key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1" 2>/dev/null; }
            key ca.key
            openssl req -x509 -new -key ca.key -out ca.pem -days 2 -subj "/CN=Vigil test CA" \
              -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
            for who in server client; do
              key $who.key
              openssl req -new -key $who.key -out $who.csr -subj "/CN=$who"
            done
            printf "subjectAltName=DNS:prom.internal\\nextendedKeyUsage=serverAuth\\n" > server.ext
            printf "extendedKeyUsage=clientAuth\\n" > client.ext
            for who in server client; do
              openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $who.pem -days 2 -extfile $who.ext 2>/dev/null
            done
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        p.currentDirectoryURL = directory
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            remove()
            throw LoopbackServerError("openssl failed: \(text)")
        }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
