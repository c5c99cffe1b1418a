import Backends
import Foundation
import GoTemplate
import Routing

/// `telegram_configs`: the Bot API's `sendMessage`, posted as JSON to `<api_url>/bot<token>/sendMessage`
/// with every parameter a string (upstream's client, telebot, sends a `map[string]string`). The bot
/// token (`bot_token`/`bot_token_file`) and `chat_id_file` are read at each notification.
///
/// Telegram's answer is read from its body, not its status: `{"ok":false,"error_code":N,"description":...}`
/// is a failure. Upstream retries every failure of this integration (a refused message included), and
/// Vigil does the same; the failure's reason follows the `error_code` (429 rate limited, 401/403 auth,
/// other 4xx client, 5xx server).
public struct TelegramNotifier: Notifier {
    public let integration = "telegram"
    public let config: TelegramConfig
    public var sendResolved: Bool { config.sendResolved }
    let template: AlertmanagerTemplate
    let http: NotifierHTTP

    /// Telegram's message limit, in runes.
    static let maxMessageRunes = 4096
    /// What upstream sends instead of an HTML message that is too long (cutting HTML could break its
    /// markup); the tabs are upstream's source indentation, kept in its string.
    static let tooLongMessage = "Alertmanager notification could not be sent: message length exceeds Telegram limits.\n\t\t\tPlease check the template used for producing the message content."
    static let defaultAPIURL = "https://api.telegram.org"

    public init(config: TelegramConfig, template: AlertmanagerTemplate, timeout: Duration = .seconds(30)) throws(NotifyError) {
        self.config = config
        self.template = template
        http = try NotifierHTTP(config: config.httpConfig, timeout: timeout)
    }

    public func notify(_ notification: Notification) async throws(NotifyError) -> NotifyOutcome {
        let fields = TemplateFields(template: template, data: notification.data)
        let text = try Self.messageText(config, fields: fields)
        let token = try SecretField.read(config.botToken, field: "bot_token_file", retryable: true)
        let chatID = try self.chatID()
        let body = Self.encode(config, chatID: chatID, text: text)
        let base = config.apiURL?.text ?? Self.defaultAPIURL
        let url = base + "/bot" + token + "/sendMessage"
        let response = try await http.send(url: url, contentType: "application/json", body: Array(body.utf8))
        return try Self.checkAnswer(response)
    }

    /// In HTML mode values are HTML-escaped and a message over the limit is replaced; otherwise it is cut.
    static func messageText(_ c: TelegramConfig, fields: TemplateFields) throws(NotifyError) -> String {
        if c.parseMode == "HTML" {
            let text = try fields.html(c.message)
            return text.unicodeScalars.count > maxMessageRunes ? tooLongMessage : text
        }
        return Truncation.runes(try fields.text(c.message), limit: maxMessageRunes).text
    }

    func chatID() throws(NotifyError) -> Int64 {
        guard !config.chatIDFile.isEmpty else { return config.chatID }
        let text = try SecretField.read(SecretSource(file: config.chatIDFile), field: "chat_id_file", retryable: true)
        guard let id = Int64(text) else {
            throw NotifyError(retryable: true, message: "could not parse chat_id from \(config.chatIDFile)")
        }
        return id
    }

    /// The `sendMessage` parameters as telebot sets them: web page previews always off, the others
    /// only when set; keys sorted, as Go marshals a map.
    static func encode(_ c: TelegramConfig, chatID: Int64, text: String) -> String {
        var params = ["chat_id": String(chatID), "text": text, "disable_web_page_preview": "true"]
        if c.disableNotifications { params["disable_notification"] = "true" }
        if !c.parseMode.isEmpty { params["parse_mode"] = c.parseMode }
        if c.messageThreadID != 0 { params["message_thread_id"] = String(c.messageThreadID) }
        return JSONWriter.stringMap(params) + "\n"
    }

    static func checkAnswer(_ response: BackendResponse) throws(NotifyError) -> NotifyOutcome {
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            let body = String(decoding: response.body.prefix(512), as: UTF8.self)
            throw NotifyError(retryable: true, reason: .init(status: response.status), status: response.status,
                              message: "telegram: unreadable answer (HTTP \(response.status)): \(body)")
        }
        if object["ok"] as? Bool == true { return NotifyOutcome(status: response.status, details: "HTTP \(response.status)") }
        let code = (object["error_code"] as? NSNumber)?.intValue ?? 0
        let description = object["description"] as? String ?? ""
        throw NotifyError(retryable: true, reason: code == 0 ? .other : .init(status: code), status: response.status,
                          message: "telegram: \(description) (\(code))")
    }
}
