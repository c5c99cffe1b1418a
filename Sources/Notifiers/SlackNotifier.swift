import Backends
import Foundation
import GoTemplate
import Routing

/// `slack_configs`: one message with one attachment, posted as JSON to the incoming-webhook URL
/// (`api_url`, or `api_url_file` read at each notification) or, with a bot token, to `app_url`
/// (`chat.postMessage`; the token is sent as `Authorization: Bearer`, which the configuration's
/// defaults already put in `http_config`).
///
/// Slack answers 200 with a body saying whether it worked: `ok` for incoming webhooks, JSON
/// `{"ok":false,"error":"..."}` for the Web API. A refusal is not retried; a 2xx JSON answer that cannot
/// be read is. Of the statuses, only 5xx are retried, as upstream's Slack notifier.
///
/// `update_message` needs the notification log to remember the message's timestamp and channel; Vigil
/// sends a new message each time, as upstream does when that store is missing.
public struct SlackNotifier: Notifier {
    public let integration = "slack"
    public let config: SlackConfig
    public var sendResolved: Bool { config.sendResolved }
    let template: AlertmanagerTemplate
    let http: NotifierHTTP

    /// Slack's documented limit for an attachment title (legacy fields), in runes.
    static let maxTitleRunes = 1024

    public init(config: SlackConfig, template: AlertmanagerTemplate, defaultTimeout: Duration = .seconds(30)) throws(NotifyError) {
        self.config = config
        self.template = template
        let timeout = config.timeout.nanoseconds > 0 ? Duration.nanoseconds(config.timeout.nanoseconds) : defaultTimeout
        http = try NotifierHTTP(config: config.httpConfig, timeout: timeout)
    }

    public func notify(_ notification: Notification) async throws(NotifyError) -> NotifyOutcome {
        let fields = TemplateFields(template: template, data: notification.data)
        let channel = try fields.text(config.channel)
        let body = try Self.encode(config, fields: fields, channel: channel)
        let url = try SecretField.read(config.apiURL, field: "api_url_file")
        if url.isEmpty { throw .permanent("channel \"\(channel)\": Slack API URL is empty") }
        let response: BackendResponse
        do {
            response = try await http.send(url: url, contentType: "application/json", body: Array(body.utf8))
        } catch {
            throw Self.prefixed(error, channel: channel)
        }
        let outcome: NotifyOutcome
        do {
            outcome = try NotifierHTTP.check(response)
        } catch {
            throw Self.prefixed(error, channel: channel)
        }
        try Self.checkAnswer(response, channel: channel)
        return outcome
    }

    static func prefixed(_ e: NotifyError, channel: String) -> NotifyError {
        var e = e
        e.message = "channel \"\(channel)\": " + e.message
        return e
    }

    /// Reads a 2xx answer: plain text must be exactly `ok`; JSON must say `"ok": true`.
    static func checkAnswer(_ response: BackendResponse, channel: String) throws(NotifyError) {
        let contentType = response.headers.first { $0.0.lowercased() == "content-type" }?.1 ?? ""
        let body = String(decoding: response.body, as: UTF8.self)
        let fail = { (retryable: Bool, message: String) in
            NotifyError(retryable: retryable, reason: .clientError, status: response.status, message: "channel \"\(channel)\": " + message)
        }
        guard contentType.hasPrefix("application/json") else {
            if response.body != Array("ok".utf8) { throw fail(false, "received an error response from Slack: \(body)") }
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw fail(true, "could not unmarshal JSON response \(GoJSON.quote(body))")
        }
        if object["ok"] as? Bool != true {
            throw fail(false, "error response from Slack: \((object["error"] as? String) ?? "")")
        }
    }

