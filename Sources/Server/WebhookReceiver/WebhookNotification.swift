import Foundation
import TimeSeries

/// Alertmanager's webhook message (version "4"), as `webhook_configs` posts it and as Vigil's own webhook
/// notifier writes it (`WebhookPayload` in Notifiers): Alertmanager's template data — `receiver`, `status`,
/// `alerts`, `groupLabels`, `commonLabels`, `commonAnnotations`, `externalURL` — then `version`, `groupKey`
/// and `truncatedAlerts`.
///
/// Times are kept as the sender wrote them (Go's RFC 3339 with up to nine fraction digits and the sender's
/// offset), so what is printed is what was sent; they are checked to be RFC 3339 times. Go's zero time
/// (`0001-01-01T00:00:00Z`) is an unset time, as upstream writes a firing alert's `endsAt`.
public struct WebhookNotification: Sendable, Equatable {
    public struct Alert: Sendable, Equatable {
        public var status: Status
        public var labels: [String: String]
        public var annotations: [String: String]
        public var startsAt: String
        public var endsAt: String
        public var generatorURL: String
        public var fingerprint: String

        public init(status: Status, labels: [String: String], annotations: [String: String] = [:], startsAt: String = "",
                    endsAt: String = "", generatorURL: String = "", fingerprint: String = "") {
            self.status = status
            self.labels = labels
            self.annotations = annotations
            self.startsAt = startsAt
            self.endsAt = endsAt
            self.generatorURL = generatorURL
            self.fingerprint = fingerprint
        }
    }

    /// A notification is `firing` while any of its alerts fires; an alert is one or the other.
    public enum Status: String, Sendable, Equatable {
        case firing
        case resolved
    }

    public var receiver: String
    public var status: Status
    public var alerts: [Alert]
    public var groupLabels: [String: String]
    public var commonLabels: [String: String]
    public var commonAnnotations: [String: String]
    public var externalURL: String
    public var version: String
    public var groupKey: String
    /// How many alerts the sender left out (`max_alerts`).
    public var truncatedAlerts: UInt64

    public init(receiver: String, status: Status, alerts: [Alert], groupLabels: [String: String] = [:],
                commonLabels: [String: String] = [:], commonAnnotations: [String: String] = [:], externalURL: String = "",
                version: String = "4", groupKey: String = "", truncatedAlerts: UInt64 = 0) {
        self.receiver = receiver
        self.status = status
        self.alerts = alerts
        self.groupLabels = groupLabels
        self.commonLabels = commonLabels
        self.commonAnnotations = commonAnnotations
        self.externalURL = externalURL
        self.version = version
        self.groupKey = groupKey
        self.truncatedAlerts = truncatedAlerts
    }

