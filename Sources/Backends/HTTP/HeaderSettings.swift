/// One entry of `http_headers`: Prometheus's `config.Header`. Every value, secret and file content is
/// added as its own header line, in that order.
public struct HeaderSettings: Sendable, Hashable, Codable {
    public var values: [String]
    public var secrets: [Secret]
    /// Files whose trimmed content is a value, re-read when they change.
    public var files: [String]

    public init(values: [String] = [], secrets: [Secret] = [], files: [String] = []) {
        self.values = values
        self.secrets = secrets
        self.files = files
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        values = try c.decodeIfPresent([String].self, forKey: .values) ?? []
        secrets = try c.decodeIfPresent([Secret].self, forKey: .secrets) ?? []
        files = try c.decodeIfPresent([String].self, forKey: .files) ?? []
    }

    /// Headers a configuration may not set (upstream's `config.ReservedHeaders`): the clients own them.
    public static let reserved: Set<String> = [
        "authorization", "host", "content-encoding", "content-length", "content-type", "user-agent",
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "www-authenticate",
        "accept-encoding", "x-prometheus-remote-write-version", "x-prometheus-remote-read-version",
        "x-prometheus-scrape-timeout-seconds", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256",
    ]

    /// Go's `http.CanonicalHeaderKey` for the error message (`x-scope-orgid` → `X-Scope-Orgid`).
    static func canonical(_ name: String) -> String {
        var out = ""
        var upper = true
        for ch in name {
            out.append(upper ? Character(ch.uppercased()) : Character(ch.lowercased()))
            upper = ch == "-"
        }
        return out
    }
}
