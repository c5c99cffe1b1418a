import GoTemplate

/// Alertmanager's webhook message, version 4: the template data (`template.Data`, embedded first as Go
/// embeds it) followed by `version`, `groupKey` and `truncatedAlerts`, with a trailing newline as
/// `json.Encoder` writes it.
public enum WebhookPayload {
    public static func encode(_ data: AlertmanagerData, groupKey: String, truncatedAlerts: UInt64) -> String {
        JSONWriter.object { o in
            o.string("receiver", data.receiver)
            o.string("status", data.status)
            o.raw("alerts", JSONWriter.array(data.alerts.map(alert)))
            o.stringMap("groupLabels", data.groupLabels)
            o.stringMap("commonLabels", data.commonLabels)
            o.stringMap("commonAnnotations", data.commonAnnotations)
            o.string("externalURL", data.externalURL)
            o.string("version", "4")
            o.string("groupKey", groupKey)
            o.int("truncatedAlerts", truncatedAlerts)
        } + "\n"
    }

    /// One `template.Alert`; times as Go marshals `time.Time` (the zero time for an unset `endsAt`).
    static func alert(_ a: AlertmanagerAlert) -> String {
        JSONWriter.object { o in
            o.string("status", a.status)
            o.stringMap("labels", a.labels)
            o.stringMap("annotations", a.annotations)
            o.string("startsAt", a.startsAt.rfc3339Nano)
            o.string("endsAt", a.endsAt.rfc3339Nano)
            o.string("generatorURL", a.generatorURL)
            o.string("fingerprint", a.fingerprint)
        }
    }
}

extension AlertmanagerData {
    /// The data for the first `max` alerts only (0 keeps all), with status and common labels and
    /// annotations computed again from what is kept, as upstream truncates before building the data.
    /// Returns how many alerts were left out.
    func truncated(to max: UInt64) -> (AlertmanagerData, UInt64) {
        guard max > 0, UInt64(alerts.count) > max else { return (self, 0) }
        let kept = Array(alerts.prefix(Int(max)))
        let status = kept.contains { $0.status == "firing" } ? "firing" : "resolved"
        let data = AlertmanagerData(receiver: receiver, status: status, alerts: kept, groupLabels: groupLabels,
                                    externalURL: externalURL)
        return (data, UInt64(alerts.count) - max)
    }
}
