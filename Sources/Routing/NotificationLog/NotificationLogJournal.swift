import Foundation

/// Durable storage of notification log entries (the `Storage` target's database implements it).
/// `NotificationLog.record` calls it before the entry takes effect in memory, and the pipeline's
/// set-notifies stage fails the flush when it throws, as upstream fails it when its log cannot be
/// written: the entry of every notification counted as done is on disk.
///
/// Called with the log's lock held: it must not call back into `NotificationLog`.
public protocol NotificationLogJournal: Sendable {
    func save(_ entry: NotificationLogEntry) throws
}
