import Foundation
import GRDB
@testable import Routing
import Testing
import TimeSeries
@testable import Storage

@Suite struct RouterDatabaseTests {
    @Test func aFreshFileGetsEveryMigrationAndWAL() throws {
        let storage = TemporaryStorage()
        defer { storage.cleanup() }
        let db = try storage.open()
        #expect(db.path == storage.path + "/router.sqlite")
        #expect(FileManager.default.fileExists(atPath: db.path))
        let (applied, tables, mode) = try db.pool.read { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name"),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        #expect(applied == RouterDatabaseSchema.migrationNames)
        #expect(tables == ["alert_changes", "notification_attempts", "notification_log", "silences"])
        #expect(mode == "wal")
        try db.close()
        // Opening again finds nothing left to migrate and keeps the data.
        let again = try storage.open()
        #expect(try again.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM grdb_migrations") } == applied.count)
    }

    @Test func readOnlyNeedsAnExistingFile() throws {
        let storage = TemporaryStorage()
        defer { storage.cleanup() }
        #expect(throws: RouterDatabaseError.self) {
            try RouterDatabase(path: storage.path + "/router.sqlite", readOnly: true)
        }
        let db = try storage.open()
        db.record(Fixture.change(.new, .firing, ["alertname": "Down"], at: 0))
        let reader = try RouterDatabase(path: db.path, readOnly: true)
        #expect(try reader.history(HistoryQuery()).alerts.map(\.alertname) == ["Down"])
    }

    @Test func alertChangesAndAttemptsComeBackNewestFirstAsWritten() async throws {
        let storage = TemporaryStorage()
        defer { storage.cleanup() }
        let db = try storage.open()
        var change = Fixture.change(.annotations, .firing, ["alertname": "Down", "job": "api"], at: 5)
        change.alert.annotations = ["summary": "api is down"]
        db.record(Fixture.change(.new, .firing, ["alertname": "Down", "job": "api"], at: 1))
        db.record(change)
        await db.record(Fixture.attempt(receiver: "team", alerts: [["alertname": "Down", "job": "api"]], at: 30,
                                        outcome: .retryableFailure, error: "HTTP 503", attempt: 1))
        let result = try db.history(HistoryQuery())
        #expect(result.alerts.map(\.change) == [.annotations, .new])
        let first = try #require(result.alerts.first)
        #expect(first.time == Fixture.at(5))
        #expect(first.labels == ["alertname": "Down", "job": "api"])
        #expect(first.annotations == ["summary": "api is down"])
        #expect(first.fingerprint == AlertFingerprint(Labels(["alertname": "Down", "job": "api"])).description)
        #expect(first.endsAt == nil)
        #expect(first.generatorURL == "http://prometheus/graph")
        let n = try #require(result.notifications.first)
        #expect(n.receiver == "team")
        #expect(n.integration == "webhook" && n.integrationIndex == 0)
        #expect(n.outcome == .retryableFailure && n.error == "HTTP 503" && n.attempt == 1)
        #expect(n.reason == "first notification")
        #expect(n.groupLabels == ["alertname": "x"])
        #expect(n.durationSeconds == 0.25)
        #expect(n.alerts == [.init(fingerprint: first.fingerprint, state: .firing, labels: ["alertname": "Down", "job": "api"])])
    }

    @Test func eachFilterNarrowsTheResult() async throws {
        let storage = TemporaryStorage()
        defer { storage.cleanup() }
        let db = try storage.open()
        db.record(Fixture.change(.new, .firing, ["alertname": "Down", "severity": "critical"], at: 10))
        db.record(Fixture.change(.new, .firing, ["alertname": "Slow", "severity": "warning"], at: 20))
        db.record(Fixture.change(.state, .resolved, ["alertname": "Down", "severity": "critical"], at: 30))
        await db.record(Fixture.attempt(receiver: "pager", alerts: [["alertname": "Down", "severity": "critical"]], at: 15))
        await db.record(Fixture.attempt(receiver: "chat", alerts: [["alertname": "Slow", "severity": "warning"]], at: 25))
        await db.record(Fixture.attempt(receiver: "chat", alerts: [["alertname": "Down", "severity": "critical"],
                                                                   ["alertname": "Slow", "severity": "warning"]], at: 35))

        func query(_ parameters: [String: [String]]) throws -> HistoryResult {
            try db.history(HistoryQuery.parse { parameters[$0] ?? [] })
        }
        func times(_ r: HistoryResult) -> ([Double], [Double]) {
            (r.alerts.map { $0.time.timeIntervalSince(Fixture.t0) }, r.notifications.map { $0.time.timeIntervalSince(Fixture.t0) })
        }
        #expect(times(try query([:])) == ([30, 20, 10], [35, 25, 15]))
        #expect(times(try query(["alertname": ["Down"]])) == ([30, 10], [35, 15]))
        #expect(times(try query(["match[]": ["severity=~\"crit.*\""]])) == ([30, 10], [35, 15]))
        #expect(times(try query(["match[]": ["{severity=\"warning\"}"]])) == ([20], [35, 25]))
        // Several lists: any one of them.
        #expect(times(try query(["match[]": ["severity=\"warning\"", "alertname=Down"]])) == ([30, 20, 10], [35, 25, 15]))
        #expect(times(try query(["match[]": ["alertname=\"Down\",severity!=\"critical\""]])) == ([], []))
        // The receiver narrows notifications only.
        #expect(times(try query(["receiver": ["chat"]])) == ([30, 20, 10], [35, 25]))
        let start = String(Fixture.at(15).timeIntervalSince1970)
        #expect(times(try query(["start": [start], "end": ["2026-01-02T03:04:35Z"]])) == ([30, 20], [25, 15]))
        #expect(times(try query(["limit": ["1"]])) == ([30], [35]))
        #expect(times(try query(["alertname": ["Slow"], "receiver": ["pager"]])) == ([20], []))
    }

