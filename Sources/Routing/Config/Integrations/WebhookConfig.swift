import ConfigYAML

/// `webhook_configs`: Alertmanager's JSON payload (version 4) posted to `url` or the URL in `url_file`.
public struct WebhookConfig: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    /// May hold a Go template (`https://hooks/{{ .GroupLabels.team }}`); validated as a URL otherwise.
    public var url: SecretSource
    /// At most this many alerts per notification; 0 means all.
    public var maxAlerts: UInt64 = 0
    /// 0 means no timeout beyond the notification's own.
    public var timeout = GoDurationValue.zero
    /// A custom payload template, when set.
    public var payload: ConfigAnyValue?

    enum CodingKeys: String, CodingKey { case url, urlFile = "url_file", maxAlerts = "max_alerts", timeout, payload }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let text = try c.decodeIfPresent(String.self, forKey: .url) ?? ""
        if !text.isEmpty, text != Secret.redacted, !text.contains("{{") {
            do { _ = try ConfigURL(validating: text) } catch {
                throw DecodingError.dataCorruptedError(forKey: .url, in: c, debugDescription: "invalid URL: \(error.message)")
            }
        }
        url = SecretSource(inline: text.isEmpty ? nil : Secret(text), file: try c.decodeIfPresent(String.self, forKey: .urlFile))
        maxAlerts = try c.decodeIfPresent(UInt64.self, forKey: .maxAlerts) ?? 0
        timeout = try c.decodeIfPresent(GoDurationValue.self, forKey: .timeout) ?? .zero
        payload = try c.decodeIfPresent(ConfigAnyValue.self, forKey: .payload)
        let hasFile = !(url.file ?? "").isEmpty
        if text.isEmpty && !hasFile { throw ConfigValueError("one of url or url_file must be configured") }
        if !text.isEmpty && hasFile { throw ConfigValueError("at most one of url & url_file must be configured") }
    }
}
