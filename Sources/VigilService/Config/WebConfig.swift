/// `web:` — Vigil's HTTP server (APIs, health, metrics).
public struct WebConfig: Sendable, Hashable, Decodable {
    /// `host:port`; Vigil's default port is 9096 (next to Prometheus's 9090 and Alertmanager's 9093).
    public var listenAddress = "0.0.0.0:9096"

    /// Credentials every request needs (the health probes excepted); nil: none.
    public var auth: WebAuthConfig?

    /// HTTPS with these certificate files; nil: plain HTTP.
    public var tlsServerConfig: WebTLSConfig?

    enum CodingKeys: String, CodingKey { case listenAddress = "listen_address", auth, tlsServerConfig = "tls_server_config" }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        listenAddress = try c.decodeIfPresent(String.self, forKey: .listenAddress) ?? listenAddress
        auth = try c.decodeIfPresent(WebAuthConfig.self, forKey: .auth)
        tlsServerConfig = try c.decodeIfPresent(WebTLSConfig.self, forKey: .tlsServerConfig)
    }
}
