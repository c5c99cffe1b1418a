import Foundation
@testable import Routing
@testable import Storage
import Testing
import TimeSeries

/// `vigil history` on a database written by the Storage target, as the service would leave it.
@Suite struct HistoryCommandTests {
    static let t0 = Date(timeIntervalSince1970: 1_767_323_045)  // 2026-01-02T03:04:05Z

    /// A storage folder with a `vigil.yml` naming it, and a database holding two alerts and two attempts.
    static func storage() throws -> URL {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "vigil-history-cli-\(UUID().uuidString)")
        let db = try RouterDatabase(storagePath: folder.appendingPathComponent("data").path)
        let down = Alert(labels: Labels(["alertname": "Down", "severity": "critical"]), startsAt: t0, updatedAt: t0)
        let slow = Alert(labels: Labels(["alertname": "Slow", "severity": "warning"]), startsAt: t0, updatedAt: t0)
        db.record(AlertChange(kind: .new, state: .firing, alert: down, receivedAt: t0))
        db.record(AlertChange(kind: .new, state: .firing, alert: slow, receivedAt: t0.addingTimeInterval(1)))
        let key = IntegrationKey(receiver: "pager", integration: "webhook", index: 0)
        let context = NotificationContext(receiver: "pager", integration: key, groupKey: "{}:{alertname=\"Down\"}",
                                          groupLabels: Labels(["alertname": "Down"]), routeLabels: [:], reason: .firstNotification,
                                          flushTime: t0.addingTimeInterval(30), truncatedAlerts: 0, attempt: 1,
                                          deadline: t0.addingTimeInterval(330))
        var attempt = NotificationAttempt(context: context, alerts: [down], firing: [down.fingerprint], resolved: [],
                                          startedAt: t0.addingTimeInterval(30), finishedAt: t0.addingTimeInterval(30.1),
                                          outcome: .retryableFailure, error: "HTTP 503 Service Unavailable")
        db.insert(attempt)
        attempt.context.attempt = 2
        attempt.startedAt = t0.addingTimeInterval(31)
        attempt.finishedAt = t0.addingTimeInterval(31.1)
        attempt.outcome = .success
        attempt.error = nil
        db.insert(attempt)
        try db.close()
        try "storage:\n  path: data\n".write(to: folder.appendingPathComponent("vigil.yml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func printsATableNewestFirst() throws {
        let folder = try Self.storage()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try VigilProcess.run(["history", "--config", folder.appendingPathComponent("vigil.yml").path])
        #expect(r.exitCode == 0)
        #expect(r.stdout == """
            TIME                      KIND          ALERTNAME/RECEIVER  STATE/OUTCOME        ERROR
            2026-01-02T03:04:36.000Z  notification  pager/webhook[0]    success (attempt 2)
            2026-01-02T03:04:35.000Z  notification  pager/webhook[0]    retryableFailure     HTTP 503 Service Unavailable
            2026-01-02T03:04:06.000Z  alert         Slow                firing (new)
            2026-01-02T03:04:05.000Z  alert         Down                firing (new)

            """)
        let filtered = try VigilProcess.run(["history", "--storage.path", folder.appendingPathComponent("data").path,
                                             "--match", "severity=~\"warn.*\"", "--limit", "1"])
        #expect(filtered.exitCode == 0)
        #expect(filtered.stdout == """
            TIME                      KIND   ALERTNAME/RECEIVER  STATE/OUTCOME  ERROR
            2026-01-02T03:04:06.000Z  alert  Slow                firing (new)

            """)
    }

    @Test func printsJSONAndNamesBadFlags() throws {
        let folder = try Self.storage()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let r = try VigilProcess.run(["history", "--storage.path", data, "--output", "json", "--receiver", "pager",
                                      "--alertname", "Down", "--start", "2026-01-02T03:04:36Z"])
        #expect(r.exitCode == 0)
        let result = try HistoryJSON.decoder().decode(HistoryResult.self, from: Data(r.stdout.utf8))
        #expect(result.alerts.isEmpty)
        #expect(result.notifications.map(\.outcome) == [.success])

        let bad = try VigilProcess.run(["history", "--storage.path", data, "--start", "soon"])
        #expect(bad.exitCode == 1)
        #expect(bad.stderr == "error: --start: cannot parse \"soon\" to a valid timestamp\n")
        let missing = try VigilProcess.run(["history", "--storage.path", folder.appendingPathComponent("nowhere").path])
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.hasPrefix("error: no router database at "))
    }
}
