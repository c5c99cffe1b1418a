import Foundation

/// The notification log as persisted.
public struct NotificationLogSnapshot: Sendable, Hashable, Codable {
    public var entries: [NotificationLogEntry]
    public init(entries: [NotificationLogEntry] = []) { self.entries = entries }
}

/// What was last sent for each (group, integration) (Alertmanager's `nflog`): the dedup stage reads it
/// to decide whether a flush has anything new to say. Shared by the pipelines, hence the lock.
public final class NotificationLog: @unchecked Sendable {
    private struct Key: Hashable {
        var groupKey: String
        var integration: IntegrationKey
    }

    private let lock = NSLock()
    private var entries: [Key: NotificationLogEntry] = [:]
    /// How long an entry is kept at most (120h by default, upstream's `--data.retention`).
    public let retention: TimeInterval
    private let journal: (any NotificationLogJournal)?

    /// - Parameter journal: where every entry is written before it takes effect; nil keeps the log in
    ///   memory only.
    public init(retention: TimeInterval = 120 * 3600, journal: (any NotificationLogJournal)? = nil) {
        self.retention = retention
        self.journal = journal
    }

    public func entry(groupKey: String, integration: IntegrationKey) -> NotificationLogEntry? {
        lock.withLock { entries[Key(groupKey: groupKey, integration: integration)] }
    }

    /// Records a notification sent at `timestamp`. The entry expires after the retention, or after
    /// `expiry` when that is shorter (the pipeline passes twice the repeat interval, as upstream). An
    /// entry newer than `timestamp` is kept.
    /// A failure of the journal is ignored here; the pipeline uses `record`, which reports it.
    public func log(groupKey: String, integration: IntegrationKey, firing: Set<AlertFingerprint>,
                    resolved: Set<AlertFingerprint>, timestamp: Date, expiry: TimeInterval) {
        try? record(groupKey: groupKey, integration: integration, firing: firing, resolved: resolved,
                    timestamp: timestamp, expiry: expiry)
    }

    /// `log`, throwing what the journal throws; the log then keeps its previous entry.
    public func record(groupKey: String, integration: IntegrationKey, firing: Set<AlertFingerprint>,
                       resolved: Set<AlertFingerprint>, timestamp: Date, expiry: TimeInterval) throws {
        let key = Key(groupKey: groupKey, integration: integration)
        let keep = expiry > 0 && retention > expiry ? expiry : retention
        try lock.withLock {
            if let previous = entries[key], previous.timestamp > timestamp { return }
            let entry = NotificationLogEntry(groupKey: groupKey, integration: integration, timestamp: timestamp,
                                             firingAlerts: firing, resolvedAlerts: resolved,
                                             expiresAt: timestamp.addingTimeInterval(keep))
            try journal?.save(entry)
            entries[key] = entry
        }
    }

    /// Drops entries whose expiry is not after `now`; returns how many.
    @discardableResult
    public func collect(now: Date) -> Int {
        lock.withLock {
            let gone = entries.filter { $0.value.expiresAt <= now }.map(\.key)
            for k in gone { entries[k] = nil }
            return gone.count
        }
    }

    public var count: Int { lock.withLock { entries.count } }

    public func snapshot() -> NotificationLogSnapshot {
        lock.withLock {
            NotificationLogSnapshot(entries: entries.values.sorted {
                ($0.groupKey, $0.integration.description) < ($1.groupKey, $1.integration.description)
            })
        }
    }

    /// Replaces the log with a snapshot's entries that have not expired at `now`.
    public func load(_ snapshot: NotificationLogSnapshot, now: Date) {
        lock.withLock {
            entries = [:]
            for e in snapshot.entries where e.expiresAt > now {
                entries[Key(groupKey: e.groupKey, integration: e.integration)] = e
            }
        }
    }
}
