import Foundation
import Routing
import Testing
import TimeSeries
@testable import Storage

/// An `AlertRouter` on a simulated clock with the database as its alert and notification history.
@Suite struct RouterHistoryTests {
    struct Setup {
        let storage = TemporaryStorage()
        let clock = SimulatedClock(Fixture.t0)
        let db: RouterDatabase
        let router: AlertRouter

        init(_ notifier: ScriptedNotifier) throws {
            db = try storage.open()
            var options = RouterOptions()
            options.retry = .deterministic
            router = AlertRouter(config: try AlertmanagerConfig.parse(Fixture.config, file: "test.yml"),
                                 integrations: ["team": [Integration(name: "webhook", sendResolved: true, notifier: notifier)]],
                                 clock: clock, options: options, history: db,
                                 silences: Silences(clock: clock, journal: db), notificationLog: NotificationLog(journal: db),
                                 alertHistory: db)
        }

        func post(_ labels: [String: String], annotations: [String: String] = [:], ends: Double? = nil) async {
            await router.receive([PostableAlert(labels: labels, annotations: annotations, endsAt: ends.map(Fixture.at))])
        }

        func advance(to seconds: Double) async { await router.advance(to: Fixture.at(seconds), on: clock) }

        func seconds(_ d: Date) -> Double { (d.timeIntervalSince(Fixture.t0) * 1000).rounded() / 1000 }
    }

    @Test func alertChangesAreRecordedOnlyWhenSomethingChanged() async throws {
        let s = try Setup(ScriptedNotifier())
        defer { s.storage.cleanup() }
        let down = ["alertname": "Down", "job": "api"]
        await s.post(down, annotations: ["summary": "down"])
        await s.advance(to: 10)
        await s.post(down, annotations: ["summary": "down"])  // an identical re-post
        await s.advance(to: 20)
        await s.post(down, annotations: ["summary": "still down"])
        await s.advance(to: 40)
        await s.post(down, annotations: ["summary": "still down"], ends: 40)  // resolved
        await s.advance(to: 50)
        await s.post(down, annotations: ["summary": "still down"], ends: 40)  // resolved again: nothing new
        await s.advance(to: 60)
        await s.post(down, annotations: ["summary": "down again"])  // fires again
        let changes = try s.db.history(HistoryQuery()).alerts.reversed()
        #expect(changes.map { "\(s.seconds($0.time)) \($0.change.rawValue) \($0.state.rawValue) \($0.annotations["summary"] ?? "")" } == [
            "0.0 new firing down",
            "20.0 annotations firing still down",
            "40.0 state resolved still down",
            "60.0 state firing down again",
        ])
        #expect(changes.allSatisfy { $0.labels == down })
    }

    @Test func notificationAttemptsAreRecordedWithTheirOutcome() async throws {
        let notifier = ScriptedNotifier([NotifyFailure(retryable: true, message: "HTTP 503 Service Unavailable"), nil])
        let s = try Setup(notifier)
        defer { s.storage.cleanup() }
        await s.post(["alertname": "Down", "job": "api"], ends: 1000)
        await s.post(["alertname": "Down", "job": "db"], ends: 1000)
        await s.advance(to: 40)
        // group_wait is 30s: the first attempt fails, the retry (0.5s later with the deterministic policy) succeeds.
        #expect(notifier.calls.count == 2)
        let attempts = try s.db.history(HistoryQuery()).notifications.reversed().map { $0 }
        #expect(attempts.map(\.outcome) == [.retryableFailure, .success])
        #expect(attempts.map(\.attempt) == [1, 2])
        #expect(attempts.map(\.error) == ["HTTP 503 Service Unavailable", nil])
        #expect(attempts.map { s.seconds($0.time) } == [30, 30.5])
        let first = try #require(attempts.first)
        #expect(first.receiver == "team")
        #expect(first.groupKey == "{}:{alertname=\"Down\"}")
        #expect(first.groupLabels == ["alertname": "Down"])
        #expect(first.reason == "first notification")
        #expect(first.alerts.map(\.labels["job"]) == ["api", "db"])
        #expect(first.alerts.allSatisfy { $0.state == .firing })
        // The successful send is in the notification log on disk.
        let log = try s.db.loadNotificationLog().snapshot
        #expect(log.entries.map(\.groupKey) == ["{}:{alertname=\"Down\"}"])
        #expect(log.entries.first?.firingAlerts.count == 2)

        // Resolution: the next flush after the end notifies the resolved alerts.
        await s.advance(to: 1300)
        let last = try #require(try s.db.history(HistoryQuery(limit: 1)).notifications.first)
        #expect(last.outcome == .success)
        #expect(last.reason == "all alerts resolved")
        #expect(last.alerts.allSatisfy { $0.state == .resolved })
        // The alerts' own history has the resolution only when it was received: nothing was posted.
        #expect(try s.db.history(HistoryQuery()).alerts.map(\.change) == [.new, .new])
    }

    @Test func aPermanentFailureIsRecordedOnce() async throws {
        let notifier = ScriptedNotifier([NotifyFailure(retryable: false, message: "HTTP 401 Unauthorized")])
        let s = try Setup(notifier)
        defer { s.storage.cleanup() }
        await s.post(["alertname": "Down"], ends: 1000)
        await s.advance(to: 31)
        let attempts = try s.db.history(HistoryQuery(receiver: "team")).notifications
        #expect(attempts.map(\.outcome) == [.permanentFailure])
        #expect(attempts.first?.error == "HTTP 401 Unauthorized")
        #expect(try s.db.loadNotificationLog().snapshot.entries.isEmpty)
    }
}
