import Rules
import TimeSeries

/// Prometheus 3.14's JSON shapes of the rules and alerts APIs (web/api/v1/api.go `RuleGroup`,
/// `AlertingRule`, `RecordingRule`, `Alert`), field for field and in the same order, built from Vigil's
/// snapshots.
enum PrometheusRulesJSON {
    /// `RuleGroup`, plus Vigil's `datasource` (which Prometheus clients ignore, as Go's decoder and
    /// Grafana skip unknown fields).
    ///
    /// `lastEvaluation` is the evaluation time of the group's last iteration; Prometheus stamps the wall
    /// clock when the iteration started, which the runner's schedule makes the same instant give or take
    /// the wake-up delay.
    static func group(_ g: RuleGroupSnapshot, rules: [JSONValue]) -> JSONValue {
        .object([
            ("name", .string(g.key.name)),
            ("file", .string(g.key.file)),
            ("rules", .array(rules)),
            ("interval", .number(GoNumbers.seconds(milliseconds: g.interval))),
            ("limit", .integer(g.limit)),
            ("evaluationTime", .number(GoNumbers.seconds(nanoseconds: g.lastEvaluationDurationNanoseconds))),
            ("lastEvaluation", .string(GoTimeJSON.format(milliseconds: g.lastEvaluationTimestamp))),
            ("datasource", .string(g.datasource)),
        ])
    }

    /// `AlertingRule`. `alerts` is nil when the request excludes them: Go then writes `null`.
    static func alertingRule(_ r: RuleGroupSnapshot.RuleSnapshot, query: String, alerts: [Alert]?) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("state", .string((r.state ?? .unknown).rawValue)),
            ("name", .string(r.name)),
            ("query", .string(query)),
            ("duration", .number(GoNumbers.seconds(milliseconds: r.holdDuration))),
            ("keepFiringFor", .number(GoNumbers.seconds(milliseconds: r.keepFiringFor))),
            ("labels", labels(r.labels)),
            ("annotations", labels(r.annotations)),
            ("alerts", alerts.map { .array($0.map(alert)) } ?? .null),
            ("health", .string(r.status.health.rawValue)),
        ]
        fields += status(r.status)
        fields.append(("type", .string("alerting")))
        return .object(fields)
    }

    /// `RecordingRule`.
    static func recordingRule(_ r: RuleGroupSnapshot.RuleSnapshot, query: String) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("name", .string(r.name)),
            ("query", .string(query)),
            ("labels", labels(r.labels)),
            ("health", .string(r.status.health.rawValue)),
        ]
        fields += status(r.status)
        fields.append(("type", .string("recording")))
        return .object(fields)
    }

    /// `lastError` (left out when there is none, `omitempty`), `evaluationTime`, `lastEvaluation`.
    private static func status(_ s: RuleStatus) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = []
        if let error = s.lastError?.description, !error.isEmpty { fields.append(("lastError", .string(error))) }
        fields.append(("evaluationTime", .number(GoNumbers.seconds(nanoseconds: s.evaluationDurationNanoseconds))))
        fields.append(("lastEvaluation", .string(GoTimeJSON.format(milliseconds: s.lastEvaluation))))
        return fields
    }

    /// `Alert`: `keepFiringSince` only when set; the value as `strconv.FormatFloat(v, 'e', -1, 64)`.
    static func alert(_ a: Alert) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("labels", labels(a.labels.labels)),
            ("annotations", labels(a.annotations)),
            ("state", .string(a.state.rawValue)),
            ("activeAt", .string(GoTimeJSON.format(milliseconds: a.activeAt))),
        ]
        if let since = a.keepFiringSince { fields.append(("keepFiringSince", .string(GoTimeJSON.format(milliseconds: since)))) }
        fields.append(("value", .string(GoNumbers.formatE(a.value))))
        return .object(fields)
    }

    /// `labels.Labels` marshals as a JSON object with sorted keys; no labels is `{}`.
    static func labels(_ labels: [Label]) -> JSONValue { .map(labels.map { ($0.name, $0.value) }) }
}
