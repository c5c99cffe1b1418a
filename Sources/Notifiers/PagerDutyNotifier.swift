import TimeSeries
import Backends
import Foundation
import GoTemplate
import Routing

/// `pagerduty_configs`: an event for the aggregation group, `trigger` while any alert fires and `resolve`
/// once all are resolved, deduplicated by the SHA-256 (hex) of the group key so PagerDuty folds every
/// notification of the group into one incident.
///
/// With `routing_key` (or `routing_key_file`) the Events API v2 is used (`url`, from
/// `global.pagerduty_url`); 429 and 5xx are retried. With `service_key` the Events API v1 is used, at
/// its fixed URL; 403 (its rate limit) and 5xx are retried. Keys are read at each notification and, as
/// upstream, rendered as templates. An event over 512 KB loses its custom details (upstream's limit).
public struct PagerDutyNotifier: Notifier {
    public let integration = "pagerduty"
    public let config: PagerdutyConfig
    public var sendResolved: Bool { config.sendResolved }
    let template: AlertmanagerTemplate
    let http: NotifierHTTP
    let v1URL: String

    public static let defaultV1URL = "https://events.pagerduty.com/generic/2010-04-15/create_event.json"
    static let maxEventBytes = 512_000
    static let maxDescriptionRunes = 1024
    static let oversizeMessage = "Custom details have been removed because the original event exceeds the maximum size of 512KB"

    /// Whether the v1 API is used (a service key was configured).
    var usesV1: Bool { !(config.serviceKey.inline?.isEmpty ?? true) || !(config.serviceKey.file ?? "").isEmpty }

    /// `v1URL` is the Events API v1 endpoint; tests point it elsewhere (upstream's is fixed).
    public init(config: PagerdutyConfig, template: AlertmanagerTemplate, defaultTimeout: Duration = .seconds(30),
                v1URL: String = PagerDutyNotifier.defaultV1URL) throws(NotifyError) {
        self.config = config
        self.template = template
        self.v1URL = v1URL
        let timeout = config.timeout.nanoseconds > 0 ? Duration.nanoseconds(config.timeout.nanoseconds) : defaultTimeout
        http = try NotifierHTTP(config: config.httpConfig, timeout: timeout)
    }

    /// Upstream's `Key.Hash`: lowercase hex SHA-256 of the group key.
    public static func dedupKey(_ groupKey: String) -> String {
        SHA256.hexDigest(groupKey)
    }

    public func notify(_ notification: Notification) async throws(NotifyError) -> NotifyOutcome {
        let fields = TemplateFields(template: template, data: notification.data)
        let eventType = notification.data.status == "resolved" ? "resolve" : "trigger"
        var details: [String: ConfigAnyValue] = [:]
        for (key, value) in config.details {
            let rendered: ConfigAnyValue
            do {
                rendered = try TemplatedValue.render(value, fields)
            } catch {
                throw .permanent("failed to render details: \(error.message)")
            }
            // Upstream renders the nested keys but not these top-level ones.
            details[key] = rendered
        }
        let key = Self.dedupKey(notification.groupKey)
        if usesV1 {
            let body = try v1Body(eventType: eventType, key: key, fields: fields, details: details)
            let response = try await post(v1URL, body, what: "failed to post message to PagerDuty v1")
            var outcome: NotifyOutcome
            do {
                outcome = try NotifierHTTP.check(response, retryCodes: [403], details: Self.errorDetails)
            } catch {
                var e = error
                e.reason = .other  // upstream's v1 path gives its errors no reason
                throw e
            }
            outcome.details = "HTTP \(response.status)"
            return outcome
        }
        guard let url = config.url?.text else { throw .permanent("no PagerDuty URL set") }
        let body = try v2Body(eventType: eventType, key: key, fields: fields, details: details)
        let response = try await post(url, body, what: "failed to post message to PagerDuty")
        return try NotifierHTTP.check(response, retryCodes: [429], details: Self.errorDetails)
    }

    private func post(_ url: String, _ body: String, what: String) async throws(NotifyError) -> BackendResponse {
        do {
            return try await http.send(url: url, contentType: "application/json", body: Array(body.utf8))
        } catch {
            var e = error
            e.message = "\(what): \(e.message)"
            throw e
        }
    }

