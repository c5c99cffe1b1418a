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
