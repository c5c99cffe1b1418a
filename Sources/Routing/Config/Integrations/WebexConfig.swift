import ConfigYAML

/// `webex_configs`: needs `room_id` and an `http_config.authorization` (the bot token).
public struct WebexConfig: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    /// Set from `global.webex_api_url` when not given.
    public var apiURL: ConfigURL?
    public var message = defaultTemplate("webex.default.message")
    public var roomID: String

    enum CodingKeys: String, CodingKey { case apiURL = "api_url", message, roomID = "room_id" }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiURL = try c.decodeIfPresent(ConfigURL.self, forKey: .apiURL)
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? message
        roomID = try c.decodeIfPresent(String.self, forKey: .roomID) ?? ""
        if roomID.isEmpty { throw ConfigValueError("missing room_id on webex_config") }
        if httpConfig?.authorization == nil { throw ConfigValueError("missing webex_configs.http_config.authorization") }
    }
}
