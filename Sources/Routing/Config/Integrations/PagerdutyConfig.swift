import ConfigYAML

/// `pagerduty_configs`: Events API v2 with `routing_key`, or v1 with `service_key`.
public struct PagerdutyConfig: Sendable, Hashable, Decodable {
    public struct Link: Sendable, Hashable, Decodable {
        public var href = ""
        public var text = ""
        enum CodingKeys: String, CodingKey { case href, text }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            href = try c.decodeIfPresent(String.self, forKey: .href) ?? ""
            text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        }
    }

    public struct Image: Sendable, Hashable, Decodable {
        public var src = ""
        public var alt = ""
        public var href = ""
        enum CodingKeys: String, CodingKey { case src, alt, href }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            src = try c.decodeIfPresent(String.self, forKey: .src) ?? ""
            alt = try c.decodeIfPresent(String.self, forKey: .alt) ?? ""
            href = try c.decodeIfPresent(String.self, forKey: .href) ?? ""
        }
    }

    /// The details added when not given (`firing`, `resolved`, `num_firing`, `num_resolved`).
    public static let defaultDetails: [String: ConfigAnyValue] = [
        "firing": .string("{{ .Alerts.Firing | toJson }}"),
        "resolved": .string("{{ .Alerts.Resolved | toJson }}"),
        "num_firing": .string("{{ .Alerts.Firing | len }}"),
        "num_resolved": .string("{{ .Alerts.Resolved | len }}"),
    ]

    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var serviceKey: SecretSource
    public var routingKey: SecretSource
    /// Set from `global.pagerduty_url` when not given.
    public var url: ConfigURL?
    public var client = defaultTemplate("pagerduty.default.client")
    public var clientURL = defaultTemplate("pagerduty.default.clientURL")
    public var description = "{{ template \"pagerduty.default.description\" .}}"
    public var details: [String: ConfigAnyValue] = [:]
    public var images: [Image] = []
    public var links: [Link] = []
    /// Defaults to `client`.
    public var source = ""
    public var severity = ""
    public var eventClass = ""
    public var component = ""
    public var group = ""
    public var timeout = GoDurationValue.zero

    enum CodingKeys: String, CodingKey {
        case serviceKey = "service_key", serviceKeyFile = "service_key_file", routingKey = "routing_key"
        case routingKeyFile = "routing_key_file", url, client, clientURL = "client_url", description, details, images, links
        case source, severity, eventClass = "class", component, group, timeout
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serviceKey = try c.decodeSecret(.serviceKey, file: .serviceKeyFile)
        routingKey = try c.decodeSecret(.routingKey, file: .routingKeyFile)
        url = try c.decodeIfPresent(ConfigURL.self, forKey: .url)
        client = try c.decodeIfPresent(String.self, forKey: .client) ?? client
        clientURL = try c.decodeIfPresent(String.self, forKey: .clientURL) ?? clientURL
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? description
        details = try c.decodeIfPresent([String: ConfigAnyValue].self, forKey: .details) ?? [:]
        images = try c.decodeIfPresent([Image].self, forKey: .images) ?? []
        links = try c.decodeIfPresent([Link].self, forKey: .links) ?? []
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
        severity = try c.decodeIfPresent(String.self, forKey: .severity) ?? ""
        eventClass = try c.decodeIfPresent(String.self, forKey: .eventClass) ?? ""
        component = try c.decodeIfPresent(String.self, forKey: .component) ?? ""
        group = try c.decodeIfPresent(String.self, forKey: .group) ?? ""
        timeout = try c.decodeIfPresent(GoDurationValue.self, forKey: .timeout) ?? .zero
        let has = { (s: SecretSource) in (inline: !(s.inline?.isEmpty ?? true), file: !(s.file ?? "").isEmpty) }
        let r = has(routingKey), s = has(serviceKey)
        if !r.inline && !r.file && !s.inline && !s.file { throw ConfigValueError("missing service or routing key in PagerDuty config") }
        if r.inline && r.file { throw ConfigValueError("at most one of routing_key & routing_key_file must be configured") }
        if s.inline && s.file { throw ConfigValueError("at most one of service_key & service_key_file must be configured") }
        if source.isEmpty { source = client }
        for (k, v) in Self.defaultDetails where details[k] == nil { details[k] = v }
    }
}
