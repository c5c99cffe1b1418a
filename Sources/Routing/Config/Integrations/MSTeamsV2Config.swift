import ConfigYAML

/// `msteamsv2_configs` (Power Automate workflows, adaptive cards).
public struct MSTeamsV2Config: Sendable, Hashable, Decodable {
    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var webhookURL: SecretSource
    public var title = defaultTemplate("msteamsv2.default.title")
    public var text = defaultTemplate("msteamsv2.default.text")

    enum CodingKeys: String, CodingKey { case title, text }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? title
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? text
        webhookURL = try Routing.webhookURL(decoder)
    }
}
