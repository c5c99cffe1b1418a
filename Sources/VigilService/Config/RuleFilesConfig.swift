import ConfigYAML

/// One entry of `rule_files:` — a path or glob, and the datasource its rules are evaluated against.
///
/// ```yaml
/// rule_files:
///   - path: rules/*.prometheusrule.yaml
///     datasource: prometheus
///   - path: rules/loki-alerts.configmap.yaml
///     datasource: loki
///   - rules/extra.yaml          # shorthand: the only datasource (or the only one of type prometheus)
/// ```
/// Relative paths are relative to the folder of `vigil.yml`. A Loki datasource's files are read as
/// LogQL rules, a Prometheus one's as PromQL.
public struct RuleFilesConfig: Sendable, Hashable, Decodable {
    public var path: String
    /// Nil in the shorthand form: the default datasource (see `VigilConfig.defaultDatasource`).
    public var datasource: String?

    enum CodingKeys: String, CodingKey { case path, datasource }

    public init(path: String, datasource: String? = nil) {
        self.path = path
        self.datasource = datasource
    }

    public init(from decoder: any Decoder) throws {
        if let path = try? decoder.singleValueContainer().decode(String.self) {
            self.path = path
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        datasource = try c.decodeIfPresent(String.self, forKey: .datasource)
        guard !path.isEmpty else { throw DecodingError.dataCorruptedError(forKey: .path, in: c, debugDescription: "path must not be empty") }
    }
}
