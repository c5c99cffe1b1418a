import Foundation

extension HTTPClientSettings {
    /// The settings with every relative file path (secret files, header files, TLS files) made relative to
    /// `directory`, as Prometheus's `SetDirectory` resolves them against the configuration file's folder.
    public func resolvingPaths(relativeTo directory: String) -> HTTPClientSettings {
        func resolve(_ path: String?) -> String? {
            guard let path, !path.isEmpty, !path.hasPrefix("/") else { return path }
            return (directory as NSString).appendingPathComponent(path)
        }
        var s = self
        if var auth = s.basicAuth {
            auth.usernameFile = resolve(auth.usernameFile)
            auth.passwordFile = resolve(auth.passwordFile)
            s.basicAuth = auth
        }
        if var authorization = s.authorization {
            authorization.credentialsFile = resolve(authorization.credentialsFile)
            s.authorization = authorization
        }
        s.tlsConfig.caFile = resolve(s.tlsConfig.caFile)
        s.tlsConfig.certFile = resolve(s.tlsConfig.certFile)
        s.tlsConfig.keyFile = resolve(s.tlsConfig.keyFile)
        for (name, header) in s.httpHeaders {
            var h = header
            h.files = h.files.map { resolve($0) ?? $0 }
            s.httpHeaders[name] = h
        }
        return s
    }
}
