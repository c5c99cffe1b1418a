import ConfigYAML

/// `rocketchat_configs`: token and token ID may come from `global.rocketchat_*`.
public struct RocketchatConfig: Sendable, Hashable, Decodable {
    public struct Field: Sendable, Hashable, Decodable {
        public var short: Bool?
        public var title = ""
        public var value = ""
        enum CodingKeys: String, CodingKey { case short, title, value }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            short = try c.decodeIfPresent(Bool.self, forKey: .short)
            title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
            value = try c.decodeIfPresent(String.self, forKey: .value) ?? ""
        }
    }

    public struct Action: Sendable, Hashable, Decodable {
        public var type = ""
        public var text = ""
        public var url = ""
        public var msg = ""
        enum CodingKeys: String, CodingKey { case type, text, url, msg }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
            text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
            url = try c.decodeIfPresent(String.self, forKey: .url) ?? ""
            msg = try c.decodeIfPresent(String.self, forKey: .msg) ?? ""
        }
    }

    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var apiURL: ConfigURL?
    public var tokenID: SecretSource
    public var token: SecretSource
    public var channel = ""
    public var color = #"{{ if eq .Status "firing" }}red{{ else }}green{{ end }}"#
    public var title = defaultTemplate("rocketchat.default.title")
    public var titleLink = defaultTemplate("rocketchat.default.titlelink")
    public var text = defaultTemplate("rocketchat.default.text")
    public var fields: [Field] = []
    public var shortFields = false
    public var emoji = defaultTemplate("rocketchat.default.emoji")
    public var iconURL = defaultTemplate("rocketchat.default.iconurl")
    public var imageURL = ""
    public var thumbURL = ""
    public var linkNames = false
    public var actions: [Action] = []

    enum CodingKeys: String, CodingKey {
        case apiURL = "api_url", tokenID = "token_id", tokenIDFile = "token_id_file", token, tokenFile = "token_file"
        case channel, color, title, titleLink = "title_link", text, fields, shortFields = "short_fields", emoji
        case iconURL = "icon_url", imageURL = "image_url", thumbURL = "thumb_url", linkNames = "link_names", actions
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: false)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiURL = try c.decodeIfPresent(ConfigURL.self, forKey: .apiURL)
        tokenID = try c.decodeSecret(.tokenID, file: .tokenIDFile)
        token = try c.decodeSecret(.token, file: .tokenFile)
        channel = try c.decodeIfPresent(String.self, forKey: .channel) ?? ""
        color = try c.decodeIfPresent(String.self, forKey: .color) ?? color
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? title
        titleLink = try c.decodeIfPresent(String.self, forKey: .titleLink) ?? titleLink
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? text
        fields = try c.decodeIfPresent([Field].self, forKey: .fields) ?? []
        shortFields = try c.decodeIfPresent(Bool.self, forKey: .shortFields) ?? false
        emoji = try c.decodeIfPresent(String.self, forKey: .emoji) ?? emoji
        iconURL = try c.decodeIfPresent(String.self, forKey: .iconURL) ?? iconURL
        imageURL = try c.decodeIfPresent(String.self, forKey: .imageURL) ?? ""
        thumbURL = try c.decodeIfPresent(String.self, forKey: .thumbURL) ?? ""
        linkNames = try c.decodeIfPresent(Bool.self, forKey: .linkNames) ?? false
        actions = try c.decodeIfPresent([Action].self, forKey: .actions) ?? []
        // A pointer in Go: an empty `token:` still counts as given.
        if token.inline != nil && !(token.file ?? "").isEmpty { throw ConfigValueError("at most one of token & token_file must be configured") }
        if tokenID.inline != nil && !(tokenID.file ?? "").isEmpty {
            throw ConfigValueError("at most one of token_id & token_id_file must be configured")
        }
    }
}
