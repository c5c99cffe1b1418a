import GRDB

/// The tables of `router.sqlite`, created and changed only through numbered migrations, so a file
/// written by an older Vigil is brought up to date when a newer one opens it.
///
/// Times are REAL seconds since the Unix epoch. Label sets and annotations are JSON objects, the alerts
/// of a notification a JSON array of `{"fingerprint","state","labels"}`. Silences and log entries keep
/// their whole state as the JSON of `SilencesSnapshot.Entry` / `NotificationLogEntry` (what
/// `restore` reads), with the columns that identify and expire them beside it.
enum RouterDatabaseSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: history, silences, notification log") { db in
            try db.execute(sql: """
                CREATE TABLE alert_changes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    received_at REAL NOT NULL,
                    fingerprint TEXT NOT NULL,
                    alertname TEXT NOT NULL,
                    labels TEXT NOT NULL,
                    annotations TEXT NOT NULL,
                    starts_at REAL NOT NULL,
                    ends_at REAL,
                    state TEXT NOT NULL,
                    change TEXT NOT NULL,
                    generator_url TEXT NOT NULL
                );
                CREATE INDEX alert_changes_by_time ON alert_changes(received_at);
                CREATE INDEX alert_changes_by_name ON alert_changes(alertname, received_at);

                CREATE TABLE notification_attempts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    started_at REAL NOT NULL,
                    finished_at REAL NOT NULL,
                    receiver TEXT NOT NULL,
                    integration TEXT NOT NULL,
                    integration_index INTEGER NOT NULL,
                    group_key TEXT NOT NULL,
                    group_labels TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    outcome TEXT NOT NULL,
                    error TEXT,
                    truncated_alerts INTEGER NOT NULL,
                    alerts TEXT NOT NULL
                );
                CREATE INDEX notification_attempts_by_time ON notification_attempts(started_at);
                CREATE INDEX notification_attempts_by_receiver ON notification_attempts(receiver, started_at);

                CREATE TABLE silences (
                    id TEXT PRIMARY KEY NOT NULL,
                    expires_at REAL NOT NULL,
                    entry TEXT NOT NULL
                );

                CREATE TABLE notification_log (
                    group_key TEXT NOT NULL,
                    receiver TEXT NOT NULL,
                    integration TEXT NOT NULL,
                    integration_index INTEGER NOT NULL,
                    timestamp REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    entry TEXT NOT NULL,
                    PRIMARY KEY (group_key, receiver, integration, integration_index)
                );
                """)
        }
        return migrator
    }

    /// The names of the migrations, in order (for tests and diagnostics).
    static var migrationNames: [String] { migrator.migrations }
}
