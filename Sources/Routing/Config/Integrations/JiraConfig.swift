import ConfigYAML
import TimeSeries

/// `jira_configs`: the API URL may come from `global.jira_api_url`.
public struct JiraConfig: Sendable, Hashable, Decodable {
    /// A templated field, written as a string or as `{template: ..., enable_update: ...}`.
    public struct Field: Sendable, Hashable, Decodable {
        public var template: String
        public var enableUpdate: Bool?
        enum CodingKeys: String, CodingKey { case template, enableUpdate = "enable_update" }
        init(template: String) {
            self.template = template
            enableUpdate = nil
        }
        public init(from decoder: any Decoder) throws {
            if let s = try? decoder.singleValueContainer().decode(String.self) {
                template = s
                return
            }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            template = try c.decodeIfPresent(String.self, forKey: .template) ?? ""
            enableUpdate = try c.decodeIfPresent(Bool.self, forKey: .enableUpdate)
        }
    }

    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var apiURL: ConfigURL?
    /// auto, cloud or datacenter.
    public var apiType = "auto"
    public var project: String
    public var summary = Field(template: defaultTemplate("jira.default.summary"))
    public var description = Field(template: defaultTemplate("jira.default.description"))
    public var labels: [String] = []
    public var priority = defaultTemplate("jira.default.priority")
    public var issueType: String
    public var reopenTransition = ""
    public var resolveTransition = ""
    public var wontFixResolution = ""
    public var reopenDuration = PromDuration.zero
    public var fields: [String: ConfigAnyValue] = [:]

    enum CodingKeys: String, CodingKey {
        case apiURL = "api_url", apiType = "api_type", project, summary, description, labels, priority, issueType = "issue_type"
        case reopenTransition = "reopen_transition", resolveTransition = "resolve_transition"
        case wontFixResolution = "wont_fix_resolution", reopenDuration = "reopen_duration", fields
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiURL = try c.decodeIfPresent(ConfigURL.self, forKey: .apiURL)
        apiType = try c.decodeIfPresent(String.self, forKey: .apiType) ?? apiType
        project = try c.decodeIfPresent(String.self, forKey: .project) ?? ""
        summary = try c.decodeIfPresent(Field.self, forKey: .summary) ?? summary
        description = try c.decodeIfPresent(Field.self, forKey: .description) ?? description
        labels = try c.decodeIfPresent([String].self, forKey: .labels) ?? []
        priority = try c.decodeIfPresent(String.self, forKey: .priority) ?? priority
        issueType = try c.decodeIfPresent(String.self, forKey: .issueType) ?? ""
        reopenTransition = try c.decodeIfPresent(String.self, forKey: .reopenTransition) ?? ""
        resolveTransition = try c.decodeIfPresent(String.self, forKey: .resolveTransition) ?? ""
        wontFixResolution = try c.decodeIfPresent(String.self, forKey: .wontFixResolution) ?? ""
        reopenDuration = try c.decodeIfPresent(PromDuration.self, forKey: .reopenDuration) ?? .zero
        fields = try c.decodeIfPresent([String: ConfigAnyValue].self, forKey: .fields) ?? [:]
        if project.isEmpty { throw ConfigValueError("missing project in jira_config") }
        if issueType.isEmpty { throw ConfigValueError("missing issue_type in jira_config") }
        if !["auto", "cloud", "datacenter"].contains(apiType) {
            throw ConfigValueError("unknown api_type on jira_config, must be auto, cloud or datacenter")
        }
    }
}
