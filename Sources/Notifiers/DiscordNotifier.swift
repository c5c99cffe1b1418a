import Foundation
import GoTemplate
import Routing

/// `discord_configs`: one embed (title, description, a color for the group's status) posted as JSON to
/// the webhook URL (`webhook_url`, or `webhook_url_file` read at each notification). Only 5xx answers
/// are retried, as upstream's Discord notifier.
public struct DiscordNotifier: Notifier {
    public let integration = "discord"
    public let config: DiscordConfig
    public var sendResolved: Bool { config.sendResolved }
    let template: AlertmanagerTemplate
    let http: NotifierHTTP

    /// Discord's embed limits, in runes.
    static let maxTitleRunes = 256
    static let maxDescriptionRunes = 4096
    static let maxContentRunes = 2000

    /// Embed colors: firing, resolved.
    static let colorFiring = 0x992D22
    static let colorResolved = 0x2ECC71
    static let colorOther = 0x95A5A6

    public init(config: DiscordConfig, template: AlertmanagerTemplate, timeout: Duration = .seconds(30)) throws(NotifyError) {
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

    /// Upstream's `webhook` struct: `content` and `embeds` always, `username` and `avatar_url` when set
    /// (neither is a template).
    static func encode(_ c: DiscordConfig, fields: TemplateFields) throws(NotifyError) -> String {
        let title = Truncation.runes(try fields.text(c.title), limit: maxTitleRunes).text
        let description = Truncation.runes(try fields.text(c.message), limit: maxDescriptionRunes).text
        let content = Truncation.runes(try fields.text(c.content), limit: maxContentRunes).text
        let color: Int
        switch fields.data.status {
        case "firing": color = colorFiring
        case "resolved": color = colorResolved
        default: color = colorOther
        }
        let embed = JSONWriter.object { o in
            o.string("title", title)
            o.string("description", description)
            o.int("color", color)
        }
        // Upstream drops an avatar URL Go's url.Parse refuses.
        let avatar = URLComponents(string: c.avatarURL) == nil ? "" : c.avatarURL
        return JSONWriter.object { o in
            o.string("content", content)
            o.raw("embeds", JSONWriter.array([embed]))
            o.stringIfNotEmpty("username", c.username)
            o.stringIfNotEmpty("avatar_url", avatar)
        } + "\n"
    }
}
