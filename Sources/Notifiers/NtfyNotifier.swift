import Foundation
import GoTemplate
import Routing

/// `ntfy_configs` (a Vigil extension; Alertmanager has no ntfy integration): publishes one message per
/// notification as JSON to the server's root URL (ntfy's "publish as JSON"), with the topic, title,
/// message, tags, priority and click URL rendered from templates. A token is sent as
/// `Authorization: Bearer`. 429 (ntfy's rate limit) and 5xx are retried.
public struct NtfyNotifier: Notifier {
    public let integration = "ntfy"
    public let config: NtfyConfig
    public var sendResolved: Bool { config.sendResolved }
    let template: AlertmanagerTemplate
    let http: NotifierHTTP

    /// ntfy's default `message-size-limit`, in bytes: a longer message becomes an attachment or is refused.
    static let maxMessageBytes = 4096
    /// ntfy's priority names and their numbers.
    static let priorities = ["min": 1, "low": 2, "default": 3, "high": 4, "max": 5, "urgent": 5]

    public init(config: NtfyConfig, template: AlertmanagerTemplate, timeout: Duration = .seconds(30)) throws(NotifyError) {
        self.config = config
        self.template = template
        http = try NotifierHTTP(config: config.httpConfig, timeout: timeout)
    }

    public func notify(_ notification: Notification) async throws(NotifyError) -> NotifyOutcome {
        let body = try Self.encode(config, fields: TemplateFields(template: template, data: notification.data))
        var headers: [(String, String)] = []
        if !config.token.isEmpty {
            let token = try SecretField.read(config.token, field: "token_file")
            headers.append(("Authorization", "Bearer " + token))
        }
        let response = try await http.send(url: config.url.text, contentType: "application/json", body: Array(body.utf8), headers: headers)
        return try NotifierHTTP.check(response, retryCodes: [429])
    }

    static func encode(_ c: NtfyConfig, fields: TemplateFields) throws(NotifyError) -> String {
        let topic = try fields.text(c.topic)
        if topic.isEmpty { throw .permanent("ntfy topic is empty after templating") }
        let title = try fields.text(c.title)
        let message = Truncation.bytes(try fields.text(c.message), limit: maxMessageBytes).text
        var tags: [String] = []
        for t in c.tags {
            let tag = try fields.text(t)
            if !tag.isEmpty { tags.append(tag) }
        }
        let priorityText = try fields.text(c.priority).trimmingCharacters(in: .whitespaces)
        var priority: Int?
        if !priorityText.isEmpty {
            if let n = Int(priorityText), (1...5).contains(n) {
                priority = n
            } else if let n = priorities[priorityText.lowercased()] {
                priority = n
            } else {
                throw .permanent("ntfy priority \(GoJSON.quote(priorityText)) is not 1-5 or min, low, default, high, max, urgent")
            }
        }
        let click = try fields.text(c.click)
        return JSONWriter.object { o in
            o.string("topic", topic)
            o.string("message", message)
            o.stringIfNotEmpty("title", title)
            if !tags.isEmpty { o.raw("tags", JSONWriter.array(tags.map(GoJSON.quote))) }
            if let priority { o.int("priority", priority) }
            o.stringIfNotEmpty("click", click)
            if c.markdown { o.bool("markdown", true) }
        } + "\n"
    }
}
