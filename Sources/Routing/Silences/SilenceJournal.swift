import Foundation

/// Durable storage of silence changes (the `Storage` target's database implements it). `Silences`
/// calls it inside `set` and `expire`, before the change takes effect in memory, so a silence the API
/// acknowledged is on disk: when `save` throws, nothing changes and the caller gets
/// `SilenceError.notSaved`.
///
/// Called with the store's lock held: it must not call back into `Silences`.
public protocol SilenceJournal: Sendable {
    /// Writes every entry (a replaced silence is expired and its successor created in one call),
    /// all or none.
    func save(_ entries: [SilencesSnapshot.Entry]) throws
}
