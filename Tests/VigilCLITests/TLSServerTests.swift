import AsyncHTTPClient
import Foundation
import NIOSSL
import Testing
import VigilTesting

/// `vigil run` with `web.tls_server_config`: it speaks HTTPS only, with the certificate from the files; a
/// renewed certificate written over the files is served from the next connection on, without a restart;
/// files that change into something unusable are logged and the previous certificate stays in service; and
/// a service whose certificate files cannot be used does not start. The client is AsyncHTTPClient, trusting
/// one test authority at a time.
@Suite(.serialized, .enabled(if: TestCertificates.opensslAvailable, "openssl is not installed: the TLS tests need it to make certificates"))
struct TLSServerTests {
    static func configuration(certFile: String, keyFile: String, more: String = "") -> String {
        """
        datasources:
          - {name: prom, type: prometheus, url: "http://127.0.0.1:1", retry: {max_attempts: 1}}
        rule_files: [{path: rules.yml, datasource: prom}]
        storage: {path: state}
        web:
          listen_address: "127.0.0.1:0"
          tls_server_config: {cert_file: \(certFile), key_file: \(keyFile), min_version: TLS12\(more)}
        """
    }

    @Test func servesHTTPSAndPicksUpARenewedCertificate() async throws {
        let first = try TestCertificates(serverNames: "IP:127.0.0.1,DNS:localhost", authorityName: "Vigil test CA one")
        let second = try TestCertificates(serverNames: "IP:127.0.0.1,DNS:localhost", authorityName: "Vigil test CA two")
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-tls")
        defer { first.remove(); second.remove(); try? FileManager.default.removeItem(at: dir) }
        let tlsDir = dir.appendingPathComponent("tls")
        try FileManager.default.createDirectory(at: tlsDir, withIntermediateDirectories: true)
        func install(certificate: String, key: String) throws {
            // As a renewal tool does: each file replaced whole (written beside it, then renamed over it).
            for (source, name) in [(key, "tls.key"), (certificate, "tls.crt")] {
                let data = try Data(contentsOf: URL(fileURLWithPath: source))
                try data.write(to: tlsDir.appendingPathComponent(name), options: .atomic)
            }
        }
        try install(certificate: first.serverCertificate, key: first.serverKey)
        try Self.configuration(certFile: "tls/tls.crt", keyFile: "tls/tls.key").write(to: dir.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)
        try "groups: []\n".write(to: dir.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)

        let service = try RunningVigil(arguments: ["run", "--config", "vigil.yml"], in: dir)
        defer { service.terminate() }
        let port = try #require(await service.port(), "no 'listening' line: \(service.log)")
        #expect(service.log.contains("scheme=https"), "\(service.log)")

        // HTTPS with the first authority's certificate; the second authority's client refuses it.
        #expect(try await Self.get(port, trusting: first.ca) == 200)
        #expect(await Self.refuses(port, trusting: second.ca))
        // Plain HTTP gets no HTTP answer at all.
        let plain = try? await RawHTTPClient.request(port: port, method: "GET", target: "/-/healthy", headers: [:], body: "")
        #expect(plain == nil || plain?.status != 200, "plain HTTP was answered: \(String(describing: plain?.status))")

        // Renewal: the second authority's certificate is written over the files; no signal, no reload call.
        try install(certificate: second.serverCertificate, key: second.serverKey)
        let renewed = await eventually(timeout: .seconds(10)) { (try? await Self.get(port, trusting: second.ca)) == 200 }
        #expect(renewed, "the renewed certificate was not served: \(service.log)")
        #expect(await Self.refuses(port, trusting: first.ca))
        #expect(service.log.contains("TLS certificate reloaded"), "\(service.log)")

        // A key that does not belong to the certificate, then a certificate file that is not PEM: each is
        // refused and logged, and the renewed certificate stays in service.
        try Data(contentsOf: URL(fileURLWithPath: first.serverKey)).write(to: tlsDir.appendingPathComponent("tls.key"), options: .atomic)
        #expect(try await Self.get(port, trusting: second.ca) == 200)
        try Data("not a certificate\n".utf8).write(to: tlsDir.appendingPathComponent("tls.crt"), options: .atomic)
        #expect(try await Self.get(port, trusting: second.ca) == 200)
        let log = service.log
        #expect(log.contains("does not match cert_file"), "\(log)")
        #expect(log.contains("not a PEM certificate chain"), "\(log)")
        #expect(!log.contains("PRIVATE KEY"), "key material in the log")
        #expect(service.isRunning)
    }

