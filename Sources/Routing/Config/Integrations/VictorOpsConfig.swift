import ConfigYAML

/// `victorops_configs`: the API key and URL may come from `global.victorops_api_key(_file)` and
/// `global.victorops_api_url`.
public struct VictorOpsConfig: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var apiKey: SecretSource
    public var apiURL: ConfigURL?
    public var routingKey: String
    public var messageType = "CRITICAL"
    public var stateMessage = defaultTemplate("victorops.default.state_message")
    public var entityDisplayName = defaultTemplate("victorops.default.entity_display_name")
    public var monitoringTool = defaultTemplate("victorops.default.monitoring_tool")
    public var customFields: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case apiKey = "api_key", apiKeyFile = "api_key_file", apiURL = "api_url", routingKey = "routing_key"
        case messageType = "message_type", stateMessage = "state_message", entityDisplayName = "entity_display_name"
        case monitoringTool = "monitoring_tool", customFields = "custom_fields"
    }

    static let reservedFields = ["routing_key", "message_type", "state_message", "entity_display_name", "monitoring_tool", "entity_id", "entity_state"]

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiKey = try c.decodeSecret(.apiKey, file: .apiKeyFile)
        apiURL = try c.decodeIfPresent(ConfigURL.self, forKey: .apiURL)
        routingKey = try c.decodeIfPresent(String.self, forKey: .routingKey) ?? ""
        messageType = try c.decodeIfPresent(String.self, forKey: .messageType) ?? messageType
        stateMessage = try c.decodeIfPresent(String.self, forKey: .stateMessage) ?? stateMessage
        entityDisplayName = try c.decodeIfPresent(String.self, forKey: .entityDisplayName) ?? entityDisplayName
        monitoringTool = try c.decodeIfPresent(String.self, forKey: .monitoringTool) ?? monitoringTool
        customFields = try c.decodeStringMap(forKey: .customFields) ?? [:]
        if routingKey.isEmpty { throw ConfigValueError("missing Routing key in VictorOps config") }
        if !(apiKey.inline?.isEmpty ?? true) && !(apiKey.file ?? "").isEmpty {
            throw ConfigValueError("at most one of api_key & api_key_file must be configured")
        }
        for f in Self.reservedFields where customFields[f] != nil {
            throw ConfigValueError("victorOps config contains custom field \(f) which cannot be used as it conflicts with the fixed/static fields")
        }
    }
}