    /// The request as upstream's `request` and `attachment` structs marshal it (field order and
    /// `omitempty` as there), with the trailing newline of `json.Encoder`.
    static func encode(_ c: SlackConfig, fields: TemplateFields, channel: String) throws(NotifyError) -> String {
        let title = Truncation.runes(try fields.text(c.title), limit: maxTitleRunes).text
        var slackFields: [String] = []
        for f in c.fields {
            let short = f.short ?? c.shortFields
            let title = try fields.text(f.title), value = try fields.text(f.value)
            slackFields.append(JSONWriter.object { o in
                o.stringIfNotEmpty("title", title)
                o.stringIfNotEmpty("value", value)
                o.bool("short", short)
            })
        }
        var actions: [String] = []
        for a in c.actions { actions.append(try action(a, fields)) }
        // Rendered in upstream's order so that the first template error is the one reported.
        let titleLink = try fields.text(c.titleLink), pretext = try fields.text(c.pretext), text = try fields.text(c.text)
        let fallback = try fields.text(c.fallback), callbackID = try fields.text(c.callbackID)
        let imageURL = try fields.text(c.imageURL), thumbURL = try fields.text(c.thumbURL)
        let footer = try fields.text(c.footer), color = try fields.text(c.color)
        let username = try fields.text(c.username), iconEmoji = try fields.text(c.iconEmoji)
        let iconURL = try fields.text(c.iconURL), messageText = try fields.text(c.messageText)
        let markdownIn = c.mrkdwnIn.isEmpty ? ["fallback", "pretext", "text"] : c.mrkdwnIn
        let att = JSONWriter.object { o in
            o.stringIfNotEmpty("title", title)
            o.stringIfNotEmpty("title_link", titleLink)
            o.stringIfNotEmpty("pretext", pretext)
            o.string("text", text)
            o.string("fallback", fallback)
            o.string("callback_id", callbackID)
            if !slackFields.isEmpty { o.raw("fields", JSONWriter.array(slackFields)) }
            if !actions.isEmpty { o.raw("actions", JSONWriter.array(actions)) }
            o.stringIfNotEmpty("image_url", imageURL)
            o.stringIfNotEmpty("thumb_url", thumbURL)
            o.string("footer", footer)
            o.stringIfNotEmpty("color", color)
            o.raw("mrkdwn_in", JSONWriter.array(markdownIn.map(GoJSON.quote)))
        }
        return JSONWriter.object { o in
            o.stringIfNotEmpty("channel", channel)
            o.stringIfNotEmpty("username", username)
            o.stringIfNotEmpty("icon_emoji", iconEmoji)
            o.stringIfNotEmpty("icon_url", iconURL)
            if c.linkNames { o.bool("link_names", true) }
            o.stringIfNotEmpty("text", messageText)
            o.raw("attachments", JSONWriter.array([att]))
        } + "\n"
    }

    /// One button (`config.SlackAction`, every member `omitempty`), its strings rendered.
    static func action(_ a: SlackConfig.Action, _ fields: TemplateFields) throws(NotifyError) -> String {
        let type = try fields.text(a.type), text = try fields.text(a.text), url = try fields.text(a.url)
        let style = try fields.text(a.style), name = try fields.text(a.name), value = try fields.text(a.value)
        var confirm: String?
        if let c = a.confirm {
            let title = try fields.text(c.title), text = try fields.text(c.text)
            let ok = try fields.text(c.okText), dismiss = try fields.text(c.dismissText)
            confirm = JSONWriter.object { o in
                o.stringIfNotEmpty("text", text)
                o.stringIfNotEmpty("title", title)
                o.stringIfNotEmpty("ok_text", ok)
                o.stringIfNotEmpty("dismiss_text", dismiss)
            }
        }
        return JSONWriter.object { o in
            o.stringIfNotEmpty("type", type)
            o.stringIfNotEmpty("text", text)
            o.stringIfNotEmpty("url", url)
            o.stringIfNotEmpty("style", style)
            o.stringIfNotEmpty("name", name)
            o.stringIfNotEmpty("value", value)
            if let confirm { o.raw("confirm", confirm) }
        }
    }
}
