/// The HTTP settings every backend client shares, with Prometheus's `config.HTTPClientConfig` field
/// names as they appear in `vigil.yml` (`basic_auth`, `authorization`, `http_headers`, `tls_config`,
/// `follow_redirects`), plus the request `timeout` and the `retry` policy.
///
/// Secrets print and encode as `<secret>`; files named here are read at request time, so rotation needs no
/// reload.
public struct HTTPClientSettings: Sendable, Hashable, Codable {
    public var basicAuth: BasicAuthSettings?
    public var authorization: AuthorizationSettings?
    /// `http_headers`: header name → values, secrets and files.
    public var httpHeaders: [String: HeaderSettings]
    public var tlsConfig: TLSSettings
    public var followRedirects: Bool
    /// One attempt's limit, from sending the request to the end of the response body.
    public var timeout: ConfigDuration
    public var retry: RetryPolicy

    public init(basicAuth: BasicAuthSettings? = nil, authorization: AuthorizationSettings? = nil,
                httpHeaders: [String: HeaderSettings] = [:], tlsConfig: TLSSettings = TLSSettings(),
                followRedirects: Bool = true, timeout: Duration = .seconds(30), retry: RetryPolicy = RetryPolicy()) {
        self.basicAuth = basicAuth
        self.authorization = authorization
        self.httpHeaders = httpHeaders
        self.tlsConfig = tlsConfig
        self.followRedirects = followRedirects
        self.timeout = ConfigDuration(timeout)
        self.retry = retry
    }

    private enum CodingKeys: String, CodingKey {
        case basicAuth = "basic_auth", authorization, httpHeaders = "http_headers", tlsConfig = "tls_config"
        case followRedirects = "follow_redirects", timeout, retry
    }

    public init(from decoder: any Decoder) throws {
        let d = HTTPClientSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        basicAuth = try c.decodeIfPresent(BasicAuthSettings.self, forKey: .basicAuth)
        authorization = try c.decodeIfPresent(AuthorizationSettings.self, forKey: .authorization)
        httpHeaders = try c.decodeIfPresent([String: HeaderSettings].self, forKey: .httpHeaders) ?? [:]
        tlsConfig = try c.decodeIfPresent(TLSSettings.self, forKey: .tlsConfig) ?? d.tlsConfig
        followRedirects = try c.decodeIfPresent(Bool.self, forKey: .followRedirects) ?? d.followRedirects
        timeout = try c.decodeIfPresent(ConfigDuration.self, forKey: .timeout) ?? d.timeout
        retry = try c.decodeIfPresent(RetryPolicy.self, forKey: .retry) ?? d.retry
    }

    /// Upstream's validation messages, plus Vigil's limits on timeout and retries.
    public func validate() throws(BackendError) {
        try basicAuth?.validate()
        try authorization?.validate()
        if authorization != nil && basicAuth != nil {
            throw .configuration("at most one of basic_auth, oauth2 & authorization must be configured")
        }
        for name in httpHeaders.keys where HeaderSettings.reserved.contains(name.lowercased()) {
            throw .configuration("setting header \"\(HeaderSettings.canonical(name))\" is not allowed")
        }
        try tlsConfig.validate()
        guard timeout.duration > .zero else { throw .configuration("timeout must be positive, got \(timeout)") }
        try retry.validate()
    }
}
