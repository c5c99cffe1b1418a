import ConfigYAML

/// `pushover_configs`.
public struct PushoverConfig: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var userKey: SecretSource
    public var token: SecretSource
    public var title = defaultTemplate("pushover.default.title")
    public var message = defaultTemplate("pushover.default.message")
    public var url = defaultTemplate("pushover.default.url")
    public var urlTitle = ""
    public var device = ""
    public var sound = ""
    /// Emergency (2) while firing, normal (0) when resolved.
    public var priority = #"{{ if eq .Status "firing" }}2{{ else }}0{{ end }}"#
    public var retry = GoDurationValue(nanoseconds: 60_000_000_000)
    public var expire = GoDurationValue(nanoseconds: 3_600_000_000_000)
    public var ttl = GoDurationValue.zero
    public var html = false
    public var monospace = false

    enum CodingKeys: String, CodingKey {
        case userKey = "user_key", userKeyFile = "user_key_file", token, tokenFile = "token_file", title, message, url
        case urlTitle = "url_title", device, sound, priority, retry, expire, ttl, html, monospace
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        userKey = try c.decodeSecret(.userKey, file: .userKeyFile)
        token = try c.decodeSecret(.token, file: .tokenFile)
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? title
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? message
        url = try c.decodeIfPresent(String.self, forKey: .url) ?? url
        urlTitle = try c.decodeIfPresent(String.self, forKey: .urlTitle) ?? ""
        device = try c.decodeIfPresent(String.self, forKey: .device) ?? ""
        sound = try c.decodeIfPresent(String.self, forKey: .sound) ?? ""
        priority = try c.decodeIfPresent(String.self, forKey: .priority) ?? priority
        retry = try c.decodeIfPresent(GoDurationValue.self, forKey: .retry) ?? retry
        expire = try c.decodeIfPresent(GoDurationValue.self, forKey: .expire) ?? expire
        ttl = try c.decodeIfPresent(GoDurationValue.self, forKey: .ttl) ?? .zero
        html = try c.decodeIfPresent(Bool.self, forKey: .html) ?? false
        monospace = try c.decodeIfPresent(Bool.self, forKey: .monospace) ?? false
        for (s, name) in [(userKey, "user_key"), (token, "token")] {
            let inline = !(s.inline?.isEmpty ?? true), file = !(s.file ?? "").isEmpty
            if !inline && !file { throw ConfigValueError("one of \(name) or \(name)_file must be configured") }
            if inline && file { throw ConfigValueError("at most one of \(name) & \(name)_file must be configured") }
        }
        if html && monospace { throw ConfigValueError("at most one of monospace & html must be configured") }
    }
}