    /// Upstream's `errDetails`: for a 400 with PagerDuty's JSON error, `message: error1,error2`;
    /// otherwise nothing (the body is not quoted).
    static func errorDetails(_ response: BackendResponse) -> String {
        guard response.status == 400,
              let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else { return "" }
        let errors = (object["errors"] as? [Any])?.compactMap { $0 as? String } ?? []
        return "\(object["message"] as? String ?? ""): \(errors.joined(separator: ","))"
    }

    func v2Body(eventType: String, key: String, fields: TemplateFields, details: [String: ConfigAnyValue]) throws(NotifyError) -> String {
        let routingKey = try fields.text(try SecretField.read(config.routingKey, field: "routing_key_file"))
        let summary = Truncation.runes(try fields.text(config.description), limit: Self.maxDescriptionRunes).text
        let client = try fields.text(config.client), clientURL = try fields.text(config.clientURL)
        let source = try fields.text(config.source)
        let severity = try fields.text(config.severity.isEmpty ? "error" : config.severity)
        let eventClass = try fields.text(config.eventClass), component = try fields.text(config.component)
        let group = try fields.text(config.group)
        var images: [String] = []
        for i in config.images {
            let src = try fields.text(i.src), alt = try fields.text(i.alt), href = try fields.text(i.href)
            // PagerDuty refuses an image without a source.
            if src.isEmpty { continue }
            images.append(JSONWriter.object { o in
                o.string("src", src)
                o.string("alt", alt)
                o.string("href", href)
            })
        }
        var links: [String] = []
        for l in config.links {
            let href = try fields.text(l.href), text = try fields.text(l.text)
            if href.isEmpty { continue }
            links.append(JSONWriter.object { o in
                o.string("href", href)
                o.string("text", text)
            })
        }
        if routingKey.isEmpty { throw .permanent("routing key cannot be empty") }
        func message(_ customDetails: String?) -> String {
            let payload = JSONWriter.object { o in
                o.string("summary", summary)
                o.string("source", source)
                o.string("severity", severity)
                o.stringIfNotEmpty("class", eventClass)
                o.stringIfNotEmpty("component", component)
                o.stringIfNotEmpty("group", group)
                if let customDetails { o.raw("custom_details", customDetails) }
            }
            return JSONWriter.object { o in
                o.string("routing_key", routingKey)
                o.string("dedup_key", key)
                o.string("event_action", eventType)
                o.raw("payload", payload)
                o.stringIfNotEmpty("client", client)
                o.stringIfNotEmpty("client_url", clientURL)
                if !images.isEmpty { o.raw("images", JSONWriter.array(images)) }
                if !links.isEmpty { o.raw("links", JSONWriter.array(links)) }
            } + "\n"
        }
        let full = message(details.isEmpty ? nil : TemplatedValue.object(details))
        if full.utf8.count <= Self.maxEventBytes { return full }
        return message(TemplatedValue.object(["error": .string(Self.oversizeMessage)]))
    }

    /// The v1 event: `service_key`, `incident_key`, `event_type`, `description`, `details`; `client` and
    /// `client_url` only when triggering. Upstream's shared struct also writes `"event_action":""` and
    /// `"payload":null` here.
    func v1Body(eventType: String, key: String, fields: TemplateFields, details: [String: ConfigAnyValue]) throws(NotifyError) -> String {
        let description = Truncation.runes(try fields.text(config.description), limit: Self.maxDescriptionRunes).text
        let serviceKey = try fields.text(try SecretField.read(config.serviceKey, field: "service_key_file"))
        var client = "", clientURL = ""
        if eventType == "trigger" {
            client = try fields.text(config.client)
            clientURL = try fields.text(config.clientURL)
        }
        if serviceKey.isEmpty { throw .permanent("service key cannot be empty") }
        func message(_ details: String?) -> String {
            JSONWriter.object { o in
                o.string("service_key", serviceKey)
                o.string("incident_key", key)
                o.string("event_type", eventType)
                o.stringIfNotEmpty("description", description)
                o.string("event_action", "")
                o.raw("payload", "null")
                o.stringIfNotEmpty("client", client)
                o.stringIfNotEmpty("client_url", clientURL)
                if let details { o.raw("details", details) }
            } + "\n"
        }
        let full = message(details.isEmpty ? nil : TemplatedValue.object(details))
        if full.utf8.count <= Self.maxEventBytes { return full }
        return message(TemplatedValue.object(["error": .string(Self.oversizeMessage)]))
    }
}