    @Test func badParametersNameThemselves() {
        func problem(_ parameters: [String: [String]]) -> HistoryQueryError? {
            do {
                _ = try HistoryQuery.parse { parameters[$0] ?? [] }
                return nil
            } catch {
                return error
            }
        }
        #expect(problem(["start": ["yesterday"]])?.description == "invalid parameter \"start\": cannot parse \"yesterday\" to a valid timestamp")
        #expect(problem(["end": ["x"]])?.parameter == "end")
        #expect(problem(["start": ["200"], "end": ["100"]])?.description == "invalid parameter \"end\": end timestamp must not be before start time")
        #expect(problem(["limit": ["0"]])?.parameter == "limit")
        #expect(problem(["limit": ["ten"]])?.parameter == "limit")
        #expect(problem(["limit": ["10001"]])?.parameter == "limit")
        #expect(problem(["match[]": ["severity=~\"crit(.*\""]])?.parameter == "match[]")
        #expect(problem(["match[]": ["{a=\"b\"", "x"]])?.description.hasPrefix("invalid parameter \"match[]\": ") == true)
        #expect(problem(["limit": ["10000"], "start": ["2026-01-02T03:04:05.5Z"]]) == nil)
    }

    @Test func collectDeletesHistoryPastTheRetentionAndExpiredState() async throws {
        let storage = TemporaryStorage()
        defer { storage.cleanup() }
        let db = try storage.open(retention: 3600)
        db.record(Fixture.change(.new, .firing, ["alertname": "Old"], at: 0))
        db.record(Fixture.change(.new, .firing, ["alertname": "New"], at: 3000))
        await db.record(Fixture.attempt(receiver: "r", alerts: [["alertname": "Old"]], at: 10))
        await db.record(Fixture.attempt(receiver: "r", alerts: [["alertname": "New"]], at: 3010))
        let silence = Silence(id: "s1", matchers: [SilenceMatcher(.equal, "a", "b")], startsAt: Fixture.at(0), endsAt: Fixture.at(60))
        try db.save([SilencesSnapshot.Entry(silence: silence, expiresAt: Fixture.at(120))])
        try db.save(NotificationLogEntry(groupKey: "g", integration: IntegrationKey(receiver: "r", integration: "webhook", index: 0),
                                         timestamp: Fixture.at(0), firingAlerts: [], resolvedAlerts: [], expiresAt: Fixture.at(4000)))
        let collected = try db.collect(now: Fixture.at(3615))
        #expect(collected == RouterDatabase.Collected(alertChanges: 1, notificationAttempts: 1, silences: 1, notificationLogEntries: 0))
        let left = try db.history(HistoryQuery())
        #expect(left.alerts.map(\.alertname) == ["New"])
        #expect(left.notifications.map(\.alerts.first?.labels["alertname"]) == ["New"])
        #expect(try db.loadSilences().snapshot.entries.isEmpty)
        #expect(try db.collect(now: Fixture.at(4000)).notificationLogEntries == 1)
    }

    @Test func theJSONShapeIsStable() throws {
        let record = AlertChangeRecord(id: 7, time: Fixture.at(0.5), fingerprint: "00000000000000ff", alertname: "Down",
                                       labels: ["alertname": "Down"], annotations: [:], startsAt: Fixture.at(0), endsAt: nil,
                                       state: .firing, change: .new, generatorURL: "http://x/y")
        let text = String(decoding: try HistoryJSON.encoder().encode(record), as: UTF8.self)
        #expect(text == #"{"alertname":"Down","annotations":{},"change":"new","endsAt":null,"fingerprint":"00000000000000ff","generatorURL":"http://x/y","id":7,"labels":{"alertname":"Down"},"startsAt":"2026-01-02T03:04:05.000Z","state":"firing","time":"2026-01-02T03:04:05.500Z"}"#)
        #expect(try HistoryJSON.decoder().decode(AlertChangeRecord.self, from: Data(text.utf8)) == record)
        #expect(HistoryJSON.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(HistoryJSON.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
        #expect(HistoryJSON.format(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00.000Z")
        #expect(HistoryJSON.format(Date(timeIntervalSince1970: 1e15)) == "9999-12-31T23:59:59.999Z")
    }
}