    @Test func unusableCertificateFilesStopTheStartWithTheFileNamed() async throws {
        let certificates = try TestCertificates(serverNames: "IP:127.0.0.1")
        let other = try TestCertificates(serverNames: "IP:127.0.0.1")
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-tls-bad")
        defer { certificates.remove(); other.remove(); try? FileManager.default.removeItem(at: dir) }
        try "groups: []\n".write(to: dir.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        for (cert, key, expected) in [
            (certificates.serverCertificate, dir.appendingPathComponent("missing.key").path, "missing.key"),
            (certificates.serverCertificate, other.serverKey, "does not match cert_file"),
            (certificates.serverKey, certificates.serverKey, "not a PEM certificate chain"),
        ] {
            try Self.configuration(certFile: cert, keyFile: key).write(to: dir.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)
            let service = try RunningVigil(arguments: ["run", "--config", "vigil.yml"], in: dir)
            defer { service.terminate() }
            let exited = await eventually(timeout: .seconds(20)) { !service.isRunning }
            #expect(exited, "vigil run kept running with \(expected): \(service.log)")
            #expect(service.exitStatus != 0)
            #expect(service.log.contains(expected), "\(service.log)")
        }
    }

    /// `client_auth_type: RequireAndVerifyClientCert`: a client with a certificate from `client_ca_file`'s
    /// authority gets in; one without a certificate, or with another authority's, does not.
    @Test func mutualTLSRequiresAClientCertificateFromTheAuthority() async throws {
        let server = try TestCertificates(serverNames: "IP:127.0.0.1", authorityName: "Vigil test server CA")
        let clients = try TestCertificates(serverNames: "IP:127.0.0.1", authorityName: "Vigil test client CA")
        let dir = try ReferenceServerProcess.temporaryDirectory(prefix: "vigil-mtls")
        defer { server.remove(); clients.remove(); try? FileManager.default.removeItem(at: dir) }
        try "groups: []\n".write(to: dir.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        try Self.configuration(certFile: server.serverCertificate, keyFile: server.serverKey,
                               more: ", client_auth_type: RequireAndVerifyClientCert, client_ca_file: \(clients.ca)")
            .write(to: dir.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)
        let service = try RunningVigil(arguments: ["run", "--config", "vigil.yml"], in: dir)
        defer { service.terminate() }
        let port = try #require(await service.port(), "no 'listening' line: \(service.log)")
        #expect(try await Self.get(port, trusting: server.ca, clientCertificate: (clients.clientCert, clients.clientKey)) == 200)
        #expect(await Self.refuses(port, trusting: server.ca))
        // A certificate from another authority (the server's own CA signed this client certificate).
        #expect((try? await Self.get(port, trusting: server.ca, clientCertificate: (server.clientCert, server.clientKey),
                                     timeout: .seconds(1))) == nil)
    }

    /// The status of `GET /-/healthy` over HTTPS, on a new connection, trusting only `ca`.
    static func get(_ port: Int, trusting ca: String, clientCertificate: (String, String)? = nil,
                    timeout: Duration = .seconds(10)) async throws -> Int {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(ca)
        if let (cert, key) = clientCertificate {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            let response = try await client.execute(HTTPClientRequest(url: "https://127.0.0.1:\(port)/-/healthy"), timeout: .init(timeout))
            try await client.shutdown()
            return Int(response.status.code)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Whether a client trusting only `ca` fails the handshake. AsyncHTTPClient keeps trying to connect
    /// until the request's deadline, so a short one keeps this quick.
    static func refuses(_ port: Int, trusting ca: String) async -> Bool {
        (try? await get(port, trusting: ca, timeout: .seconds(1))) == nil
    }
}
