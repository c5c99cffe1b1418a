/// `web.auth:` — credentials the HTTP API and the web page require, each secret in a file (relative paths
/// are relative to vigil.yml) so it never sits in the configuration itself:
///
///     web:
///       auth:
///         basic_auth:
///           - {username: admin, password_file: secrets/web-password}
///         bearer_token_file: secrets/web-token
///
/// Any one of them is enough. The files are re-read when they change, so a rotated secret applies from the
/// next request on.
public struct WebAuthConfig: Sendable, Hashable, Decodable {
    public struct BasicUser: Sendable, Hashable, Decodable {
        public var username: String
        public var passwordFile: String

        enum CodingKeys: String, CodingKey { case username, passwordFile = "password_file" }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            username = try c.decode(String.self, forKey: .username)
            passwordFile = try c.decode(String.self, forKey: .passwordFile)
            guard !username.isEmpty, !username.contains(":") else {
                throw DecodingError.dataCorruptedError(forKey: .username, in: c, debugDescription: "username must be non-empty and without ':'")
            }
        }
    }

    public var basicAuth: [BasicUser]
    public var bearerTokenFile: String?

    enum CodingKeys: String, CodingKey { case basicAuth = "basic_auth", bearerTokenFile = "bearer_token_file" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        basicAuth = try c.decodeIfPresent([BasicUser].self, forKey: .basicAuth) ?? []
        bearerTokenFile = try c.decodeIfPresent(String.self, forKey: .bearerTokenFile)
        guard !basicAuth.isEmpty || bearerTokenFile != nil else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath,
                                                    debugDescription: "auth needs basic_auth users or a bearer_token_file"))
        }
    }
}
