import Foundation
import GRDB
import Routing

/// The router's durable state and history in one SQLite file, `<storage.path>/router.sqlite`, in WAL
/// mode (readers, such as `vigil history` or the HTTP API, never wait for the writer):
///
/// - silences and the notification log, written before a change is acknowledged (it implements
///   `SilenceJournal` and `NotificationLogJournal`) and loaded back on start (`restore`);
/// - the alert history (`AlertHistory`): alert changes as received;
/// - the notification history (`NotificationHistory`): every notification attempt.
///
/// History rows older than `retention` are deleted by `collect(now:)`; silences and log entries go when
/// their own expiry passes. A history write that fails is counted (`historyWriteFailures`) and reported
/// to `reportError`, never thrown at the router: losing a history row must not stop notifications.
///
/// Durability: journal writes (silences, log entries) are synced to disk before they return
/// (`synchronous=FULL`); history writes survive a crash of the process but may lose their last
/// moments to a power cut (`synchronous=NORMAL`), which spares an fsync per received alert.
public final class RouterDatabase: Sendable {
    /// The database's file name under `storage.path`.
    public static let fileName = "router.sqlite"
    /// How long history rows are kept by default: 30 days, long enough to look back over a month of
    /// incidents, short enough that a busy router's file stays in the tens of megabytes.
    public static let defaultRetention: TimeInterval = 30 * 24 * 3600

    public let path: String
    public let retention: TimeInterval
    let pool: DatabasePool
    let failures = FailureCounter()
    let reportError: @Sendable (any Error) -> Void

    /// Opens (creating it and its folder when missing) `<storagePath>/router.sqlite` and brings its
    /// schema up to date.
    public convenience init(storagePath: String, retention: TimeInterval = RouterDatabase.defaultRetention,
                            reportError: @escaping @Sendable (any Error) -> Void = { _ in }) throws {
        try AtomicFile.ensureFolder(storagePath)
        try self.init(path: (storagePath as NSString).appendingPathComponent(Self.fileName), retention: retention,
                      reportError: reportError)
    }

    /// Opens the database file at `path`. `readOnly` opens an existing file without changing it (for
    /// `vigil history` next to a running service) and fails when it does not exist.
    public init(path: String, retention: TimeInterval = RouterDatabase.defaultRetention, readOnly: Bool = false,
                reportError: @escaping @Sendable (any Error) -> Void = { _ in }) throws {
        self.path = path
        self.retention = retention
        self.reportError = reportError
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.label = "vigil.router"
        // A second process (the CLI) may hold a read transaction briefly; wait rather than fail.
        configuration.busyMode = .timeout(5)
        if !readOnly {
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        if readOnly && !FileManager.default.fileExists(atPath: path) {
            throw RouterDatabaseError.missing(path)
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        if !readOnly {
            try RouterDatabaseSchema.migrator.migrate(pool)
        }
    }

    /// Closes the file; every later call fails.
    public func close() throws { try pool.close() }

    /// How many history writes failed since the database was opened.
    public var historyWriteFailures: Int { failures.value }

    /// Writes with `synchronous=FULL`: the transaction is on disk when this returns.
    func durableWrite(_ body: (Database) throws -> Void) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
            try db.inTransaction {
                try body(db)
                return .commit
            }
        }
    }

    /// Runs a history write, counting and reporting a failure instead of throwing it.
    func historyWrite(_ body: (Database) throws -> Void) {
        do {
            try pool.write { db in try body(db) }
        } catch {
            failures.increment()
            reportError(error)
        }
    }
}

/// Why the database could not be used.
public enum RouterDatabaseError: Error, Sendable, CustomStringConvertible {
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let path): "no router database at \(path) (is storage.path right, and has the router run?)"
        }
    }
}

/// A counter shared between threads.
final class FailureCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
