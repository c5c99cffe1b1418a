import ConfigYAML

/// `msteams_configs` (the retired Office 365 connector cards).
public struct MSTeamsConfig: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var webhookURL: SecretSource
    public var title = defaultTemplate("msteams.default.title")
    public var summary = defaultTemplate("msteams.default.summary")
    public var text = defaultTemplate("msteams.default.text")

    enum CodingKeys: String, CodingKey { case title, summary, text }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? title
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? summary
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? text
        webhookURL = try Routing.webhookURL(decoder)
    }
}
