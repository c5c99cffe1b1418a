import Foundation
import GRDB
import Routing

/// Alert changes go into `alert_changes`, one row each.
extension RouterDatabase: AlertHistory {
    public func record(_ change: AlertChange) {
        let a = change.alert
        historyWrite { db in
            try db.execute(sql: """
                INSERT INTO alert_changes (received_at, fingerprint, alertname, labels, annotations, starts_at, ends_at,
                                           state, change, generator_url)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    change.receivedAt.timeIntervalSince1970, a.fingerprint.description, a.name,
                    HistoryJSON.object(HistoryJSON.dictionary(a.labels)), HistoryJSON.object(a.annotations),
                    a.startsAt.timeIntervalSince1970, a.endsAt?.timeIntervalSince1970,
                    change.state.rawValue, change.kind.rawValue, a.generatorURL,
                ])
        }
    }
}
