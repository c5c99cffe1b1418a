import Routing

/// What the router keeps across reloads (and, with storage, across restarts): silences, the
/// notification log, and where notification attempts are recorded.
final class RouterState: Sendable {
    let silences: Silences
    let notificationLog: NotificationLog
    let history: any NotificationHistory

    init(silences: Silences, notificationLog: NotificationLog, history: any NotificationHistory) {
        self.silences = silences
        self.notificationLog = notificationLog
        self.history = history
    }

    /// State that lives as long as the process.
    static func inMemory(clock: any RouterClock) -> RouterState {
        RouterState(silences: Silences(clock: clock), notificationLog: NotificationLog(), history: NoNotificationHistory())
    }
}
