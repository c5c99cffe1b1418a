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
public struct WebTLSConfig: Sendable, Hashable, Decodable {
    /// The oldest protocol version accepted; TLS 1.0 and 1.1 are not offered.
    public enum MinimumVersion: String, Sendable, Hashable {
        case tls12 = "TLS12", tls13 = "TLS13"
    }

    public var certFile: String
    public var keyFile: String
    public var minVersion: MinimumVersion

    enum CodingKeys: String, CodingKey { case certFile = "cert_file", keyFile = "key_file", minVersion = "min_version" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        certFile = try c.decode(String.self, forKey: .certFile)
        keyFile = try c.decode(String.self, forKey: .keyFile)
        let version = try c.decodeIfPresent(String.self, forKey: .minVersion) ?? MinimumVersion.tls12.rawValue
        guard let minVersion = MinimumVersion(rawValue: version) else {
            throw DecodingError.dataCorruptedError(forKey: .minVersion, in: c, debugDescription: "min_version must be TLS12 or TLS13, not \(version)")
        }
        self.minVersion = minVersion
        for (key, value) in [(CodingKeys.certFile, certFile), (.keyFile, keyFile)] where value.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) must not be empty")
        }
    }
}
