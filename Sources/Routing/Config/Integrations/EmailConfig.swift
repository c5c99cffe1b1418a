import ConfigYAML

/// `email_configs`: `smarthost`, `from`, `hello`, the `auth_*` fields and `require_tls` come from
/// `global.smtp_*` when not set here (see `AlertmanagerConfig`). HTML body by default, no text body.
public struct EmailConfig: Sendable, Hashable, Decodable {
    public static let defaultSubject = defaultTemplate("email.default.subject")

    public var sendResolved: Bool
    public var to: String
    public var from = ""
    public var hello = ""
    public var smarthost = HostPort()
    public var authUsername = ""
    public var authPassword: SecretSource
    public var authSecret: SecretSource
    public var authIdentity = ""
    /// Canonical MIME header names (`Subject`, `X-Custom`).
    public var headers: [String: String] = [:]
    public var html: String
    public var text: String
    /// Set from `global.smtp_require_tls` when not given.
    public var requireTLS: Bool?
    public var tlsConfig: TLSConfig?
    /// nil: implicit TLS on port 465, STARTTLS otherwise.
    public var forceImplicitTLS: Bool?
    public var threading = Threading()

    public struct Threading: Sendable, Hashable, Decodable {
        public var enabled = false
        public var threadByDate = ""
        enum CodingKeys: String, CodingKey { case enabled, threadByDate = "thread_by_date" }
        public init() {}
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? false
            threadByDate = try c.decodeIfPresent(String.self, forKey: .threadByDate) ?? ""
        }
    }

    enum CodingKeys: String, CodingKey {
        case to, from, hello, smarthost, authUsername = "auth_username", authPassword = "auth_password"
        case authPasswordFile = "auth_password_file", authSecret = "auth_secret", authSecretFile = "auth_secret_file"
        case authIdentity = "auth_identity", headers, html, text, requireTLS = "require_tls", tlsConfig = "tls_config"
        case forceImplicitTLS = "force_implicit_tls", threading
    }

    public init(from decoder: any Decoder) throws {
        sendResolved = try NotifierCommon(from: decoder, sendResolvedByDefault: false, http: false).sendResolved
        let c = try decoder.container(keyedBy: CodingKeys.self)
        to = try c.decodeIfPresent(String.self, forKey: .to) ?? ""
        from = try c.decodeIfPresent(String.self, forKey: .from) ?? ""
        hello = try c.decodeIfPresent(String.self, forKey: .hello) ?? ""
        smarthost = try c.decodeIfPresent(HostPort.self, forKey: .smarthost) ?? HostPort()
        authUsername = try c.decodeIfPresent(String.self, forKey: .authUsername) ?? ""
        authPassword = try c.decodeSecret(.authPassword, file: .authPasswordFile)
        authSecret = try c.decodeSecret(.authSecret, file: .authSecretFile)
        authIdentity = try c.decodeIfPresent(String.self, forKey: .authIdentity) ?? ""
        html = try c.decodeIfPresent(String.self, forKey: .html) ?? defaultTemplate("email.default.html")
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        requireTLS = try c.decodeIfPresent(Bool.self, forKey: .requireTLS)
        tlsConfig = try c.decodeIfPresent(TLSConfig.self, forKey: .tlsConfig)
        forceImplicitTLS = try c.decodeIfPresent(Bool.self, forKey: .forceImplicitTLS)
        threading = try c.decodeIfPresent(Threading.self, forKey: .threading) ?? Threading()
        let rawHeaders = try c.decodeStringPairs(forKey: .headers) ?? []
        if to.isEmpty { throw ConfigValueError("missing to address in email config") }
        for (name, value) in rawHeaders {
            let canonical = Self.canonicalHeaderName(name)
            if headers[canonical] != nil { throw ConfigValueError("duplicate header \"\(canonical)\" in email config") }
            headers[canonical] = value
        }
        if threading.enabled {
            if headers["References"] != nil {
                throw ConfigValueError("conflicting configuration: threading.enabled conflicts with custom References header")
            }
            if headers["In-Reply-To"] != nil {
                throw ConfigValueError("conflicting configuration: threading.enabled conflicts with custom In-Reply-To header")
            }
            if !["none", "daily"].contains(threading.threadByDate) {
                throw ConfigValueError("threading.thread_by_date must be either 'none' or 'daily'")
            }
        }
    }

    /// Go's `textproto.CanonicalMIMEHeaderKey`: `x-custom-header` → `X-Custom-Header`; names with
    /// characters outside the token set are left as they are.
    static func canonicalHeaderName(_ s: String) -> String {
        let token = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard s.allSatisfy({ token.contains($0) }) else { return s }
        var upper = true
        var out = ""
        for ch in s {
            out.append(upper ? Character(ch.uppercased()) : Character(ch.lowercased()))
            upper = ch == "-"
        }
        return out
    }
}
