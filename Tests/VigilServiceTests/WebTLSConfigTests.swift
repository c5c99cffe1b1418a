import Testing
@testable import VigilService

/// `web.tls_server_config` is read as Prometheus's web configuration reads it, with file:line:col errors.
@Suite struct WebTLSConfigTests {
    static func parse(_ tls: String) throws -> WebTLSConfig? {
        try VigilConfig.parse("web:\n  tls_server_config: {\(tls)}\n", file: "vigil.yml").web.tlsServerConfig
    }

    static func error(_ tls: String) -> String {
        do { _ = try parse(tls); return "" } catch { return String(describing: error) }
    }

    @Test func defaultsAndFullSettings() throws {
        let plain = try #require(try Self.parse("cert_file: a.crt, key_file: a.key"))
        #expect(plain.minVersion == .tls12 && plain.clientAuth == .none && plain.clientCAFile == nil)
        let mutual = try #require(try Self.parse(
            "cert_file: a.crt, key_file: a.key, min_version: TLS13, client_auth_type: RequireAndVerifyClientCert, client_ca_file: ca.crt"))
        #expect(mutual.minVersion == .tls13 && mutual.clientAuth == .requireAndVerify && mutual.clientCAFile == "ca.crt")
    }

    @Test func mistakesAreNamedWithTheirPlace() {
        #expect(Self.error("cert_file: a.crt").contains(#"missing field "key_file""#))
        #expect(Self.error("cert_file: a.crt, key_file: a.key, min_version: TLS11").contains("vigil.yml:2:"))
        #expect(Self.error("cert_file: a.crt, key_file: a.key, min_version: TLS11").contains("min_version must be TLS12 or TLS13, not TLS11"))
        #expect(Self.error("cert_file: a.crt, key_file: a.key, client_auth_type: RequestClientCert, client_ca_file: c")
            .contains("client_auth_type must be one of NoClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert"))
        #expect(Self.error("cert_file: a.crt, key_file: a.key, client_auth_type: VerifyClientCertIfGiven").contains("needs client_ca_file"))
        #expect(Self.error("cert_file: a.crt, key_file: a.key, client_ca_file: c").contains("client_auth_type is NoClientCert"))
        #expect(Self.error("cert_file: '', key_file: a.key").contains("cert_file must not be empty"))
        #expect(Self.error("cert_file: a.crt, key_file: a.key, cipher_suites: [x]").contains(#"unknown field "cipher_suites""#))
    }
}
