import Foundation
import GoTemplate
import Routing

/// `webhook_configs`: posts Alertmanager's version 4 JSON message (or the configured `payload`
/// template) to `url`, or to the URL read from `url_file` at each notification. Both may be templates.
/// Only 5xx answers are retried, as upstream's webhook.
public struct WebhookNotifier: Notifier {
    public let integration = "webhook"
    public let config: WebhookConfig
    public var sendResolved: Bool { config.sendResolved }
    let template: AlertmanagerTemplate
    let http: NotifierHTTP

    /// `defaultTimeout` bounds a request when the config's `timeout` is 0 (upstream relies on the
    /// notification's context deadline there).
    public init(config: WebhookConfig, template: AlertmanagerTemplate, defaultTimeout: Duration = .seconds(30)) throws(NotifyError) {
        self.config = config
        self.template = template
        let timeout = config.timeout.nanoseconds > 0 ? Duration.nanoseconds(config.timeout.nanoseconds) : defaultTimeout
        http = try NotifierHTTP(config: config.httpConfig, timeout: timeout)
    }

    public func notify(_ notification: Notification) async throws(NotifyError) -> NotifyOutcome {
        let (data, dropped) = notification.data.truncated(to: config.maxAlerts)
        let truncated = notification.truncatedAlerts &+ dropped
        let body: String
        if let payload = config.payload {
            body = try CustomPayload.render(payload, template: template, data: data) + "\n"
        } else {
            body = WebhookPayload.encode(data, groupKey: notification.groupKey, truncatedAlerts: truncated)
        }
        let raw: String
        do {
            raw = try SecretReader.read(config.url)
        } catch {
            throw .permanent("read url_file: \(error.reason)")
        }
        let url: String
        do {
            url = try template.executeText(raw, data: data)
        } catch {
            throw .permanent("failed to template webhook URL: \(error.description)")
        }
        if url.isEmpty { throw .permanent("webhook URL is empty after templating") }
        let response = try await http.send(url: url, contentType: "application/json", body: Array(body.utf8))
        return try NotifierHTTP.check(response)
    }
}
