import ConfigYAML
import Foundation
import TimeSeries

/// `vigil.yml`: the service's configuration. Every section is optional — a file with only `alerting` runs
/// just the router, one without it just the ruler — and unknown fields are errors with their line and
/// column. Relative paths (rule files, secret and TLS files, the Alertmanager configuration, storage) are
/// relative to the file's folder.
///
/// ```yaml
/// global:
///   evaluation_interval: 1m
///   external_labels: {cluster: homelab}
///   external_url: https://vigil.example.org
/// datasources:
///   - {name: prometheus, type: prometheus, url: http://prometheus:9090}
///   - {name: loki, type: loki, url: http://loki:3100}
/// rule_files:
///   - {path: rules/*.prometheusrule.yaml, datasource: prometheus}
///   - {path: rules/*.configmap.yaml, datasource: loki}
/// alerting:
///   config_file: alertmanager.yml
///   alertmanagers: [{url: http://alertmanager:9093}]
/// remote_write:
///   - url: http://prometheus:9090/api/v1/write
/// storage:
///   path: /var/lib/vigil
/// web:
///   listen_address: 0.0.0.0:9096
/// ```
public struct VigilConfig: Sendable, Hashable, Decodable {
    public var global = GlobalConfig()
    public var datasources: [DatasourceConfig] = []
    public var ruleFiles: [RuleFilesConfig] = []
    public var alerting: AlertingConfig?
    public var remoteWrite: [RemoteWriteConfig] = []
    public var storage: StorageConfig?
    public var web = WebConfig()
    /// The folder of the configuration file, against which relative paths are resolved.
    public var directory = "."

    public init() {}

    enum CodingKeys: String, CodingKey {
        case global, datasources, ruleFiles = "rule_files", alerting, remoteWrite = "remote_write", storage, web
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        global = try c.decodeIfPresent(GlobalConfig.self, forKey: .global) ?? GlobalConfig()
        datasources = try c.decodeIfPresent([DatasourceConfig].self, forKey: .datasources) ?? []
        var seen: Set<String> = []
        for d in datasources where !seen.insert(d.name).inserted {
            throw DecodingError.dataCorruptedError(forKey: .datasources, in: c, debugDescription: "datasource name \"\(d.name)\" is used twice")
        }
        ruleFiles = try c.decodeIfPresent([RuleFilesConfig].self, forKey: .ruleFiles) ?? []
        alerting = try c.decodeIfPresent(AlertingConfig.self, forKey: .alerting)
        remoteWrite = try c.decodeIfPresent([RemoteWriteConfig].self, forKey: .remoteWrite) ?? []
        storage = try c.decodeIfPresent(StorageConfig.self, forKey: .storage)
        web = try c.decodeIfPresent(WebConfig.self, forKey: .web) ?? WebConfig()
        if let problem = ruleFilesProblem() {
            throw DecodingError.dataCorruptedError(forKey: .ruleFiles, in: c, debugDescription: problem)
        }
    }

    /// The datasource of shorthand `rule_files` entries: the only datasource, or the only Prometheus one.
    public var defaultDatasource: DatasourceConfig? {
        if datasources.count == 1 { return datasources[0] }
        let prometheus = datasources.filter { $0.type == .prometheus }
        return prometheus.count == 1 ? prometheus[0] : nil
    }

    public func datasource(named name: String) -> DatasourceConfig? { datasources.first { $0.name == name } }

    /// The datasource each `rule_files` entry is evaluated against.
    public func datasource(of entry: RuleFilesConfig) -> DatasourceConfig? {
        entry.datasource.map(datasource(named:)) ?? defaultDatasource
    }

    private func ruleFilesProblem() -> String? {
        for entry in ruleFiles {
            if let name = entry.datasource {
                if datasource(named: name) == nil {
                    let known = datasources.map(\.name).joined(separator: ", ")
                    return "rule_files entry \"\(entry.path)\" names datasource \"\(name)\", which is not defined (datasources: \(known.isEmpty ? "none" : known))"
                }
            } else if defaultDatasource == nil {
                return datasources.isEmpty
                    ? "rule_files entry \"\(entry.path)\" needs a datasource, and none is defined"
                    : "rule_files entry \"\(entry.path)\" must name its datasource: there is more than one"
            }
        }
        return nil
    }

    /// `path` made absolute against the configuration file's folder.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") || directory == "." { return path }
        return (directory as NSString).appendingPathComponent(path)
    }

    /// Reads and checks `vigil.yml`.
    public static func load(path: String) throws(ConfigFileError) -> VigilConfig {
        let text: String
        do {
            text = try SourceFile.read(path)
        } catch {
            throw ConfigFileError(file: path, position: nil, message: error.reason)
        }
        return try parse(text, file: path)
    }

    /// Parses a configuration text; `file` names it in errors and its folder anchors relative paths.
    public static func parse(_ text: String, file: String) throws(ConfigFileError) -> VigilConfig {
        var config = try StrictYAMLDecoder().decode(VigilConfig.self, from: text, file: file)
        let folder = PathName.directory(of: file)
        config.directory = folder.isEmpty ? "." : folder
        for i in config.datasources.indices {
            config.datasources[i].http = config.datasources[i].http.resolvingPaths(relativeTo: config.directory)
        }
        for i in config.remoteWrite.indices {
            config.remoteWrite[i].http = config.remoteWrite[i].http.resolvingPaths(relativeTo: config.directory)
        }
        if var alerting = config.alerting {
            for i in alerting.alertmanagers.indices {
                alerting.alertmanagers[i].http = alerting.alertmanagers[i].http.resolvingPaths(relativeTo: config.directory)
            }
            config.alerting = alerting
        }
        return config
    }
}
