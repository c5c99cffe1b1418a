/// `web.tls_server_config:` — HTTPS for Vigil's server, named and shaped as in Prometheus's web
/// configuration file. Relative paths are relative to vigil.yml. The files are re-read when they change
/// (a renewed certificate is served from the next connection on); a change that does not load is logged
/// and the previous certificate stays in use.
///
///     web:
///       tls_server_config:
///         cert_file: tls/tls.crt
///         key_file: tls/tls.key
///         min_version: TLS12      # or TLS13
///         client_auth_type: RequireAndVerifyClientCert   # mutual TLS: clients present a certificate
///         client_ca_file: tls/clients-ca.crt             # signed by this authority (read at start)
public struct WebTLSConfig: Sendable, Hashable, Decodable {
    /// The oldest protocol version accepted; TLS 1.0 and 1.1 are not offered.
    public enum MinimumVersion: String, Sendable, Hashable {
        case tls12 = "TLS12", tls13 = "TLS13"
    }

    /// Whether clients must present a certificate, with Prometheus's names. `RequestClientCert` and
    /// `RequireAnyClientCert` (asking for a certificate without checking it) are not offered.
    public enum ClientAuth: String, Sendable, Hashable, CaseIterable {
        case none = "NoClientCert"
        case verifyIfGiven = "VerifyClientCertIfGiven"
        case requireAndVerify = "RequireAndVerifyClientCert"
    }

    public var certFile: String
    public var keyFile: String
    public var minVersion: MinimumVersion
    public var clientAuth: ClientAuth
    public var clientCAFile: String?

    enum CodingKeys: String, CodingKey {
        case certFile = "cert_file", keyFile = "key_file", minVersion = "min_version"
        case clientAuth = "client_auth_type", clientCAFile = "client_ca_file"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        certFile = try c.decode(String.self, forKey: .certFile)
        keyFile = try c.decode(String.self, forKey: .keyFile)
        let version = try c.decodeIfPresent(String.self, forKey: .minVersion) ?? MinimumVersion.tls12.rawValue
        guard let minVersion = MinimumVersion(rawValue: version) else {
            throw DecodingError.dataCorruptedError(forKey: .minVersion, in: c, debugDescription: "min_version must be TLS12 or TLS13, not \(version)")
        }
        self.minVersion = minVersion
        let auth = try c.decodeIfPresent(String.self, forKey: .clientAuth) ?? ClientAuth.none.rawValue
        guard let clientAuth = ClientAuth(rawValue: auth) else {
            let known = ClientAuth.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(forKey: .clientAuth, in: c, debugDescription: "client_auth_type must be one of \(known), not \(auth)")
        }
        self.clientAuth = clientAuth
        clientCAFile = try c.decodeIfPresent(String.self, forKey: .clientCAFile)
        // As Prometheus's web configuration: an authority without a policy, or a policy without one, is a mistake.
        if clientAuth == .none, clientCAFile != nil {
            throw DecodingError.dataCorruptedError(forKey: .clientCAFile, in: c, debugDescription: "client_ca_file is set but client_auth_type is NoClientCert")
        }
        if clientAuth != .none, clientCAFile?.isEmpty ?? true {
            throw DecodingError.dataCorruptedError(forKey: .clientAuth, in: c, debugDescription: "client_auth_type \(auth) needs client_ca_file")
        }
        for (key, value) in [(CodingKeys.certFile, certFile), (.keyFile, keyFile)] where value.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) must not be empty")
        }
    }
}
