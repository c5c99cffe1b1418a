import Foundation
import GRDB
import Routing

/// Alert changes go into `alert_changes`, one row each, a received batch in one transaction (one
/// commit per `POST /api/v2/alerts` rather than per alert).
extension RouterDatabase: AlertHistory {
    public func record(_ changes: [AlertChange]) {
        historyWrite { db in
            for change in changes { try Self.insert(change, into: db) }
        }
    }

    static func insert(_ change: AlertChange, into db: Database) throws {
        let a = change.alert
        // A cached statement: the same INSERT runs for every change, and parsing it each time showed up.
        let statement = try db.cachedStatement(sql: """
                INSERT INTO alert_changes (received_at, fingerprint, alertname, labels, annotations, starts_at, ends_at,
                                           state, change, generator_url)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
                    change.receivedAt.timeIntervalSince1970, a.fingerprint.description, a.name,
                    HistoryJSON.object(HistoryJSON.dictionary(a.labels)), HistoryJSON.object(a.annotations),
                    a.startsAt.timeIntervalSince1970, a.endsAt?.timeIntervalSince1970,
                    change.state.rawValue, change.kind.rawValue, a.generatorURL,
                ])
    }
}
