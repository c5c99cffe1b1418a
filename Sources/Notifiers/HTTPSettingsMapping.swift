import Backends
import Routing

/// Routing's `http_config` (Alertmanager's receiver HTTP settings) as the Backends HTTP client's settings.
///
/// What that client cannot do yet is refused when the notifier is built, with the field named, rather
/// than silently sending without it: `oauth2`, proxies, and inline TLS material (`ca`, `cert`, `key`;
/// the `_file` forms work).
enum HTTPSettingsMapping {
    static func settings(_ config: HTTPConfig?, timeout: Duration) throws(NotifyError) -> HTTPClientSettings {
        var s = HTTPClientSettings(timeout: timeout, retry: .none)
        guard let config else { return s }
        if config.oauth2 != nil { throw unsupported("oauth2") }
        if !(config.proxy.proxyURL ?? "").isEmpty || config.proxy.proxyFromEnvironment { throw unsupported("proxy_url and proxy_from_environment") }
        if let b = config.basicAuth {
            s.basicAuth = BasicAuthSettings(username: b.username, usernameFile: nonEmpty(b.usernameFile),
                                            password: b.password.inline.map { Backends.Secret($0.revealed) },
                                            passwordFile: nonEmpty(b.password.file))
        }
        if let a = config.authorization {
            s.authorization = AuthorizationSettings(type: a.type, credentials: a.credentials.inline.map { Backends.Secret($0.revealed) },
                                                    credentialsFile: nonEmpty(a.credentials.file))
        }
        for (name, h) in config.httpHeaders {
            s.httpHeaders[name] = HeaderSettings(values: h.values, secrets: h.secrets.map { Backends.Secret($0.revealed) }, files: h.files)
        }
        let t = config.tlsConfig
        if !t.ca.isEmpty || !t.cert.isEmpty || !(t.key?.isEmpty ?? true) { throw unsupported("inline tls_config ca, cert and key (use ca_file, cert_file, key_file)") }
        s.tlsConfig = TLSSettings(caFile: nonEmpty(t.caFile), certFile: nonEmpty(t.certFile), keyFile: nonEmpty(t.keyFile),
                                  serverName: nonEmpty(t.serverName), insecureSkipVerify: t.insecureSkipVerify)
        s.followRedirects = config.followRedirects
        return s
    }

    private static func nonEmpty(_ s: String?) -> String? { (s ?? "").isEmpty ? nil : s }

    private static func unsupported(_ what: String) -> NotifyError {
        .permanent("http_config: \(what) is not supported by Vigil's notifiers yet")
    }
}
