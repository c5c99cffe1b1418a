import ConfigYAML

/// `mattermost_configs`: the webhook URL may come from `global.mattermost_webhook_url(_file)`.
public struct MattermostConfig: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var webhookURL: SecretSource
    public var channel = ""
    public var username = defaultTemplate("mattermost.default.username")
    public var text = defaultTemplate("mattermost.default.text")
    public var fallback = defaultTemplate("mattermost.default.fallback")
    public var color = defaultTemplate("mattermost.default.color")
    public var title = defaultTemplate("mattermost.default.title")
    public var titleLink = defaultTemplate("mattermost.default.titlelink")
    /// Every other field (`pretext`, `author_*`, `fields`, `attachments`, `props`, `priority`, ...), as written.
    public var extra: [String: ConfigAnyValue] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case channel, username, text, fallback, color, title, titleLink = "title_link"
        case pretext, authorName = "author_name", authorLink = "author_link", authorIcon = "author_icon", fields
        case thumbURL = "thumb_url", footer, footerIcon = "footer_icon", imageURL = "image_url", iconURL = "icon_url"
        case iconEmoji = "icon_emoji", attachments, type, props, priority
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        channel = try c.decodeIfPresent(String.self, forKey: .channel) ?? channel
        username = try c.decodeIfPresent(String.self, forKey: .username) ?? username
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? text
        fallback = try c.decodeIfPresent(String.self, forKey: .fallback) ?? fallback
        color = try c.decodeIfPresent(String.self, forKey: .color) ?? color
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? title
        titleLink = try c.decodeIfPresent(String.self, forKey: .titleLink) ?? titleLink
        for key in [CodingKeys.pretext, .authorName, .authorLink, .authorIcon, .thumbURL, .footer, .footerIcon, .imageURL,
                    .iconURL, .iconEmoji, .type] {
            if let v = try c.decodeIfPresent(String.self, forKey: key) { extra[key.rawValue] = .string(v) }
        }
        if let fields = try c.decodeIfPresent([MattermostField].self, forKey: .fields) { extra["fields"] = .list(fields.map(\.value)) }
        if let attachments = try c.decodeIfPresent([MattermostAttachment].self, forKey: .attachments) {
            extra["attachments"] = .list(attachments.map(\.value))
        }
        if let props = try c.decodeIfPresent(MattermostProps.self, forKey: .props) { extra["props"] = props.value }
        if let priority = try c.decodeIfPresent(MattermostPriority.self, forKey: .priority) { extra["priority"] = priority.value }
        webhookURL = try Routing.webhookURL(decoder, required: false)
    }
}

/// Mattermost's nested objects, strict about their fields.
struct MattermostField: Decodable {
    let value: ConfigAnyValue
    enum CodingKeys: String, CodingKey { case title, value, short }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
        let v = try c.decodeIfPresent(String.self, forKey: .value) ?? ""
        let short = try c.decodeIfPresent(Bool.self, forKey: .short)
        if title.isEmpty { throw ConfigValueError("missing title in Mattermost field configuration") }
        if v.isEmpty { throw ConfigValueError("missing value in Mattermost field configuration") }
        var keys = ["title", "value"]
        var map: [String: ConfigAnyValue] = ["title": .string(title), "value": .string(v)]
        if let short { keys.append("short"); map["short"] = .bool(short) }
        value = .map(keys, map)
    }
}

struct MattermostAttachment: Decodable {
    let value: ConfigAnyValue
    enum CodingKeys: String, CodingKey, CaseIterable {
        case fallback, color, pretext, text, authorName = "author_name", authorLink = "author_link", authorIcon = "author_icon"
        case title, titleLink = "title_link", fields, thumbURL = "thumb_url", footer, footerIcon = "footer_icon", imageURL = "image_url"
    }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var keys: [String] = []
        var map: [String: ConfigAnyValue] = [:]
        for key in CodingKeys.allCases where key != .fields {
            if let v = try c.decodeIfPresent(String.self, forKey: key) { keys.append(key.rawValue); map[key.rawValue] = .string(v) }
        }
        if let f = try c.decodeIfPresent([MattermostField].self, forKey: .fields) { keys.append("fields"); map["fields"] = .list(f.map(\.value)) }
        value = .map(keys, map)
    }
}

struct MattermostProps: Decodable {
    let value: ConfigAnyValue
    enum CodingKeys: String, CodingKey { case card }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let card = try c.decodeIfPresent(String.self, forKey: .card) ?? ""
        value = .map(["card"], ["card": .string(card)])
    }
}

struct MattermostPriority: Decodable {
    let value: ConfigAnyValue
    enum CodingKeys: String, CodingKey { case priority, requestedAck = "requested_ack", persistentNotifications = "persistent_notifications" }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let p = try c.decodeIfPresent(String.self, forKey: .priority) ?? ""
        let ack = try c.decodeIfPresent(Bool.self, forKey: .requestedAck) ?? false
        let persistent = try c.decodeIfPresent(Bool.self, forKey: .persistentNotifications) ?? false
        value = .map(["priority", "requested_ack", "persistent_notifications"],
                     ["priority": .string(p), "requested_ack": .bool(ack), "persistent_notifications": .bool(persistent)])
    }
}
