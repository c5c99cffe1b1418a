import Foundation
import GRDB
import Routing

/// Deleting what is no longer kept: history rows older than the retention, silences and notification
/// log entries whose own expiry has passed (the in-memory stores forget them at the same point).
extension RouterDatabase {
    /// How many rows one `collect` deleted, by table.
    public struct Collected: Sendable, Hashable {
        public var alertChanges = 0
        public var notificationAttempts = 0
        public var silences = 0
        public var notificationLogEntries = 0
    }

    @discardableResult
    public func collect(now: Date) throws -> Collected {
        let cutoff = now.timeIntervalSince1970 - retention
        let current = now.timeIntervalSince1970
        return try pool.write { db in
            var c = Collected()
            try db.execute(sql: "DELETE FROM alert_changes WHERE received_at < ?", arguments: [cutoff])
            c.alertChanges = db.changesCount
            try db.execute(sql: "DELETE FROM notification_attempts WHERE started_at < ?", arguments: [cutoff])
            c.notificationAttempts = db.changesCount
            try db.execute(sql: "DELETE FROM silences WHERE expires_at <= ?", arguments: [current])
            c.silences = db.changesCount
            try db.execute(sql: "DELETE FROM notification_log WHERE expires_at <= ?", arguments: [current])
            c.notificationLogEntries = db.changesCount
            return c
        }
    }

    /// Runs `collect` every `interval` on `clock` until the task is cancelled, reporting failures to
    /// `reportError`. The service starts it beside the router.
    public func collectPeriodically(every interval: TimeInterval = 3600, clock: any RouterClock) async {
        while !Task.isCancelled {
            do {
                try collect(now: clock.now)
            } catch {
                reportError(error)
            }
            do {
                try await clock.sleep(until: clock.now.addingTimeInterval(interval))
            } catch {
                return
            }
        }
    }
}
