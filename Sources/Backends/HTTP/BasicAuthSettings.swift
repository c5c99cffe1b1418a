/// `basic_auth`: Prometheus's `config.BasicAuth` (username or username_file; password or password_file).
public struct BasicAuthSettings: Sendable, Hashable, Codable {
    public var username: String
    public var usernameFile: String?
    public var password: Secret?
    public var passwordFile: String?

    public init(username: String = "", usernameFile: String? = nil, password: Secret? = nil, passwordFile: String? = nil) {
        self.username = username
        self.usernameFile = usernameFile
        self.password = password
        self.passwordFile = passwordFile
    }

    private enum CodingKeys: String, CodingKey {
        case username, usernameFile = "username_file", password, passwordFile = "password_file"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        username = try c.decodeIfPresent(String.self, forKey: .username) ?? ""
        usernameFile = try c.decodeIfPresent(String.self, forKey: .usernameFile)
        password = try c.decodeIfPresent(Secret.self, forKey: .password)
        passwordFile = try c.decodeIfPresent(String.self, forKey: .passwordFile)
    }

    /// Upstream's `HTTPClientConfig.Validate` messages.
    func validate() throws(BackendError) {
        if !username.isEmpty && !(usernameFile ?? "").isEmpty {
            throw .configuration("at most one of basic_auth username, username_file & username_ref must be configured")
        }
        if !(password?.value ?? "").isEmpty && !(passwordFile ?? "").isEmpty {
            throw .configuration("at most one of basic_auth password, password_file & password_ref must be configured")
        }
    }
}

/// `authorization`: Prometheus's `config.Authorization`, an `Authorization: <type> <credentials>` header.
public struct AuthorizationSettings: Sendable, Hashable, Codable {
    /// Empty means `Bearer`, as upstream defaults it.
    public var type: String
    public var credentials: Secret?
    public var credentialsFile: String?

    public init(type: String = "Bearer", credentials: Secret? = nil, credentialsFile: String? = nil) {
        self.type = type
        self.credentials = credentials
        self.credentialsFile = credentialsFile
    }

    private enum CodingKeys: String, CodingKey {
        case type, credentials, credentialsFile = "credentials_file"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
        credentials = try c.decodeIfPresent(Secret.self, forKey: .credentials)
        credentialsFile = try c.decodeIfPresent(String.self, forKey: .credentialsFile)
    }

    /// The scheme with upstream's default applied.
    public var effectiveType: String {
        let t = type.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? "Bearer" : t
    }

    func validate() throws(BackendError) {
        if !(credentials?.value ?? "").isEmpty && !(credentialsFile ?? "").isEmpty {
            throw .configuration("at most one of authorization credentials & credentials_file must be configured")
        }
        if effectiveType.lowercased() == "basic" {
            throw .configuration(#"authorization type cannot be set to "basic", use "basic_auth" instead"#)
        }
    }
}

import Foundation
