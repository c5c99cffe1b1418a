import ConfigYAML

/// `discord_configs`.
public struct DiscordConfig: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var webhookURL: SecretSource
    public var content = ""
    public var title = defaultTemplate("discord.default.title")
    public var message = defaultTemplate("discord.default.message")
    public var username = ""
    public var avatarURL = ""

    enum CodingKeys: String, CodingKey { case content, title, message, username, avatarURL = "avatar_url" }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        content = try c.decodeIfPresent(String.self, forKey: .content) ?? content
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? title
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? message
        username = try c.decodeIfPresent(String.self, forKey: .username) ?? username
        avatarURL = try c.decodeIfPresent(String.self, forKey: .avatarURL) ?? avatarURL
        webhookURL = try Routing.webhookURL(decoder)
    }
}
