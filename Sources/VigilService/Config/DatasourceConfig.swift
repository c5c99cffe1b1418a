import Backends
import ConfigYAML
import Foundation
import Rules
import TimeSeries

/// One entry of `datasources:` — a Prometheus or Loki that rules are evaluated against.
///
/// ```yaml
/// datasources:
///   - name: prometheus
///     type: prometheus
///     url: http://prometheus-operated.monitoring:9090
///   - name: loki
///     type: loki
///     url: http://loki-gateway.monitoring
///     tenant: homelab            # X-Scope-OrgID
///     basic_auth: {username: vigil, password_file: /etc/vigil/loki-password}
///     heartbeat: {max_age: 10m}
/// ```
/// The HTTP settings (`basic_auth`, `authorization`, `http_headers`, `tls_config`, `timeout`, `retry`) sit
/// inline, as in Prometheus's `remote_read`.
public struct DatasourceConfig: Sendable, Hashable, Decodable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case prometheus, loki

        /// The query language of rules evaluated against this kind.
        public var language: QueryLanguage { self == .prometheus ? .prometheus : .loki }
    }

    public var name: String
    public var type: Kind
    public var url: String
    /// Loki's `X-Scope-OrgID`.
    public var tenant: String?
    public var http: HTTPClientSettings
    /// Nil when `heartbeat: {enabled: false}`.
    public var heartbeat: HeartbeatSettings?

    enum CodingKeys: String, CodingKey { case name, type, url, tenant, heartbeat }

    public init(name: String, type: Kind, url: String, tenant: String? = nil, http: HTTPClientSettings = HTTPClientSettings(),
                heartbeat: HeartbeatSettings? = nil) {
        self.name = name
        self.type = type
        self.url = url
        self.tenant = tenant
        self.http = http
        self.heartbeat = heartbeat
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        guard !name.isEmpty else { throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "a datasource needs a name") }
        let kind = try c.decode(String.self, forKey: .type)
        guard let k = Kind(rawValue: kind) else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown datasource type \"\(kind)\" (prometheus or loki)")
        }
        type = k
        url = try c.decode(String.self, forKey: .url)
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
            throw DecodingError.dataCorruptedError(forKey: .url, in: c, debugDescription: "url must be an http:// or https:// URL, got \"\(url)\"")
        }
        tenant = try c.decodeIfPresent(String.self, forKey: .tenant)
        if tenant != nil && k != .loki {
            throw DecodingError.dataCorruptedError(forKey: .tenant, in: c, debugDescription: "tenant is for loki datasources")
        }
        http = try HTTPClientSettings(from: decoder)
        do { try http.validate() } catch { throw ConfigValueError(error.description) }
        let defaults = k == .prometheus ? HeartbeatSettings.prometheusDefault() : HeartbeatSettings.lokiDefault()
        // Absent: the default heartbeat; `enabled: false`: none.
        if let configured = try c.decodeIfPresent(HeartbeatConfig.self, forKey: .heartbeat) {
            heartbeat = configured.settings(defaults: defaults)
        } else {
            heartbeat = defaults
        }
    }
}

/// `heartbeat:` of a datasource: how Vigil notices that its data stopped advancing (see `DatasourceHeartbeat`).
struct HeartbeatConfig: Decodable {
    var enabled = true
    var query: String?
    var kind: HeartbeatSettings.Kind?
    var maxAge: PromDuration?
    var interval: PromDuration?

    enum CodingKeys: String, CodingKey { case enabled, query, kind, maxAge = "max_age", interval }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        query = try c.decodeIfPresent(String.self, forKey: .query)
        if let k = try c.decodeIfPresent(String.self, forKey: .kind) {
            guard let kind = HeartbeatSettings.Kind(rawValue: k) else {
                throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "heartbeat kind must be timestamp or presence, got \"\(k)\"")
            }
            self.kind = kind
        }
        maxAge = try c.decodeIfPresent(PromDuration.self, forKey: .maxAge)
        interval = try c.decodeIfPresent(PromDuration.self, forKey: .interval)
        for (key, d) in [(CodingKeys.maxAge, maxAge), (.interval, interval)] where (d?.milliseconds ?? 1) <= 0 {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.rawValue) must be positive")
        }
    }

    func settings(defaults: HeartbeatSettings) -> HeartbeatSettings? {
        guard enabled else { return nil }
        var s = defaults
        if let query { s.query = query }
        if let kind { s.kind = kind }
        if let maxAge { s.maxAge = maxAge.milliseconds }
        if let interval { s.interval = interval.milliseconds }
        return s
    }
}
