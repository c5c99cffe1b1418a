import Foundation
@testable import Routing
import TimeSeries
@testable import Storage

/// A fresh folder per test, removed by `cleanup`.
struct TemporaryStorage {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "vigil-router-db-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func open(retention: TimeInterval = RouterDatabase.defaultRetention) throws -> RouterDatabase {
        try RouterDatabase(storagePath: path, retention: retention)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// A notifier that records its calls and fails as scripted (nil: succeed).
final class ScriptedNotifier: Notifier, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [NotifyFailure?]
    private var recorded: [[Alert]] = []

    init(_ script: [NotifyFailure?] = []) { self.script = script }

    var calls: [[Alert]] { lock.withLock { recorded } }

    func notify(_ alerts: [Alert], context: NotificationContext) async throws {
        let failure: NotifyFailure? = lock.withLock {
            recorded.append(alerts)
            return script.isEmpty ? nil : script.removeFirst()
        }
        if let failure { throw failure }
    }
}

/// A journal that refuses every write, to show that nothing changes when saving fails.
struct FailingJournal: SilenceJournal, NotificationLogJournal {
    struct DiskFull: Error, CustomStringConvertible { var description: String { "disk full" } }
    func save(_ entries: [SilencesSnapshot.Entry]) throws { throw DiskFull() }
    func save(_ entry: NotificationLogEntry) throws { throw DiskFull() }
}

/// A silence journal that keeps what it is given, or fails while `failing` is set.
final class SwitchableJournal: SilenceJournal, @unchecked Sendable {
    private let lock = NSLock()
    private var fail = false
    private var entries: [SilencesSnapshot.Entry] = []

    var failing: Bool {
        get { lock.withLock { fail } }
        set { lock.withLock { fail = newValue } }
    }
    var saved: [SilencesSnapshot.Entry] { lock.withLock { entries } }

    func save(_ entries: [SilencesSnapshot.Entry]) throws {
        try lock.withLock {
            if fail { throw FailingJournal.DiskFull() }
            self.entries += entries
        }
    }
}

enum Fixture {
    /// 2026-01-02T03:04:05Z.
    static let t0 = Date(timeIntervalSince1970: 1_767_323_045)
    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func alert(_ labels: [String: String], annotations: [String: String] = [:], starts: Double = 0,
                      ends: Double? = nil, updated: Double = 0) -> Alert {
        Alert(labels: Labels(labels), annotations: annotations, startsAt: at(starts), endsAt: ends.map(at),
              generatorURL: "http://prometheus/graph", updatedAt: at(updated))
    }

    static func change(_ kind: AlertChange.Kind, _ state: AlertChange.State, _ labels: [String: String],
                       at seconds: Double) -> AlertChange {
        AlertChange(kind: kind, state: state, alert: alert(labels, starts: seconds, ends: state == .resolved ? seconds : nil),
                    receivedAt: at(seconds))
    }

    static func attempt(receiver: String, alerts: [[String: String]], at seconds: Double, outcome: NotificationAttempt.Outcome = .success,
                        error: String? = nil, attempt number: Int = 1) -> NotificationAttempt {
        let sent = alerts.map { alert($0) }
        let key = IntegrationKey(receiver: receiver, integration: "webhook", index: 0)
        let context = NotificationContext(receiver: receiver, integration: key, groupKey: "{}:{alertname=\"x\"}",
                                          groupLabels: Labels(["alertname": "x"]), routeLabels: [:], reason: .firstNotification,
                                          flushTime: at(seconds), truncatedAlerts: 0, attempt: number, deadline: at(seconds + 60))
        return NotificationAttempt(context: context, alerts: sent, firing: sent.map(\.fingerprint), resolved: [],
                                   startedAt: at(seconds), finishedAt: at(seconds + 0.25), outcome: outcome, error: error)
    }

    /// A route tree with one receiver "team", grouping by alertname.
    static let config = """
        global:
          resolve_timeout: 5m
        route:
          receiver: team
          group_by: [alertname]
          group_wait: 30s
          group_interval: 5m
          repeat_interval: 4h
        receivers:
          - name: team
        """
}
