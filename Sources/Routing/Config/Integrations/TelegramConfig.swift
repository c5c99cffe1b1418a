import ConfigYAML

/// `telegram_configs`: the bot token may come from `global.telegram_bot_token(_file)`.
public struct TelegramConfig: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    /// Set from `global.telegram_api_url` when not given.
    public var apiURL: ConfigURL?
    public var botToken: SecretSource
    public var chatID: Int64 = 0
    public var chatIDFile = ""
    public var messageThreadID = 0
    public var message = defaultTemplate("telegram.default.message")
    public var disableNotifications = false
    public var parseMode = "HTML"

    enum CodingKeys: String, CodingKey {
        case apiURL = "api_url", botToken = "bot_token", botTokenFile = "bot_token_file", chatID = "chat_id"
        case chatIDFile = "chat_id_file", messageThreadID = "message_thread_id", message
        case disableNotifications = "disable_notifications", parseMode = "parse_mode"
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiURL = try c.decodeIfPresent(ConfigURL.self, forKey: .apiURL)
        botToken = try c.decodeSecret(.botToken, file: .botTokenFile)
        chatID = try c.decodeIfPresent(Int64.self, forKey: .chatID) ?? 0
        chatIDFile = try c.decodeIfPresent(String.self, forKey: .chatIDFile) ?? ""
        messageThreadID = try c.decodeIfPresent(Int.self, forKey: .messageThreadID) ?? 0
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? message
        disableNotifications = try c.decodeIfPresent(Bool.self, forKey: .disableNotifications) ?? false
        parseMode = try c.decodeIfPresent(String.self, forKey: .parseMode) ?? parseMode
        if !(botToken.inline?.isEmpty ?? true) && !(botToken.file ?? "").isEmpty {
            throw ConfigValueError("at most one of bot_token & bot_token_file must be configured")
        }
        if chatID == 0 && chatIDFile.isEmpty { throw ConfigValueError("missing chat_id or chat_id_file on telegram_config") }
        if chatID != 0 && !chatIDFile.isEmpty { throw ConfigValueError("at most one of chat_id & chat_id_file must be configured") }
        if !["", "Markdown", "MarkdownV2", "HTML"].contains(parseMode) {
            throw ConfigValueError("unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty string")
        }
    }
}
