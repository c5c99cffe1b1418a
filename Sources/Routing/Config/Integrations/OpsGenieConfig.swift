import ConfigYAML
import TimeSeries

/// `opsgenie_configs`: the API key and URL may come from `global.opsgenie_api_key(_file)` and
/// `global.opsgenie_api_url`.
public struct OpsGenieConfig: Sendable, Hashable, Decodable {
    public struct Responder: Sendable, Hashable, Decodable, CustomStringConvertible {
        public var id = ""
        public var name = ""
        public var username = ""
        /// team, teams, user, escalation or schedule (lower-cased), or a template.
        public var type = ""
        enum CodingKeys: String, CodingKey { case id, name, username, type }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
            username = try c.decodeIfPresent(String.self, forKey: .username) ?? ""
            type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
        }
        /// Go's `%v` of the struct.
        public var description: String { "{\(id) \(name) \(username) \(type)}" }
    }

    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var apiKey: SecretSource
    public var apiURL: ConfigURL?
    public var message = defaultTemplate("opsgenie.default.message")
    public var description = defaultTemplate("opsgenie.default.description")
    public var source = defaultTemplate("opsgenie.default.source")
    public var details: [String: String] = [:]
    public var entity = ""
    public var responders: [Responder] = []
    public var actions = ""
    public var tags = ""
    public var note = ""
    public var priority = ""
    public var updateAlerts = false

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key", apiKeyFile = "api_key_file", apiURL = "api_url", message, description, source, details
        case entity, responders, actions, tags, note, priority, updateAlerts = "update_alerts"
    }

    static let responderTypes = ["team", "teams", "user", "escalation", "schedule"]

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiKey = try c.decodeSecret(.apiKey, file: .apiKeyFile)
        apiURL = try c.decodeIfPresent(ConfigURL.self, forKey: .apiURL)
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? message
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? description
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? source
        details = try c.decodeStringMap(forKey: .details) ?? [:]
        entity = try c.decodeIfPresent(String.self, forKey: .entity) ?? ""
        responders = try c.decodeIfPresent([Responder].self, forKey: .responders) ?? []
        actions = try c.decodeIfPresent(String.self, forKey: .actions) ?? ""
        tags = try c.decodeIfPresent(String.self, forKey: .tags) ?? ""
        note = try c.decodeIfPresent(String.self, forKey: .note) ?? ""
        priority = try c.decodeIfPresent(String.self, forKey: .priority) ?? ""
        updateAlerts = try c.decodeIfPresent(Bool.self, forKey: .updateAlerts) ?? false
        if !(apiKey.inline?.isEmpty ?? true) && !(apiKey.file ?? "").isEmpty {
            throw ConfigValueError("at most one of api_key & api_key_file must be configured")
        }
        for i in responders.indices {
            let r = responders[i]
            if r.id.isEmpty && r.username.isEmpty && r.name.isEmpty {
                throw ConfigValueError("opsGenieConfig responder \(r) has to have at least one of id, username or name specified")
            }
            if !r.type.contains("{{") {
                responders[i].type = r.type.lowercased()
                if !Self.responderTypes.contains(responders[i].type) {
                    throw ConfigValueError("opsGenieConfig responder \(responders[i]) type does not match valid options ^(team|teams|user|escalation|schedule)$")
                }
            }
        }
    }
}
