import GoTemplate
import Routing

/// `pushover_configs`: a POST to Pushover's messages API with every parameter in the query string and
/// no body (upstream's request, `Content-Type: text/plain`). `token`/`token_file` and
/// `user_key`/`user_key_file` are read at each notification and, as upstream, rendered as templates.
/// Only 5xx answers are retried, as upstream's Pushover notifier. Unlike upstream, a token or user key
/// file is trimmed of surrounding whitespace (upstream sends a trailing newline along, which Pushover
/// refuses), as every other `*_file` secret is.
public struct PushoverNotifier: Notifier {
    public let integration = "pushover"
    public let config: PushoverConfig
    public var sendResolved: Bool { config.sendResolved }
    let template: AlertmanagerTemplate
    let http: NotifierHTTP
    let apiURL: String

    public static let defaultAPIURL = "https://api.pushover.net/1/messages.json"
    /// Pushover's limits, in runes.
    static let maxTitleRunes = 250
    static let maxMessageRunes = 1024
    static let maxURLRunes = 512

    /// `apiURL` is Pushover's API; tests point it elsewhere (upstream's is fixed too).
    public init(config: PushoverConfig, template: AlertmanagerTemplate, timeout: Duration = .seconds(30),
                apiURL: String = PushoverNotifier.defaultAPIURL) throws(NotifyError) {
        self.config = config
        self.template = template
        self.apiURL = apiURL
        http = try NotifierHTTP(config: config.httpConfig, timeout: timeout)
    }

    public func notify(_ notification: Notification) async throws(NotifyError) -> NotifyOutcome {
        let token = try SecretField.read(config.token, field: "token_file")
        let userKey = try SecretField.read(config.userKey, field: "user_key_file")
        let fields = TemplateFields(template: template, data: notification.data)
        let query = try Self.parameters(config, token: token, userKey: userKey, fields: fields)
        let response = try await http.send(url: apiURL + "?" + GoURLValues.encode(query), contentType: "text/plain", body: nil)
        return try NotifierHTTP.check(response)
    }

    /// The parameters upstream adds, before `url.Values.Encode` sorts them.
    static func parameters(_ c: PushoverConfig, token: String, userKey: String, fields: TemplateFields) throws(NotifyError) -> [(String, String)] {
        var p: [(String, String)] = []
        p.append(("token", try fields.text(token)))
        p.append(("user", try fields.text(userKey)))
        p.append(("title", Truncation.runes(try fields.text(c.title), limit: maxTitleRunes).text))
        var message: String
        if c.html {
            p.append(("html", "1"))
            message = try fields.html(c.message)
        } else {
            message = try fields.text(c.message)
        }
        if c.monospace { p.append(("monospace", "1")) }
        message = Truncation.runes(message, limit: maxMessageRunes).text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Pushover rejects an empty message.
        p.append(("message", message.isEmpty ? "(no details)" : message))
        p.append(("url", Truncation.runes(try fields.text(c.url), limit: maxURLRunes).text))
        p.append(("url_title", try fields.text(c.urlTitle)))
        p.append(("priority", try fields.text(c.priority)))
        p.append(("retry", String(c.retry.nanoseconds / 1_000_000_000)))
        p.append(("expire", String(c.expire.nanoseconds / 1_000_000_000)))
        p.append(("device", try fields.text(c.device)))
        p.append(("sound", try fields.text(c.sound)))
        let ttl = c.ttl.nanoseconds / 1_000_000_000
        if ttl > 0 { p.append(("ttl", String(ttl))) }
        return p
    }
}
