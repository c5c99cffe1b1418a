import GoTemplate
import Routing

/// `msteams_configs`: an Office 365 connector `MessageCard` (title, summary, text, a theme color for the
/// group's status) posted as JSON to `webhook_url` (or the URL in `webhook_url_file`). Only 5xx answers
/// are retried, as upstream's.
public struct MSTeamsNotifier: Notifier {
    public let integration = "msteams"
    public let config: MSTeamsConfig
    public var sendResolved: Bool { config.sendResolved }
    let template: AlertmanagerTemplate
    let http: NotifierHTTP

    public init(config: MSTeamsConfig, template: AlertmanagerTemplate, timeout: Duration = .seconds(30)) throws(NotifyError) {
        self.config = config
        self.template = template
        http = try NotifierHTTP(config: config.httpConfig, timeout: timeout)
    }

    public func notify(_ notification: Notification) async throws(NotifyError) -> NotifyOutcome {
        let body = try Self.encode(config, fields: TemplateFields(template: template, data: notification.data))
        let url = try SecretField.read(config.webhookURL, field: "webhook_url_file")
        let response = try await http.send(url: url, contentType: "application/json", body: Array(body.utf8))
        return try NotifierHTTP.check(response)
    }

    /// Upstream's `teamsMessage`; its type member is spelled `type`, as upstream spells it.
    static func encode(_ c: MSTeamsConfig, fields: TemplateFields) throws(NotifyError) -> String {
        let title = try fields.text(c.title), text = try fields.text(c.text), summary = try fields.text(c.summary)
        let color: String
        switch fields.data.status {
        case "firing": color = "8C1A1A"
        case "resolved": color = "2DC72D"
        default: color = "808080"
        }
        return JSONWriter.object { o in
            o.string("@context", "http://schema.org/extensions")
            o.string("type", "MessageCard")
            o.string("title", title)
            o.string("summary", summary)
            o.string("text", text)
            o.string("themeColor", color)
        } + "\n"
    }
}