    /// Why a body is not a webhook message; the message names the field (`alerts[1].labels.instance: …`).
    public struct DecodeError: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Reads a request body. `status` and `alerts` are required (without them there is nothing to show);
    /// every other field may be absent, as Go's decoder leaves a missing field empty. A field of the wrong
    /// type, an unknown status or a time that is not RFC 3339 is an error. Unknown fields are ignored, so
    /// senders that add their own (Grafana's `title`, `message`, …) are read too.
    public static func decode(_ body: [UInt8]) throws(DecodeError) -> WebhookNotification {
        guard body.contains(where: { !Self.isJSONSpace($0) }) else {
            throw DecodeError(message: "the body is empty; expected Alertmanager's webhook message (JSON)")
        }
        let json: Any
        do { json = try RequestJSONReader.parse(body) } catch {
            throw DecodeError(message: "the body is not valid JSON (at byte \(error.offset))")
        }
        guard let object = json as? [String: Any] else {
            throw DecodeError(message: "the body must be a JSON object (Alertmanager's webhook message), not \(kind(json))")
        }
        guard let alertItems = object["alerts"] else { throw DecodeError(message: "alerts: missing; it is required") }
        guard let items = alertItems as? [Any] else { throw DecodeError(message: "alerts: must be an array, not \(kind(alertItems))") }
        var alerts: [Alert] = []
        alerts.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let field = "alerts[\(i)]"
            guard let o = item as? [String: Any] else { throw DecodeError(message: "\(field): must be an object, not \(kind(item))") }
            alerts.append(Alert(
                status: try status(o["status"], field: field + ".status"),
                labels: try stringMap(o["labels"], field: field + ".labels"),
                annotations: try stringMap(o["annotations"], field: field + ".annotations"),
                startsAt: try time(o["startsAt"], field: field + ".startsAt"),
                endsAt: try time(o["endsAt"], field: field + ".endsAt"),
                generatorURL: try string(o["generatorURL"], field: field + ".generatorURL"),
                fingerprint: try string(o["fingerprint"], field: field + ".fingerprint")))
        }
        return WebhookNotification(
            receiver: try string(object["receiver"], field: "receiver"),
            status: try status(object["status"], field: "status"),
            alerts: alerts,
            groupLabels: try stringMap(object["groupLabels"], field: "groupLabels"),
            commonLabels: try stringMap(object["commonLabels"], field: "commonLabels"),
            commonAnnotations: try stringMap(object["commonAnnotations"], field: "commonAnnotations"),
            externalURL: try string(object["externalURL"], field: "externalURL"),
            version: try string(object["version"], field: "version"),
            groupKey: try string(object["groupKey"], field: "groupKey"),
            truncatedAlerts: try count(object["truncatedAlerts"], field: "truncatedAlerts"))
    }

    // MARK: Fields

    static func isJSONSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// The JSON kind of a parsed value, for messages.
    static func kind(_ value: Any) -> String {
        switch value {
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case is Bool: return "a boolean"
        case is Double: return "a number"
        default: return "null"
        }
    }

    /// Absent and null are both "not set", as for Go's decoder.
    private static func isUnset(_ value: Any?) -> Bool { value == nil || value is RequestJSONReader.Null }

    private static func string(_ value: Any?, field: String) throws(DecodeError) -> String {
        guard let value, !isUnset(value) else { return "" }
        guard let s = value as? String else { throw DecodeError(message: "\(field): must be a string, not \(kind(value))") }
        return s
    }

    private static func status(_ value: Any?, field: String) throws(DecodeError) -> Status {
        guard let value, !isUnset(value) else { throw DecodeError(message: "\(field): missing; it is required (\"firing\" or \"resolved\")") }
        guard let text = value as? String else { throw DecodeError(message: "\(field): must be a string, not \(kind(value))") }
        guard let status = Status(rawValue: text) else {
            throw DecodeError(message: "\(field): must be \"firing\" or \"resolved\", not \(quoted(text))")
        }
        return status
    }

    private static func stringMap(_ value: Any?, field: String) throws(DecodeError) -> [String: String] {
        guard let value, !isUnset(value) else { return [:] }
        guard let object = value as? [String: Any] else {
            throw DecodeError(message: "\(field): must be an object of strings, not \(kind(value))")
        }
        var out: [String: String] = [:]
        out.reserveCapacity(object.count)
        for (name, v) in object {
            guard let s = v as? String else {
                throw DecodeError(message: "\(field).\(name): must be a string, not \(kind(v))")
            }
            out[name] = s
        }
        return out
    }

    private static func time(_ value: Any?, field: String) throws(DecodeError) -> String {
        let text = try string(value, field: field)
        if !text.isEmpty, AlertmanagerTime.parse(text) == nil {
            throw DecodeError(message: "\(field): \(quoted(text)) is not an RFC 3339 time")
        }
        return text
    }

    /// A JSON number that is a whole count (Go's `uint64`).
    private static func count(_ value: Any?, field: String) throws(DecodeError) -> UInt64 {
        guard let value, !isUnset(value) else { return 0 }
        guard let d = value as? Double else { throw DecodeError(message: "\(field): must be a number, not \(kind(value))") }
        // 2^64 is exactly representable; anything from it on does not fit a UInt64.
        guard d >= 0, d < 18_446_744_073_709_551_616.0, d.rounded(.towardZero) == d else {
            throw DecodeError(message: "\(field): must be a whole number from 0, not \(JSONValue.goFloat(d))")
        }
        return UInt64(d)
    }

    /// A received string in a message, shortened so a huge value cannot flood the answer.
    private static func quoted(_ text: String) -> String {
        text.count > 64 ? quoteGo(String(text.prefix(64))) + "…" : quoteGo(text)
    }

    /// True when `text` is Go's zero time or empty: an unset time.
    static func isUnsetTime(_ text: String) -> Bool {
        text.isEmpty || AlertmanagerTime.parse(text) == AlertmanagerTime.goZero
    }
}
