import Foundation
import GRDB
import Routing

/// The notification log lives in `notification_log`, one row per group and integration, written
/// before the pipeline counts a notification as done.
extension RouterDatabase: NotificationLogJournal {
    public func save(_ entry: NotificationLogEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(entry), as: UTF8.self)
        try durableWrite { db in
            try db.execute(sql: """
                INSERT INTO notification_log (group_key, receiver, integration, integration_index, timestamp, expires_at, entry)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(group_key, receiver, integration, integration_index)
                DO UPDATE SET timestamp = excluded.timestamp, expires_at = excluded.expires_at, entry = excluded.entry
                """, arguments: [
                    entry.groupKey, entry.integration.receiver, entry.integration.integration, entry.integration.index,
                    entry.timestamp.timeIntervalSince1970, entry.expiresAt.timeIntervalSince1970, json,
                ])
        }
    }

    /// Every stored log entry; rows that cannot be decoded are left out and described in `problems`.
    public func loadNotificationLog() throws -> (snapshot: NotificationLogSnapshot, problems: [String]) {
        let rows = try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT group_key, entry FROM notification_log ORDER BY group_key, receiver, integration, integration_index")
                .map { row -> (String, String) in (row["group_key"], row["entry"]) }
        }
        var snapshot = NotificationLogSnapshot()
        var problems: [String] = []
        for (key, json) in rows {
            do {
                snapshot.entries.append(try JSONDecoder().decode(NotificationLogEntry.self, from: Data(json.utf8)))
            } catch {
                problems.append("notification log entry of \(key): cannot be read: \(error)")
            }
        }
        return (snapshot, problems)
    }

    /// Loads the stored entries not expired at `now` into `log` (replacing what it holds) and returns
    /// the unreadable rows it skipped.
    @discardableResult
    public func restore(_ log: NotificationLog, now: Date) throws -> [String] {
        let (snapshot, problems) = try loadNotificationLog()
        log.load(snapshot, now: now)
        return problems
    }
}
