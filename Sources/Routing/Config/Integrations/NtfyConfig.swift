import ConfigYAML

/// `ntfy_configs`: a Vigil extension (Alertmanager 0.34 has no ntfy integration and rejects the key).
/// Publishes to an ntfy server (`url`, https://ntfy.sh by default) on `topic`; the access token
/// (`token`/`token_file`) is sent as `Authorization: Bearer`. Every text field is a template.
public struct NtfyConfig: Sendable, Hashable, Decodable {
    public static let defaultURL = "https://ntfy.sh"

    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var url: ConfigURL
    public var topic = ""
    public var token: SecretSource
    public var title = defaultTemplate("__subject")
    public var message = "{{ template \"__text_alert_list\" .Alerts }}"
    /// 1–5 or ntfy's names (`min`, `low`, `default`, `high`, `max`/`urgent`) after rendering; empty
    /// leaves ntfy's default.
    public var priority = #"{{ if eq .Status "firing" }}high{{ else }}default{{ end }}"#
    public var tags = [#"{{ if eq .Status "firing" }}rotating_light{{ else }}white_check_mark{{ end }}"#]
    public var click = defaultTemplate("__alertmanagerURL")
    public var markdown = false

    enum CodingKeys: String, CodingKey {
        case url, topic, token, tokenFile = "token_file", title, message, priority, tags, click, markdown
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decodeIfPresent(ConfigURL.self, forKey: .url) ?? ConfigURL(unchecked: Self.defaultURL)
        topic = try c.decodeIfPresent(String.self, forKey: .topic) ?? ""
        token = try c.decodeSecret(.token, file: .tokenFile)
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? title
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? message
        priority = try c.decodeIfPresent(String.self, forKey: .priority) ?? priority
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? tags
        click = try c.decodeIfPresent(String.self, forKey: .click) ?? click
        markdown = try c.decodeIfPresent(Bool.self, forKey: .markdown) ?? false
        if topic.isEmpty { throw ConfigValueError("missing topic in ntfy config") }
        if !(token.inline?.isEmpty ?? true) && !(token.file ?? "").isEmpty {
            throw ConfigValueError("at most one of token & token_file must be configured")
        }
        if !token.isEmpty && httpConfig?.authorization != nil {
            throw ConfigValueError("http authorization can't be set together with an ntfy token")
        }
    }
}
