/// `tls_config`: Prometheus's `config.TLSConfig` (the file-based fields).
public struct TLSSettings: Sendable, Hashable, Codable {
    /// PEM file of the certificate authorities that verify the server, instead of the system's.
    public var caFile: String?
    /// PEM files of a client certificate and its key, for servers that require one.
    public var certFile: String?
    public var keyFile: String?
    /// The name the server's certificate is checked against (and sent as SNI), when it differs from the
    /// URL's host.
    public var serverName: String?
    public var insecureSkipVerify: Bool

    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, serverName: String? = nil,
                insecureSkipVerify: Bool = false) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.serverName = serverName
        self.insecureSkipVerify = insecureSkipVerify
    }

    private enum CodingKeys: String, CodingKey {
        case caFile = "ca_file", certFile = "cert_file", keyFile = "key_file", serverName = "server_name"
        case insecureSkipVerify = "insecure_skip_verify"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caFile = try c.decodeIfPresent(String.self, forKey: .caFile)
        certFile = try c.decodeIfPresent(String.self, forKey: .certFile)
        keyFile = try c.decodeIfPresent(String.self, forKey: .keyFile)
        serverName = try c.decodeIfPresent(String.self, forKey: .serverName)
        insecureSkipVerify = try c.decodeIfPresent(Bool.self, forKey: .insecureSkipVerify) ?? false
    }

    public var isDefault: Bool { self == TLSSettings() }

    /// Upstream's `TLSConfig.Validate` messages for the fields kept here.
    func validate() throws(BackendError) {
        let cert = !(certFile ?? "").isEmpty, key = !(keyFile ?? "").isEmpty
        if cert && !key {
            throw .configuration("exactly one of key or key_file must be configured when a client certificate is configured")
        }
        if key && !cert {
            throw .configuration("exactly one of cert or cert_file must be configured when a client key is configured")
        }
    }
}
