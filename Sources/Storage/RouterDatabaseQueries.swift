import Foundation
import GRDB
import Routing

/// Answers `HistoryQuery`: the time range, alert name and receiver narrow the SQL; label matchers run
/// on the decoded rows (they need Alertmanager's regex semantics), newest first until the limit.
extension RouterDatabase {
    public func history(_ query: HistoryQuery) throws -> HistoryResult {
        try pool.read { db in
            HistoryResult(alerts: try Self.alertChanges(db, query), notifications: try Self.notificationAttempts(db, query))
        }
    }

    static func timeRange(_ query: HistoryQuery, column: String) -> (sql: [String], arguments: StatementArguments) {
        var sql: [String] = []
        var arguments = StatementArguments()
        if let start = query.start {
            sql.append("\(column) >= ?")
            arguments += [start.timeIntervalSince1970]
        }
        if let end = query.end {
            sql.append("\(column) <= ?")
            arguments += [end.timeIntervalSince1970]
        }
        return (sql, arguments)
    }

    static func alertChanges(_ db: Database, _ query: HistoryQuery) throws -> [AlertChangeRecord] {
        var (conditions, arguments) = timeRange(query, column: "received_at")
        if let name = query.alertname {
            conditions.append("alertname = ?")
            arguments += [name]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, received_at, fingerprint, alertname, labels, annotations, starts_at, ends_at, state, change, generator_url
            FROM alert_changes \(filter) ORDER BY received_at DESC, id DESC
            """, arguments: arguments)
        var out: [AlertChangeRecord] = []
        while out.count < query.limit, let row = try rows.next() {
            let labels = HistoryJSON.decodeObject(row["labels"])
            guard query.accepts(labels) else { continue }
            let endsAt: Double? = row["ends_at"]
            out.append(AlertChangeRecord(
                id: row["id"], time: Date(timeIntervalSince1970: row["received_at"]), fingerprint: row["fingerprint"],
                alertname: row["alertname"], labels: labels, annotations: HistoryJSON.decodeObject(row["annotations"]),
                startsAt: Date(timeIntervalSince1970: row["starts_at"]), endsAt: endsAt.map(Date.init(timeIntervalSince1970:)),
                state: AlertChange.State(rawValue: row["state"]) ?? .firing,
                change: AlertChange.Kind(rawValue: row["change"]) ?? .new, generatorURL: row["generator_url"]))
        }
        return out
    }

    static func notificationAttempts(_ db: Database, _ query: HistoryQuery) throws -> [NotificationAttemptRecord] {
        var (conditions, arguments) = timeRange(query, column: "started_at")
        if let receiver = query.receiver {
            conditions.append("receiver = ?")
            arguments += [receiver]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, started_at, finished_at, receiver, integration, integration_index, group_key, group_labels, reason,
                   attempt, outcome, error, truncated_alerts, alerts
            FROM notification_attempts \(filter) ORDER BY started_at DESC, id DESC
            """, arguments: arguments)
        let filtering = query.alertname != nil || !query.matcherSets.isEmpty
        var out: [NotificationAttemptRecord] = []
        while out.count < query.limit, let row = try rows.next() {
            let alertsJSON: String = row["alerts"]
            let alerts = (try? JSONDecoder().decode([NotificationAttemptRecord.SentAlert].self, from: Data(alertsJSON.utf8))) ?? []
            if filtering && !alerts.contains(where: { query.accepts($0.labels) }) { continue }
            out.append(NotificationAttemptRecord(
                id: row["id"], time: Date(timeIntervalSince1970: row["started_at"]),
                finishedAt: Date(timeIntervalSince1970: row["finished_at"]), receiver: row["receiver"],
                integration: row["integration"], integrationIndex: row["integration_index"], groupKey: row["group_key"],
                groupLabels: HistoryJSON.decodeObject(row["group_labels"]), reason: row["reason"], attempt: row["attempt"],
                outcome: NotificationAttempt.Outcome(rawValue: row["outcome"]) ?? .permanentFailure, error: row["error"],
                truncatedAlerts: row["truncated_alerts"], alerts: alerts))
        }
        return out
    }
}
