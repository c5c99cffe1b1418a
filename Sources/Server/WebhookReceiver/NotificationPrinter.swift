import Foundation
import TimeSeries

/// How `vigil receive` (and the demo's console receiver) shows a webhook notification: pure functions from
/// the notification and the time it arrived to text.
///
/// The text form is a header line, then one indented line per alert:
///
///     [2024-05-01T10:00:05.000Z] receiver "team" FIRING 2 alerts (1 resolved) group {alertname="DiskFull"}
///       FIRING   {instance="a:9100", severity="page"} startsAt=2024-05-01T10:00:00Z summary="Disk full"
///       RESOLVED {instance="b:9100", severity="page"} startsAt=2024-05-01T10:00:00Z endsAt=2024-05-01T10:10:00Z summary="Disk ok"
///
/// An alert's labels are shown without the group's labels (the header has them); of its annotations only
/// `summary`, or `description` when it has no summary: descriptions run to several sentences (the rule
/// pack's do) and buried the line they were on; the JSON form has every annotation. Every value received
/// is quoted as Go's `strconv.Quote` does, so a multi-line description stays on its line and no control
/// character from the sender reaches the terminal.
///
/// The JSON form is one line per notification: the body as received, whitespace outside strings removed,
/// with `receivedAt` added as the first member — a JSON Lines file that `jq` reads.
public enum NotificationPrinter {
    /// The text form, ending in a newline.
    public static func text(_ notification: WebhookNotification, receivedAt: Date) -> String {
        var out = header(notification, receivedAt: receivedAt) + "\n"
        for alert in notification.alerts {
            out += "  " + alertLine(alert, groupLabels: notification.groupLabels) + "\n"
        }
        return out
    }

    static func header(_ n: WebhookNotification, receivedAt: Date) -> String {
        var line = "[\(AlertmanagerTime.format(receivedAt))] receiver \(quoteGo(n.receiver)) \(word(n.status))"
        line += " \(n.alerts.count) \(n.alerts.count == 1 ? "alert" : "alerts")"
        // A firing notification may carry resolved alerts (with send_resolved); say how many.
        let other = n.alerts.filter { $0.status != n.status }.count
        if other > 0 { line += " (\(other) \(n.status == .firing ? "resolved" : "firing"))" }
        if n.truncatedAlerts > 0 { line += " (+\(n.truncatedAlerts) truncated)" }
        return line + " group " + Labels(n.groupLabels).description
    }

    static func alertLine(_ alert: WebhookNotification.Alert, groupLabels: [String: String]) -> String {
        let own = alert.labels.filter { groupLabels[$0.key] != $0.value }
        let status = word(alert.status)
        var line = status + String(repeating: " ", count: max(0, 8 - status.count)) + " " + Labels(own).description
        if !WebhookNotification.isUnsetTime(alert.startsAt) { line += " startsAt=" + alert.startsAt }
        if !WebhookNotification.isUnsetTime(alert.endsAt) { line += " endsAt=" + alert.endsAt }
        if let summary = alert.annotations["summary"], !summary.isEmpty {
            line += " summary=" + quoteGo(summary)
        } else if let description = alert.annotations["description"], !description.isEmpty {
            line += " description=" + quoteGo(description)
        }
        return line
    }

    static func word(_ status: WebhookNotification.Status) -> String {
        switch status {
        case .firing: return "FIRING"
        case .resolved: return "RESOLVED"
        }
    }

    /// The JSON form, ending in a newline. `body` is a body `WebhookNotification.decode` accepted (a JSON
    /// object); invalid UTF-8 in it becomes U+FFFD, as the decoder read it.
    public static func jsonLine(body: [UInt8], receivedAt: Date) -> String {
        let compact = String(decoding: compacted(body), as: UTF8.self)
        let stamp = "\"receivedAt\":\"\(AlertmanagerTime.format(receivedAt))\""
        guard compact.hasPrefix("{") else { return "{" + stamp + "}\n" }
        let rest = compact.dropFirst()
        return "{" + stamp + (rest.hasPrefix("}") ? "" : ",") + rest + "\n"
    }

    /// JSON text without the whitespace between tokens. Strings cannot hold a raw control character in
    /// valid JSON, so every newline in the result's source was between tokens and none is left.
    static func compacted(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var inString = false
        var escaped = false
        for b in body {
            if inString {
                out.append(b)
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if !WebhookNotification.isJSONSpace(b) {
                out.append(b)
                if b == UInt8(ascii: "\"") { inString = true }
            }
        }
        return out
    }
}
