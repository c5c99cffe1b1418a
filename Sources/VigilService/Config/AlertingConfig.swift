import Backends
import ConfigYAML
import Foundation
import TimeSeries

/// `alerting:` — where alerts go: the built-in router (an Alertmanager configuration file) and/or external
/// Alertmanagers.
///
/// ```yaml
/// alerting:
///   config_file: alertmanager.yml       # the built-in router's routing tree and receivers
///   exact_repeat_interval: true         # repeat at repeat_interval even when it equals group_interval
///   flush_when_silence_ends: true       # notify silenced alerts as soon as their silence ends
///   alertmanagers:
///     - url: http://alertmanager-operated.monitoring:9093
///       timeout: 10s
/// ```
public struct AlertingConfig: Sendable, Hashable, Decodable {
    public var configFile: String?
    public var alertmanagers: [AlertmanagerTargetConfig] = []
    /// The router's two deliberate departures from Alertmanager (`RouterOptions`), both on by default;
    /// false reproduces Alertmanager's timing.
    public var exactRepeatInterval = true
    public var flushWhenSilenceEnds = true

    enum CodingKeys: String, CodingKey {
        case configFile = "config_file", alertmanagers
        case exactRepeatInterval = "exact_repeat_interval", flushWhenSilenceEnds = "flush_when_silence_ends"
    }

    public init(configFile: String? = nil, alertmanagers: [AlertmanagerTargetConfig] = []) {
        self.configFile = configFile
        self.alertmanagers = alertmanagers
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        configFile = try c.decodeIfPresent(String.self, forKey: .configFile)
        alertmanagers = try c.decodeIfPresent([AlertmanagerTargetConfig].self, forKey: .alertmanagers) ?? []
        exactRepeatInterval = try c.decodeIfPresent(Bool.self, forKey: .exactRepeatInterval) ?? true
        flushWhenSilenceEnds = try c.decodeIfPresent(Bool.self, forKey: .flushWhenSilenceEnds) ?? true
        if let file = configFile, file.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .configFile, in: c, debugDescription: "config_file must not be empty")
        }
    }
}

/// One external Alertmanager: its URL (with any path prefix) and HTTP settings inline.
public struct AlertmanagerTargetConfig: Sendable, Hashable, Decodable {
    public var url: String
    /// Prometheus's `path_prefix`, added before `/api/v2/alerts`.
    public var pathPrefix: String
    public var http: HTTPClientSettings

    enum CodingKeys: String, CodingKey { case url, pathPrefix = "path_prefix" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
            throw DecodingError.dataCorruptedError(forKey: .url, in: c, debugDescription: "url must be an http:// or https:// URL, got \"\(url)\"")
        }
        pathPrefix = try c.decodeIfPresent(String.self, forKey: .pathPrefix) ?? ""
        var settings = try HTTPClientSettings(from: decoder)
        // Prometheus's notifier default: 10 s per request, no retry (the next evaluation re-sends).
        if !(try decoder.container(keyedBy: HTTPKeys.self).contains(.timeout)) {
            settings.timeout = AlertmanagerClient.defaultSettings.timeout
        }
        if !(try decoder.container(keyedBy: HTTPKeys.self).contains(.retry)) {
            settings.retry = AlertmanagerClient.defaultSettings.retry
        }
        do { try settings.validate() } catch { throw ConfigValueError(error.description) }
        http = settings
    }

    private enum HTTPKeys: String, CodingKey { case timeout, retry }
}
