import ConfigYAML

/// Prometheus's `http_config` (the `HTTPClientConfig` of prometheus/common) as Alertmanager reads it for
/// receivers and `global.http_config`: authentication, TLS, proxy, redirects, HTTP/2, extra headers,
/// with its validation messages. `bearer_token(_file)` is folded into `authorization` as upstream does.
public struct HTTPConfig: Sendable, Hashable, Decodable {
    public struct BasicAuth: Sendable, Hashable, Decodable {
        public var username = ""
        public var usernameFile: String?
        public var password: SecretSource
        enum CodingKeys: String, CodingKey { case username, usernameFile = "username_file", password, passwordFile = "password_file" }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            username = try c.decodeIfPresent(String.self, forKey: .username) ?? ""
            usernameFile = try c.decodeIfPresent(String.self, forKey: .usernameFile)
            password = try c.decodeSecret(.password, file: .passwordFile)
        }
    }

    public struct Authorization: Sendable, Hashable, Decodable {
        public var type = "Bearer"
        public var credentials: SecretSource
        enum CodingKeys: String, CodingKey { case type, credentials, credentialsFile = "credentials_file" }
        public init(type: String, credentials: SecretSource) {
            self.type = type
            self.credentials = credentials
        }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = (try c.decodeIfPresent(String.self, forKey: .type) ?? "").trimmingCharacters(in: .whitespaces)
            credentials = try c.decodeSecret(.credentials, file: .credentialsFile)
        }
    }

    public struct OAuth2: Sendable, Hashable, Decodable {
        public var clientID = ""
        public var clientSecret: SecretSource
        public var scopes: [String] = []
        public var tokenURL = ""
        public var endpointParams: [String: String] = [:]
        public var grantType: String?
        public var tlsConfig = TLSConfig()
        public var proxy = ProxySettings()
        enum CodingKeys: String, CodingKey {
            case clientID = "client_id", clientSecret = "client_secret", clientSecretFile = "client_secret_file", scopes
            case tokenURL = "token_url", endpointParams = "endpoint_params", tlsConfig = "tls_config", grantType = "grant_type"
            case signatureAlgorithm = "signature_algorithm", iss, audience, claims
            case clientCertificateKeyID = "client_certificate_key_id", clientCertificateKey = "client_certificate_key"
            case clientCertificateKeyFile = "client_certificate_key_file"
        }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            clientID = try c.decodeIfPresent(String.self, forKey: .clientID) ?? ""
            clientSecret = try c.decodeSecret(.clientSecret, file: .clientSecretFile)
            scopes = try c.decodeIfPresent([String].self, forKey: .scopes) ?? []
            tokenURL = try c.decodeIfPresent(String.self, forKey: .tokenURL) ?? ""
            endpointParams = try c.decodeStringMap(forKey: .endpointParams) ?? [:]
            grantType = try c.decodeIfPresent(String.self, forKey: .grantType)
            tlsConfig = try c.decodeIfPresent(TLSConfig.self, forKey: .tlsConfig) ?? TLSConfig()
            // The JWT bearer grant's fields are read (so files using them load) but not modelled yet.
            _ = try c.decodeIfPresent(String.self, forKey: .signatureAlgorithm)
            _ = try c.decodeIfPresent(String.self, forKey: .iss)
            _ = try c.decodeIfPresent(String.self, forKey: .audience)
            _ = try c.decodeIfPresent(ConfigAnyValue.self, forKey: .claims)
            _ = try c.decodeIfPresent(String.self, forKey: .clientCertificateKeyID)
            _ = try c.decodeIfPresent(Secret.self, forKey: .clientCertificateKey)
            _ = try c.decodeIfPresent(String.self, forKey: .clientCertificateKeyFile)
            proxy = try ProxySettings(from: decoder)
        }
    }

    /// `proxy_url`, `no_proxy`, `proxy_from_environment`, `proxy_connect_header`, inline.
    public struct ProxySettings: Sendable, Hashable, Decodable {
        public var proxyURL: String?
        public var noProxy = ""
        public var proxyFromEnvironment = false
        public var proxyConnectHeader: [String: [Secret]] = [:]
        enum CodingKeys: String, CodingKey {
            case proxyURL = "proxy_url", noProxy = "no_proxy", proxyFromEnvironment = "proxy_from_environment"
            case proxyConnectHeader = "proxy_connect_header"
        }
        public init() {}
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            proxyURL = try c.decodeIfPresent(String.self, forKey: .proxyURL)
            noProxy = try c.decodeIfPresent(String.self, forKey: .noProxy) ?? ""
            proxyFromEnvironment = try c.decodeIfPresent(Bool.self, forKey: .proxyFromEnvironment) ?? false
            proxyConnectHeader = try c.decodeIfPresent([String: [Secret]].self, forKey: .proxyConnectHeader) ?? [:]
            let hasURL = !(proxyURL ?? "").isEmpty
            if !proxyConnectHeader.isEmpty && !proxyFromEnvironment && !hasURL {
                throw ConfigValueError("if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured")
            }
            if proxyFromEnvironment && hasURL {
                throw ConfigValueError("if proxy_from_environment is configured, proxy_url must not be configured")
            }
            if proxyFromEnvironment && !noProxy.isEmpty {
                throw ConfigValueError("if proxy_from_environment is configured, no_proxy must not be configured")
            }
            if proxyURL == nil && !noProxy.isEmpty {
                throw ConfigValueError("if no_proxy is configured, proxy_url must also be configured")
            }
        }
    }

    /// One `http_headers` entry: values, secret values and files.
    public struct Header: Sendable, Hashable, Decodable {
        public var values: [String] = []
        public var secrets: [Secret] = []
        public var files: [String] = []
        enum CodingKeys: String, CodingKey { case values, secrets, files }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            values = try c.decodeIfPresent([String].self, forKey: .values) ?? []
            secrets = try c.decodeIfPresent([Secret].self, forKey: .secrets) ?? []
            files = try c.decodeIfPresent([String].self, forKey: .files) ?? []
        }
    }

    public var basicAuth: BasicAuth?
    public var authorization: Authorization?
    public var oauth2: OAuth2?
    public var tlsConfig = TLSConfig()
    public var followRedirects = true
    public var enableHTTP2 = true
    public var proxy = ProxySettings()
    public var httpHeaders: [String: Header] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case basicAuth = "basic_auth", authorization, oauth2, bearerToken = "bearer_token", bearerTokenFile = "bearer_token_file"
        case tlsConfig = "tls_config", followRedirects = "follow_redirects", enableHTTP2 = "enable_http2", httpHeaders = "http_headers"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        basicAuth = try c.decodeIfPresent(BasicAuth.self, forKey: .basicAuth)
        authorization = try c.decodeIfPresent(Authorization.self, forKey: .authorization)
        oauth2 = try c.decodeIfPresent(OAuth2.self, forKey: .oauth2)
        let bearer = try c.decodeSecret(.bearerToken, file: .bearerTokenFile)
        tlsConfig = try c.decodeIfPresent(TLSConfig.self, forKey: .tlsConfig) ?? TLSConfig()
        followRedirects = try c.decodeIfPresent(Bool.self, forKey: .followRedirects) ?? true
        enableHTTP2 = try c.decodeIfPresent(Bool.self, forKey: .enableHTTP2) ?? true
        httpHeaders = try c.decodeIfPresent([String: Header].self, forKey: .httpHeaders) ?? [:]
        proxy = try ProxySettings(from: decoder)
        try validate(bearer: bearer)
    }

    private mutating func validate(bearer: SecretSource) throws(ConfigValueError) {
        let hasToken = !(bearer.inline?.isEmpty ?? true)
        let hasTokenFile = !(bearer.file?.isEmpty ?? true)
        if hasToken && hasTokenFile { throw ConfigValueError("at most one of bearer_token & bearer_token_file must be configured") }
        if (basicAuth != nil || oauth2 != nil) && (hasToken || hasTokenFile) {
            throw ConfigValueError("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured")
        }
        if let b = basicAuth {
            if !b.username.isEmpty && !(b.usernameFile ?? "").isEmpty {
                throw ConfigValueError("at most one of basic_auth username, username_file & username_ref must be configured")
            }
            if !(b.password.inline?.isEmpty ?? true) && !(b.password.file ?? "").isEmpty {
                throw ConfigValueError("at most one of basic_auth password, password_file & password_ref must be configured")
            }
        }
        if var a = authorization {
            if hasToken || hasTokenFile { throw ConfigValueError("authorization is not compatible with bearer_token & bearer_token_file") }
            if !(a.credentials.inline?.isEmpty ?? true) && !(a.credentials.file ?? "").isEmpty {
                throw ConfigValueError("at most one of authorization credentials & credentials_file must be configured")
            }
            if a.type.isEmpty { a.type = "Bearer" }
            if a.type.lowercased() == "basic" { throw ConfigValueError(#"authorization type cannot be set to "basic", use "basic_auth" instead"#) }
            if basicAuth != nil || oauth2 != nil { throw ConfigValueError("at most one of basic_auth, oauth2 & authorization must be configured") }
            authorization = a
        } else if hasToken || hasTokenFile {
            authorization = Authorization(type: "Bearer", credentials: bearer)
        }
        if let o = oauth2 {
            if basicAuth != nil { throw ConfigValueError("at most one of basic_auth, oauth2 & authorization must be configured") }
            if o.clientID.isEmpty { throw ConfigValueError("oauth2 client_id must be configured") }
            if o.tokenURL.isEmpty { throw ConfigValueError("oauth2 token_url must be configured") }
            if o.grantType != "urn:ietf:params:oauth:grant-type:jwt-bearer", !(o.clientSecret.inline?.isEmpty ?? true), !(o.clientSecret.file ?? "").isEmpty {
                throw ConfigValueError("at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured using grant-type=client_credentials")
            }
        }
    }

    /// File paths made absolute against the configuration file's folder, as Alertmanager's `SetDirectory`.
    func resolvingPaths(relativeTo dir: String) -> HTTPConfig {
        var h = self
        let join = { (p: String?) -> String? in p.map { AlertmanagerConfig.join(dir, $0) } }
        h.tlsConfig = tlsConfig.resolvingPaths(relativeTo: dir)
        h.basicAuth?.usernameFile = join(basicAuth?.usernameFile)
        h.basicAuth?.password.file = join(basicAuth?.password.file)
        h.authorization?.credentials.file = join(authorization?.credentials.file)
        h.oauth2?.clientSecret.file = join(oauth2?.clientSecret.file)
        h.oauth2?.tlsConfig = oauth2?.tlsConfig.resolvingPaths(relativeTo: dir) ?? TLSConfig()
        for (k, v) in httpHeaders { h.httpHeaders[k]?.files = v.files.map { AlertmanagerConfig.join(dir, $0) } }
        return h
    }
}

/// `tls_config`: CA, client certificate and key (inline or files), server name, verification, versions.
public struct TLSConfig: Sendable, Hashable, Decodable {
    public var ca = ""
    public var caFile = ""
    public var cert = ""
    public var certFile = ""
    public var key: Secret?
    public var keyFile = ""
    public var serverName = ""
    public var insecureSkipVerify = false
    public var minVersion: String?
    public var maxVersion: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ca, caFile = "ca_file", cert, certFile = "cert_file", key, keyFile = "key_file", serverName = "server_name"
        case insecureSkipVerify = "insecure_skip_verify", minVersion = "min_version", maxVersion = "max_version"
    }

    static let versions = ["TLS10", "TLS11", "TLS12", "TLS13"]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ca = try c.decodeIfPresent(String.self, forKey: .ca) ?? ""
        caFile = try c.decodeIfPresent(String.self, forKey: .caFile) ?? ""
        cert = try c.decodeIfPresent(String.self, forKey: .cert) ?? ""
        certFile = try c.decodeIfPresent(String.self, forKey: .certFile) ?? ""
        key = try c.decodeIfPresent(Secret.self, forKey: .key)
        keyFile = try c.decodeIfPresent(String.self, forKey: .keyFile) ?? ""
        serverName = try c.decodeIfPresent(String.self, forKey: .serverName) ?? ""
        insecureSkipVerify = try c.decodeIfPresent(Bool.self, forKey: .insecureSkipVerify) ?? false
        for key in [CodingKeys.minVersion, .maxVersion] {
            guard let v = try c.decodeIfPresent(String.self, forKey: key) else { continue }
            guard Self.versions.contains(v) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "unknown TLS version: \(v)")
            }
            if key == .minVersion { minVersion = v } else { maxVersion = v }
        }
        let hasKey = !(key?.isEmpty ?? true)
        if !ca.isEmpty && !caFile.isEmpty { throw ConfigValueError("at most one of ca, ca_file & ca_ref must be configured") }
        if !cert.isEmpty && !certFile.isEmpty { throw ConfigValueError("at most one of cert, cert_file & cert_ref must be configured") }
        if hasKey && !keyFile.isEmpty { throw ConfigValueError("at most one of key and key_file must be configured") }
        let usingCert = !cert.isEmpty || !certFile.isEmpty
        let usingKey = hasKey || !keyFile.isEmpty
        if usingCert && !usingKey {
            throw ConfigValueError("exactly one of key or key_file must be configured when a client certificate is configured")
        }
        if usingKey && !usingCert {
            throw ConfigValueError("exactly one of cert or cert_file must be configured when a client key is configured")
        }
    }

    func resolvingPaths(relativeTo dir: String) -> TLSConfig {
        var t = self
        t.caFile = AlertmanagerConfig.join(dir, caFile)
        t.certFile = AlertmanagerConfig.join(dir, certFile)
        t.keyFile = AlertmanagerConfig.join(dir, keyFile)
        return t
    }
}
