import Foundation
import GRDB
import Routing

/// Silences live in `silences`, one row per silence (its current state), written before `Silences`
/// acknowledges a change.
extension RouterDatabase: SilenceJournal {
    public func save(_ entries: [SilencesSnapshot.Entry]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let rows = try entries.map { ($0.silence.id, $0.expiresAt.timeIntervalSince1970, String(decoding: try encoder.encode($0), as: UTF8.self)) }
        try durableWrite { db in
            for (id, expiresAt, json) in rows {
                try db.execute(sql: """
                    INSERT INTO silences (id, expires_at, entry) VALUES (?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET expires_at = excluded.expires_at, entry = excluded.entry
                    """, arguments: [id, expiresAt, json])
            }
        }
    }

    /// Every stored silence; rows that cannot be decoded are left out and described in `problems`.
    public func loadSilences() throws -> (snapshot: SilencesSnapshot, problems: [String]) {
        let rows = try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, entry FROM silences ORDER BY id").map { row -> (String, String) in (row["id"], row["entry"]) }
        }
        var snapshot = SilencesSnapshot()
        var problems: [String] = []
        for (id, json) in rows {
            do {
                snapshot.entries.append(try JSONDecoder().decode(SilencesSnapshot.Entry.self, from: Data(json.utf8)))
            } catch {
                problems.append("silence \(id): cannot be read: \(error)")
            }
        }
        return (snapshot, problems)
    }

    /// Loads the stored silences into `silences` (replacing what it holds) and returns what was skipped:
    /// unreadable rows, and silences that no longer validate. Silences past their retention are dropped.
    @discardableResult
    public func restore(_ silences: Silences) throws -> [String] {
        let (snapshot, problems) = try loadSilences()
        return problems + silences.load(snapshot)
    }
}
