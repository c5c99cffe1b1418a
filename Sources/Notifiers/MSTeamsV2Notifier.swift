import GoTemplate
import Routing

/// `msteamsv2_configs`: a message holding one Adaptive Card (a heading colored for the group's status
/// and the text), posted as JSON to a Power Automate workflow's `webhook_url` (or the URL in
/// `webhook_url_file`). Only 5xx answers are retried, as upstream's.
public struct MSTeamsV2Notifier: Notifier {
    public let integration = "msteamsv2"
    public let config: MSTeamsV2Config
    public var sendResolved: Bool { config.sendResolved }
    let template: AlertmanagerTemplate
    let http: NotifierHTTP

    public init(config: MSTeamsV2Config, template: AlertmanagerTemplate, timeout: Duration = .seconds(30)) throws(NotifyError) {
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

    /// Upstream's `teamsMessage` with its one `Attachment` (`contentUrl` null) and card.
    static func encode(_ c: MSTeamsV2Config, fields: TemplateFields) throws(NotifyError) -> String {
        let title = try fields.text(c.title), text = try fields.text(c.text)
        let color: String
        switch fields.data.status {
        case "firing": color = "Attention"
        case "resolved": color = "Good"
        default: color = "Warning"
        }
        let heading = JSONWriter.object { o in
            o.string("type", "TextBlock")
            o.string("text", title)
            o.string("weight", "Bolder")
            o.string("size", "Medium")
            o.bool("wrap", true)
            o.string("style", "heading")
            o.string("color", color)
        }
        let paragraph = JSONWriter.object { o in
            o.string("type", "TextBlock")
            o.string("text", text)
            o.bool("wrap", true)
        }
        let card = JSONWriter.object { o in
            o.string("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
            o.string("type", "AdaptiveCard")
            o.string("version", "1.2")
            o.raw("body", JSONWriter.array([heading, paragraph]))
            o.object("msteams") { $0.string("width", "full") }
        }
        let attachment = JSONWriter.object { o in
            o.string("contentType", "application/vnd.microsoft.card.adaptive")
            o.raw("contentUrl", "null")
            o.raw("content", card)
        }
        return JSONWriter.object { o in
            o.string("type", "message")
            o.raw("attachments", JSONWriter.array([attachment]))
        } + "\n"
    }
}
