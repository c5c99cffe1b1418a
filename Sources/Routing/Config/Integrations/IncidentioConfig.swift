import ConfigYAML

/// `incidentio_configs`: an incident.io alert source (`url` or `url_file`), authenticated by an alert
/// source token or an `http_config.authorization`.
public struct IncidentioConfig: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var url: SecretSource
    public var alertSourceToken: SecretSource
    public var maxAlerts: UInt64 = 0
    public var timeout = GoDurationValue.zero

    enum CodingKeys: String, CodingKey {
        case url, urlFile = "url_file", alertSourceToken = "alert_source_token"
        case alertSourceTokenFile = "alert_source_token_file", maxAlerts = "max_alerts", timeout
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let u = try c.decodeIfPresent(ConfigURL.self, forKey: .url)
        let file = try c.decodeIfPresent(String.self, forKey: .urlFile) ?? ""
        url = SecretSource(inline: u.map { Secret($0.text) }, file: file.isEmpty ? nil : file)
        alertSourceToken = try c.decodeSecret(.alertSourceToken, file: .alertSourceTokenFile)
        maxAlerts = try c.decodeIfPresent(UInt64.self, forKey: .maxAlerts) ?? 0
        timeout = try c.decodeIfPresent(GoDurationValue.self, forKey: .timeout) ?? .zero
        let hasToken = !(alertSourceToken.inline?.isEmpty ?? true), hasTokenFile = !(alertSourceToken.file ?? "").isEmpty
        if u == nil && file.isEmpty { throw ConfigValueError("one of url or url_file must be configured") }
        if u != nil && !file.isEmpty { throw ConfigValueError("at most one of url & url_file must be configured") }
        if hasToken && hasTokenFile {
            throw ConfigValueError("at most one of alert_source_token & alert_source_token_file must be configured")
        }
        if let h = httpConfig, h.authorization != nil, hasToken || hasTokenFile {
            throw ConfigValueError("cannot specify alert_source_token or alert_source_token_file when using http_config.authorization")
        }
        if let h = httpConfig, h.authorization == nil, !hasToken, !hasTokenFile {
            throw ConfigValueError("at least one of alert_source_token, alert_source_token_file or http_config.authorization must be configured")
        }
    }
}
