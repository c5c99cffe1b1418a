import ConfigYAML

/// `wechat_configs`: the secret, corp ID and URL may come from `global.wechat_*`.
public struct WechatConfig: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var apiSecret: SecretSource
    public var corpID = ""
    public var message = defaultTemplate("wechat.default.message")
    public var apiURL: ConfigURL?
    public var toUser = defaultTemplate("wechat.default.to_user")
    public var toParty = defaultTemplate("wechat.default.to_party")
    public var toTag = defaultTemplate("wechat.default.to_tag")
    public var agentID = defaultTemplate("wechat.default.agent_id")
    /// text or markdown.
    public var messageType = "text"

    enum CodingKeys: String, CodingKey {
        case apiSecret = "api_secret", apiSecretFile = "api_secret_file", corpID = "corp_id", message, apiURL = "api_url"
        case toUser = "to_user", toParty = "to_party", toTag = "to_tag", agentID = "agent_id", messageType = "message_type"
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: false)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiSecret = try c.decodeSecret(.apiSecret, file: .apiSecretFile)
        corpID = try c.decodeIfPresent(String.self, forKey: .corpID) ?? ""
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? message
        apiURL = try c.decodeIfPresent(ConfigURL.self, forKey: .apiURL)
        toUser = try c.decodeIfPresent(String.self, forKey: .toUser) ?? toUser
        toParty = try c.decodeIfPresent(String.self, forKey: .toParty) ?? toParty
        toTag = try c.decodeIfPresent(String.self, forKey: .toTag) ?? toTag
        agentID = try c.decodeIfPresent(String.self, forKey: .agentID) ?? agentID
        messageType = try c.decodeIfPresent(String.self, forKey: .messageType) ?? ""
        if messageType.isEmpty { messageType = "text" }
        if messageType != "text" && messageType != "markdown" {
            throw ConfigValueError("weChat message type \"\(messageType)\" does not match valid options ^(text|markdown)$")
        }
        if !(apiSecret.inline?.isEmpty ?? true) && !(apiSecret.file ?? "").isEmpty {
            throw ConfigValueError("at most one of api_secret & api_secret_file must be configured")
        }
    }
}
