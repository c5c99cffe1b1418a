import ConfigYAML

/// `slack_configs`: an incoming webhook (`api_url`/`api_url_file`) or a bot token (`app_token`/
/// `app_token_file`, posted to `app_url`); the global Slack settings fill in what is missing.
public struct SlackConfig: Sendable, Hashable, Decodable {
    public struct Field: Sendable, Hashable, Decodable {
        public var title: String
        public var value: String
        public var short: Bool?
        enum CodingKeys: String, CodingKey { case title, value, short }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
            value = try c.decodeIfPresent(String.self, forKey: .value) ?? ""
            short = try c.decodeIfPresent(Bool.self, forKey: .short)
            if title.isEmpty { throw ConfigValueError("missing title in Slack field configuration") }
            if value.isEmpty { throw ConfigValueError("missing value in Slack field configuration") }
        }
    }

    public struct Confirmation: Sendable, Hashable, Decodable {
        public var text: String
        public var title = ""
        public var okText = ""
        public var dismissText = ""
        enum CodingKeys: String, CodingKey { case text, title, okText = "ok_text", dismissText = "dismiss_text" }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
            title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
            okText = try c.decodeIfPresent(String.self, forKey: .okText) ?? ""
            dismissText = try c.decodeIfPresent(String.self, forKey: .dismissText) ?? ""
            if text.isEmpty { throw ConfigValueError("missing text in Slack confirmation configuration") }
        }
    }

    public struct Action: Sendable, Hashable, Decodable {
        public var type: String
        public var text: String
        public var url = ""
        public var style = ""
        public var name = ""
        public var value = ""
        public var confirm: Confirmation?
        enum CodingKeys: String, CodingKey { case type, text, url, style, name, value, confirm }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
            text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
            url = try c.decodeIfPresent(String.self, forKey: .url) ?? ""
            style = try c.decodeIfPresent(String.self, forKey: .style) ?? ""
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
            value = try c.decodeIfPresent(String.self, forKey: .value) ?? ""
            confirm = try c.decodeIfPresent(Confirmation.self, forKey: .confirm)
            if type.isEmpty { throw ConfigValueError("missing type in Slack action configuration") }
            if text.isEmpty { throw ConfigValueError("missing text in Slack action configuration") }
            if !url.isEmpty {
                // A link button: the message-action fields do not apply.
                name = ""
                value = ""
                confirm = nil
            } else if name.isEmpty {
                throw ConfigValueError("missing name or url in Slack action configuration")
            }
        }
    }

    public static let postMessageURL = "https://slack.com/api/chat.postMessage"

    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var apiURL: SecretSource
    public var appToken: SecretSource
    public var appURL: ConfigURL?
    public var channel = ""
    public var username = defaultTemplate("slack.default.username")
    public var color = defaultTemplate("slack.default.color")
    public var title = defaultTemplate("slack.default.title")
    public var titleLink = defaultTemplate("slack.default.titlelink")
    public var pretext = defaultTemplate("slack.default.pretext")
    public var text = defaultTemplate("slack.default.text")
    public var messageText = ""
    public var fields: [Field] = []
    public var shortFields = false
    public var footer = defaultTemplate("slack.default.footer")
    public var fallback = defaultTemplate("slack.default.fallback")
    public var callbackID = defaultTemplate("slack.default.callbackid")
    public var iconEmoji = defaultTemplate("slack.default.iconemoji")
    public var iconURL = defaultTemplate("slack.default.iconurl")
    public var imageURL = ""
    public var thumbURL = ""
    public var linkNames = false
    public var mrkdwnIn: [String] = []
    public var actions: [Action] = []
    public var updateMessage = false
    public var timeout = GoDurationValue.zero

    enum CodingKeys: String, CodingKey {
        case apiURL = "api_url", apiURLFile = "api_url_file", appToken = "app_token", appTokenFile = "app_token_file"
        case appURL = "app_url", channel, username, color, title, titleLink = "title_link", pretext, text
        case messageText = "message_text", fields, shortFields = "short_fields", footer, fallback, callbackID = "callback_id"
        case iconEmoji = "icon_emoji", iconURL = "icon_url", imageURL = "image_url", thumbURL = "thumb_url"
        case linkNames = "link_names", mrkdwnIn = "mrkdwn_in", actions, updateMessage = "update_message", timeout
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: false)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let url = try c.decodeIfPresent(SecretURL.self, forKey: .apiURL)
        apiURL = SecretSource(inline: url?.secret, file: try c.decodeIfPresent(String.self, forKey: .apiURLFile))
        appToken = try c.decodeSecret(.appToken, file: .appTokenFile)
        appURL = try c.decodeIfPresent(ConfigURL.self, forKey: .appURL)
        func text(_ key: CodingKeys, _ current: String) throws -> String { try c.decodeIfPresent(String.self, forKey: key) ?? current }
        channel = try text(.channel, channel)
        username = try text(.username, username)
        color = try text(.color, color)
        title = try text(.title, title)
        titleLink = try text(.titleLink, titleLink)
        pretext = try text(.pretext, pretext)
        self.text = try text(.text, self.text)
        messageText = try text(.messageText, messageText)
        fields = try c.decodeIfPresent([Field].self, forKey: .fields) ?? []
        shortFields = try c.decodeIfPresent(Bool.self, forKey: .shortFields) ?? false
        footer = try text(.footer, footer)
        fallback = try text(.fallback, fallback)
        callbackID = try text(.callbackID, callbackID)
        iconEmoji = try text(.iconEmoji, iconEmoji)
        iconURL = try text(.iconURL, iconURL)
        imageURL = try text(.imageURL, imageURL)
        thumbURL = try text(.thumbURL, thumbURL)
        linkNames = try c.decodeIfPresent(Bool.self, forKey: .linkNames) ?? false
        mrkdwnIn = try c.decodeIfPresent([String].self, forKey: .mrkdwnIn) ?? []
        actions = try c.decodeIfPresent([Action].self, forKey: .actions) ?? []
        updateMessage = try c.decodeIfPresent(Bool.self, forKey: .updateMessage) ?? false
        timeout = try c.decodeIfPresent(GoDurationValue.self, forKey: .timeout) ?? .zero
        let hasURL = url != nil
        let hasURLFile = !(apiURL.file ?? "").isEmpty
        let hasToken = !(appToken.inline?.isEmpty ?? true)
        let hasTokenFile = !(appToken.file ?? "").isEmpty
        if hasURL && hasURLFile { throw ConfigValueError("at most one of api_url & api_url_file must be configured") }
        if hasToken && hasTokenFile { throw ConfigValueError("at most one of app_token & app_token_file must be configured") }
        if (hasURL || hasURLFile) && (hasToken || hasTokenFile) {
            throw ConfigValueError("at most one of api_url/api_url_file & app_token/app_token_file must be configured")
        }
        if updateMessage && url?.secret.revealed != Self.postMessageURL {
            throw ConfigValueError("update_message can only be used with bot tokens. api_url must be set to https://slack.com/api/chat.postMessage")
        }
    }
}
