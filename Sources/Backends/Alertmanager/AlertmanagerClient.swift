import Foundation
import Rules
import TimeSeries

/// Posts alerts to one Alertmanager through its API v2 (`POST <path_prefix>/api/v2/alerts`), with the JSON
/// Prometheus's notifier sends: `labels`, `annotations`, `startsAt`, `endsAt`, `generatorURL`, times in
/// Go's RFC3339 with milliseconds (upstream `notifier/util.go` `alertsToOpenAPIAlerts`).
public final class AlertmanagerClient: Sendable {
    public let http: BackendHTTPClient
    /// The URL alerts are posted to, as metrics and logs name this Alertmanager.
    public let alertsURL: String

    static let alertsPath = "/api/v2/alerts"

    /// - Parameters:
    ///   - baseURL: scheme, host and port (`http://alertmanager:9093`), optionally with a path.
    ///   - pathPrefix: Prometheus's `path_prefix`, put before `/api/v2/alerts` (`/alertmanager`).
    public init(baseURL: String, pathPrefix: String = "", settings: HTTPClientSettings = AlertmanagerClient.defaultSettings,
                sleeper: any Sleeper = TaskSleeper()) throws(BackendError) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        var prefix = pathPrefix
        while prefix.hasSuffix("/") { prefix.removeLast() }
        if !prefix.isEmpty && !prefix.hasPrefix("/") { prefix = "/" + prefix }
        http = try BackendHTTPClient(baseURL: base + prefix, settings: settings, sleeper: sleeper, maxResponseBytes: 1 << 20)
        alertsURL = http.endpoint(Self.alertsPath)
    }

    /// Prometheus's Alertmanager defaults: a 10s timeout and no retry (the notifier sends each batch once).
    public static var defaultSettings: HTTPClientSettings {
        HTTPClientSettings(timeout: .seconds(10), retry: .none)
    }

    public func shutdown() async { await http.shutdown() }

    public func post(_ alerts: [AlertNotification]) async throws(BackendError) {
        let response = try await http.send(BackendRequest(method: "POST", path: Self.alertsPath,
                                                          headers: [("Content-Type", "application/json")],
                                                          body: Self.body(alerts)))
        guard response.isSuccess else {
            throw .httpStatus(endpoint: alertsURL, status: response.status, body: HTTPStatusText.excerpt(response.body))
        }
    }

    struct PostableAlert: Encodable {
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var generatorURL: String
    }

    static func body(_ alerts: [AlertNotification]) -> [UInt8] {
        let postable = alerts.map { a in
            PostableAlert(labels: Dictionary(a.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                          annotations: Dictionary(a.annotations.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                          startsAt: GoTimeFormat.rfc3339Millis(a.startsAt),
                          endsAt: GoTimeFormat.rfc3339Millis(a.endsAt),
                          generatorURL: a.generatorURL)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and dictionaries of strings cannot fail.
        return Array((try? encoder.encode(postable)) ?? Data("[]".utf8))
    }
}
