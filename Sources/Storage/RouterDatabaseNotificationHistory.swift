import Foundation
import GRDB
import Routing

/// Notification attempts go into `notification_attempts`, one row each, with the alerts sent as JSON.
extension RouterDatabase: NotificationHistory {
    public func record(_ attempt: NotificationAttempt) async {
        // A synchronous write: the retry stage waits for it anyway, and GRDB's async variant would need
        // every value captured to be Sendable across a hop for no gain.
        insert(attempt)
    }

    func insert(_ attempt: NotificationAttempt) {
        let c = attempt.context
        let resolved = Set(attempt.resolved)
        let sent = attempt.alerts.map { a in
            NotificationAttemptRecord.SentAlert(fingerprint: a.fingerprint.description,
                                                state: resolved.contains(a.fingerprint) ? .resolved : .firing,
                                                labels: HistoryJSON.dictionary(a.labels))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let alertsJSON = (try? String(decoding: encoder.encode(sent), as: UTF8.self)) ?? "[]"
        historyWrite { db in
            try db.execute(sql: """
                INSERT INTO notification_attempts (started_at, finished_at, receiver, integration, integration_index,
                    group_key, group_labels, reason, attempt, outcome, error, truncated_alerts, alerts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    attempt.startedAt.timeIntervalSince1970, attempt.finishedAt.timeIntervalSince1970,
                    c.receiver, c.integration.integration, c.integration.index, c.groupKey,
                    HistoryJSON.object(HistoryJSON.dictionary(c.groupLabels)), c.reason.rawValue, c.attempt,
                    attempt.outcome.rawValue, attempt.error, c.truncatedAlerts, alertsJSON,
                ])
        }
    }
}
