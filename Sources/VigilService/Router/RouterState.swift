import Foundation
import Logging
import Routing
import Storage

/// What the router keeps across reloads (and, with storage, across restarts): silences, the
/// notification log, and where alert changes and notification attempts are recorded.
final class RouterState: Sendable {
    let silences: Silences
    let notificationLog: NotificationLog
    let history: any NotificationHistory
    let alertHistory: any AlertHistory
    /// The SQLite database under `storage.path`, when there is one.
    let database: RouterDatabase?
    /// Alerts received and notification attempts, for `/metrics`.
    let counters = RouterCounters()

    init(silences: Silences, notificationLog: NotificationLog, history: any NotificationHistory,
         alertHistory: any AlertHistory, database: RouterDatabase?) {
        self.silences = silences
        self.notificationLog = notificationLog
        self.history = history
        self.alertHistory = alertHistory
        self.database = database
    }

    /// State that lives as long as the process.
    static func inMemory(clock: any RouterClock) -> RouterState {
        RouterState(silences: Silences(clock: clock), notificationLog: NotificationLog(), history: NoNotificationHistory(),
                    alertHistory: NoAlertHistory(), database: nil)
    }

    /// State in `<storagePath>/router.sqlite`: silences and notification log entries are written there
    /// before they count as made (a crash loses nothing acknowledged), history rows as they happen; what
    /// the file holds is loaded back now. Entries that cannot be read are logged and skipped.
    static func persistent(storagePath: String, clock: any RouterClock, logger: Logger) throws -> RouterState {
        let database = try RouterDatabase(storagePath: storagePath, reportError: { error in
            logger.error("router database write failed", metadata: ["error": .string("\(error)")])
        })
        let silences = Silences(clock: clock, journal: database)
        let log = NotificationLog(journal: database)
        var problems = try database.restore(silences)
        problems += try database.restore(log, now: clock.now)
        for p in problems { logger.warning("router state entry skipped", metadata: ["problem": .string(p)]) }
        logger.info("router state restored", metadata: [
            "silences": .string("\(silences.count)"), "notification_log_entries": .string("\(log.count)")])
        return RouterState(silences: silences, notificationLog: log, history: database, alertHistory: database,
                           database: database)
    }
}
