import Backends
import Foundation
import Server
import TimeSeries

/// Checks `Authorization` headers against `web.auth`: `Basic` with a configured user's password, or
/// `Bearer` with the token. Secrets are read from their files (re-read when a file changes) and compared in
/// constant time, digest against digest, so the time taken says nothing about how much of a guess matched.
/// A secret file that cannot be read authorizes nobody.
struct WebAuthenticator: RequestAuthenticator {
    let users: [(username: String, password: SecretFile)]
    let token: SecretFile?

    init(_ config: WebAuthConfig, resolve: (String) -> String) {
        users = config.basicAuth.map { ($0.username, SecretFile(path: resolve($0.passwordFile))) }
        token = config.bearerTokenFile.map { SecretFile(path: resolve($0)) }
    }

    func isAuthorized(_ authorization: String?) -> Bool {
        guard let authorization else { return false }
        if let presented = Self.credential(authorization, scheme: "Bearer") {
            guard let token, let expected = try? token.read(), !expected.isEmpty else { return false }
            return Self.constantTimeEqual(presented, expected)
        }
        if let encoded = Self.credential(authorization, scheme: "Basic"),
           let data = Data(base64Encoded: encoded), let pair = String(data: data, encoding: .utf8),
           let colon = pair.firstIndex(of: ":") {
            let username = String(pair[..<colon]), password = String(pair[pair.index(after: colon)...])
            // Every user is checked, so the time does not depend on which user matched.
            var ok = false
            for user in users {
                guard let expected = try? user.password.read(), !expected.isEmpty else { continue }
                let match = Self.constantTimeEqual(username, user.username) && Self.constantTimeEqual(password, expected)
                ok = ok || match
            }
            return ok
        }
        return false
    }

    /// The credentials after `scheme ` (the scheme matched case-insensitively, as RFC 7235 says).
    static func credential(_ header: String, scheme: String) -> String? {
        let prefix = scheme.lowercased() + " "
        guard header.count > prefix.count, header.lowercased().hasPrefix(prefix) else { return nil }
        return String(header.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }

    /// Compares SHA-256 digests byte by byte without stopping early: equal-length values whatever the input.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(SHA256.hexDigest(a).utf8), y = Array(SHA256.hexDigest(b).utf8)
        var difference: UInt8 = 0
        for i in 0..<min(x.count, y.count) { difference |= x[i] ^ y[i] }
        return difference == 0 && x.count == y.count
    }
}
