import ConfigYAML
import TimeSeries

/// `global:` — what every rule group shares, with Prometheus's names and defaults.
public struct GlobalConfig: Sendable, Hashable, Decodable {
    /// How often a group without its own `interval` is evaluated (default 1m).
    public var evaluationInterval = PromDuration(milliseconds: 60_000)
    /// Subtracted from the evaluation time of groups without their own `query_offset` (default 0s).
    public var ruleQueryOffset = PromDuration(milliseconds: 0)
    /// Added to every alert (where the alert has no label of that name) and every remote-written series.
    public var externalLabels: [String: String] = [:]
    /// The URL people reach Vigil at: alerts link to it (`generatorURL`), templates see it as `$externalURL`.
    public var externalURL = ""

    public init() {}

    enum CodingKeys: String, CodingKey {
        case evaluationInterval = "evaluation_interval", ruleQueryOffset = "rule_query_offset"
        case externalLabels = "external_labels", externalURL = "external_url"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let interval = try c.decodeIfPresent(PromDuration.self, forKey: .evaluationInterval) {
            guard interval.milliseconds > 0 else {
                throw DecodingError.dataCorruptedError(forKey: .evaluationInterval, in: c, debugDescription: "evaluation_interval must be positive")
            }
            evaluationInterval = interval
        }
        ruleQueryOffset = try c.decodeIfPresent(PromDuration.self, forKey: .ruleQueryOffset) ?? ruleQueryOffset
        externalLabels = try c.decodeIfPresent([String: String].self, forKey: .externalLabels) ?? [:]
        for name in externalLabels.keys where !LabelNames.isValidUTF8Name(name) {
            throw DecodingError.dataCorruptedError(forKey: .externalLabels, in: c, debugDescription: "invalid external label name \"\(name)\"")
        }
        externalURL = try c.decodeIfPresent(String.self, forKey: .externalURL) ?? ""
        if !externalURL.isEmpty, !(externalURL.hasPrefix("http://") || externalURL.hasPrefix("https://")) {
            throw DecodingError.dataCorruptedError(forKey: .externalURL, in: c, debugDescription: "external_url must start with http:// or https://")
        }
        while externalURL.hasSuffix("/") { externalURL.removeLast() }
    }

    public var externalLabelSet: Labels { Labels(externalLabels.map { Label($0.key, $0.value) }) }
}
