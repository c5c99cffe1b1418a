import Foundation
import Routing
import Testing
import TimeSeries
@testable import Storage

/// Silences and the notification log survive closing and reopening the database (what a restart does),
/// and a change that cannot be saved is not made.
@Suite struct DurableRouterStateTests {
    @Test func aSilenceSetThenTheDatabaseReopenedKeepsIt() throws {
        let storage = TemporaryStorage()
        defer { storage.cleanup() }
        let clock = SimulatedClock(Fixture.t0)
        var db = try storage.open()
        let silences = Silences(clock: clock, journal: db)
        let id = try silences.set(Silence(matchers: [SilenceMatcher(.regexMatch, "severity", "crit.*")], startsAt: Fixture.at(0),
                                          endsAt: Fixture.at(3600), createdBy: "ops", comment: "maintenance"))
        let other = try silences.set(Silence(matchers: [SilenceMatcher(.equal, "job", "db")], startsAt: Fixture.at(0),
                                             endsAt: Fixture.at(7200)))
        clock.set(Fixture.at(60))
        try silences.expire(other)
        try db.close()

        db = try storage.open()
        let restored = Silences(clock: clock, journal: db)
        #expect(try db.restore(restored).isEmpty)
        #expect(restored.snapshot() == silences.snapshot())
        #expect(restored.silence(id: id)?.comment == "maintenance")
        #expect(restored.activeSilences(matching: Labels(["severity": "critical"]), at: Fixture.at(60)) == [id])
        clock.set(Fixture.at(61))
        #expect(restored.query(states: [.expired]).map(\.id) == [other])
    }

    @Test func anUpdateThatReplacesASilenceSavesBoth() throws {
        let storage = TemporaryStorage()
        defer { storage.cleanup() }
        let clock = SimulatedClock(Fixture.t0)
        let db = try storage.open()
        let silences = Silences(clock: clock, journal: db)
        let first = try silences.set(Silence(matchers: [SilenceMatcher(.equal, "a", "1")], startsAt: Fixture.at(0), endsAt: Fixture.at(600)))
        clock.set(Fixture.at(10))
        // New matchers: the old silence expires and a new one takes its place.
        let second = try silences.set(Silence(id: first, matchers: [SilenceMatcher(.equal, "a", "2")], startsAt: Fixture.at(0), endsAt: Fixture.at(600)))
        #expect(second != first)
        let stored = try db.loadSilences().snapshot
        #expect(stored == silences.snapshot())
        #expect(stored.entries.count == 2)
    }

    @Test func aSilenceThatCannotBeSavedIsNotSet() throws {
        let clock = SimulatedClock(Fixture.t0)
        let silences = Silences(clock: clock, journal: FailingJournal())
        #expect(throws: SilenceError.notSaved("disk full")) {
            try silences.set(Silence(matchers: [SilenceMatcher(.equal, "a", "1")], startsAt: Fixture.at(0), endsAt: Fixture.at(60)))
        }
        #expect(silences.count == 0)
        #expect(SilenceError.notSaved("disk full").description == "the silence could not be saved: disk full")
    }

    @Test func anExpiryThatCannotBeSavedLeavesTheSilenceActive() throws {
        let clock = SimulatedClock(Fixture.t0)
        let journal = SwitchableJournal()
        let silences = Silences(clock: clock, journal: journal)
        let id = try silences.set(Silence(matchers: [SilenceMatcher(.equal, "a", "1")], startsAt: Fixture.at(0), endsAt: Fixture.at(600)))
        journal.failing = true
        clock.set(Fixture.at(10))
        #expect(throws: SilenceError.notSaved("disk full")) { try silences.expire(id) }
        #expect(silences.silence(id: id)?.endsAt == Fixture.at(600))
        #expect(journal.saved.count == 1)
    }

    @Test func notificationLogEntriesSurviveReopen() throws {
        let storage = TemporaryStorage()
        defer { storage.cleanup() }
        var db = try storage.open()
        let log = NotificationLog(journal: db)
        let key = IntegrationKey(receiver: "team", integration: "webhook", index: 0)
        let fp = AlertFingerprint(Labels(["alertname": "Down"]))
        try log.record(groupKey: "{}:{alertname=\"Down\"}", integration: key, firing: [fp], resolved: [],
                       timestamp: Fixture.at(30), expiry: 8 * 3600)
        // A newer entry for the same group and integration replaces the row.
        try log.record(groupKey: "{}:{alertname=\"Down\"}", integration: key, firing: [], resolved: [fp],
                       timestamp: Fixture.at(330), expiry: 8 * 3600)
        try log.record(groupKey: "{}:{alertname=\"Slow\"}", integration: key, firing: [fp], resolved: [],
                       timestamp: Fixture.at(40), expiry: 8 * 3600)
        try db.close()

        db = try storage.open()
        let restored = NotificationLog(journal: db)
        #expect(try db.restore(restored, now: Fixture.at(400)).isEmpty)
        #expect(restored.snapshot() == log.snapshot())
        #expect(restored.entry(groupKey: "{}:{alertname=\"Down\"}", integration: key)?.resolvedAlerts == [fp])
        // Entries expired by the time of the restart are not loaded.
        let late = NotificationLog()
        try db.restore(late, now: Fixture.at(40 + 8 * 3600))
        #expect(late.count == 1)
    }

    @Test func aLogEntryThatCannotBeSavedFailsTheFlush() async throws {
        let clock = SimulatedClock(Fixture.t0)
        var options = RouterOptions()
        options.retry = .deterministic
        let notifier = ScriptedNotifier()
        let router = AlertRouter(config: try AlertmanagerConfig.parse(Fixture.config, file: "test.yml"),
                                 integrations: ["team": [Integration(name: "webhook", sendResolved: true, notifier: notifier)]],
                                 clock: clock, options: options, notificationLog: NotificationLog(journal: FailingJournal()))
        await router.receive([PostableAlert(labels: ["alertname": "Down"])])
        await router.advance(to: Fixture.at(31), on: clock)
        #expect(notifier.calls.count == 1)
        let failure = try #require(await router.lastFailures.values.first)
        #expect(failure.description == "team/webhook/0: cannot record the notification in the log: disk full")
        #expect(router.notificationLog.count == 0)
    }
}
