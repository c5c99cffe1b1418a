import Foundation
import Testing
import TimeSeries
@testable import Routing

@Suite struct SilenceTests {
    let t0 = RouterHarness.t0
    func at(_ s: Double) -> Date { RouterHarness.at(s) }

    func store(_ clock: SimulatedClock) -> Silences {
        let ids = IDCounter(prefix: "s")
        return Silences(clock: clock, makeID: { ids.next() })
    }

    func silence(_ matchers: [SilenceMatcher], _ start: Double, _ end: Double, id: String = "") -> Silence {
        Silence(id: id, matchers: matchers, startsAt: at(start), endsAt: at(end), createdBy: "me", comment: "c")
    }

    static let eq = SilenceMatcher(.equal, "alertname", "A")

    @Test(arguments: [
        (Silence(matcherSets: [], startsAt: RouterHarness.t0, endsAt: RouterHarness.at(10)), "invalid silence: at least one matcher set required"),
        (Silence(matchers: [], startsAt: RouterHarness.t0, endsAt: RouterHarness.at(10)), "invalid silence: matcher set 0 is empty"),
        (Silence(matchers: [SilenceMatcher(.equal, "a", ""), SilenceMatcher(.regexMatch, "b", ".*")], startsAt: RouterHarness.t0, endsAt: RouterHarness.at(10)),
         "invalid silence: matcher set 0: at least one matcher must not match the empty string"),
        (Silence(matchers: [SilenceMatcher(.regexMatch, "a", "(")], startsAt: RouterHarness.t0, endsAt: RouterHarness.at(10)),
         "invalid silence: invalid label matcher 0 in set 0: invalid regular expression \"(\": error parsing regexp: missing closing ): `(`"),
        (Silence(matchers: [eq, SilenceMatcher(.equal, "", "x")], startsAt: RouterHarness.t0, endsAt: RouterHarness.at(10)),
         "invalid silence: invalid label matcher 1 in set 0: invalid label name \"\""),
        (Silence(matchers: [eq], startsAt: RouterHarness.at(10), endsAt: RouterHarness.at(5)), "invalid silence: end time must not be before start time"),
    ])
    func validationMessages(_ s: Silence, _ message: String) {
        let silences = Silences(clock: SimulatedClock(RouterHarness.t0))
        #expect(throws: SilenceError.self) { try silences.set(s) }
        do { try silences.set(s) } catch { #expect(error.description == message) }
    }

    @Test func negativeMatcherAloneIsAccepted() throws {
        // Upstream counts `!=` as never matching the empty string.
        let silences = Silences(clock: SimulatedClock(t0))
        try silences.set(silence([SilenceMatcher(.notEqual, "a", "x")], 0, 10))
        #expect(silences.count == 1)
    }

    @Test func statesAndBoundaries() {
        let s = silence([Self.eq], 100, 200)
        #expect(s.state(at: at(99)) == .pending)
        #expect(s.state(at: at(100)) == .active)
        #expect(s.state(at: at(200)) == .active)
        #expect(s.state(at: at(200.001)) == .expired)
    }

    @Test func newSilenceStartingInThePastStartsNow() throws {
        let clock = SimulatedClock(at(50))
        let silences = store(clock)
        let id = try silences.set(silence([Self.eq], 0, 100))
        #expect(silences.silence(id: id)?.startsAt == at(50))
        #expect(silences.silence(id: id)?.updatedAt == at(50))
    }

    @Test func activeSilenceUpdatedInPlaceWhenOnlyTheEndMoves() throws {
        let clock = SimulatedClock(t0)
        let silences = store(clock)
        let id = try silences.set(silence([Self.eq], 0, 100))
        clock.set(at(50))
        let same = try silences.set(silence([Self.eq], 0, 300, id: id))
        #expect(same == id)
        #expect(silences.silence(id: id)?.endsAt == at(300))
        #expect(silences.count == 1)
    }

    @Test func changingMatchersExpiresTheOldSilenceAndCreatesANewOne() throws {
        let clock = SimulatedClock(t0)
        let silences = store(clock)
        let id = try silences.set(silence([Self.eq], 0, 100))
        clock.set(at(50))
        let other = try silences.set(silence([SilenceMatcher(.equal, "alertname", "B")], 0, 100, id: id))
        #expect(other != id)
        #expect(silences.silence(id: id)?.endsAt == at(50))
        #expect(silences.silence(id: other)?.startsAt == at(50))
        #expect(silences.query(states: [.active]).map(\.id) == [id, other].sorted())
        clock.set(at(51))
        #expect(silences.query(states: [.active]).map(\.id) == [other])
    }

    @Test func activeSilenceWithAMovedStartOrPastEndIsReplaced() throws {
        let clock = SimulatedClock(t0)
        let silences = store(clock)
        let id = try silences.set(silence([Self.eq], 0, 100))
        clock.set(at(50))
        #expect(try silences.set(silence([Self.eq], 10, 100, id: id)) != id)
    }

    @Test func pendingSilenceUpdatesInPlaceUnlessItsStartIsInThePast() throws {
        let clock = SimulatedClock(t0)
        let silences = store(clock)
        let id = try silences.set(silence([Self.eq], 100, 200))
        #expect(try silences.set(silence([Self.eq], 150, 250, id: id)) == id)
        #expect(silences.silence(id: id)?.startsAt == at(150))
        clock.set(at(10))
        let replaced = try silences.set(silence([Self.eq], 5, 250, id: id))
        #expect(replaced != id)
        // The pending one was expired: it starts and ends now.
        #expect(silences.silence(id: id)?.startsAt == at(10))
        #expect(silences.silence(id: id)?.endsAt == at(10))
    }

    @Test func expiredSilenceIsNeverUpdated() throws {
        let clock = SimulatedClock(t0)
        let silences = store(clock)
        let id = try silences.set(silence([Self.eq], 0, 100))
        clock.set(at(200))
        let fresh = try silences.set(silence([Self.eq], 200, 300, id: id))
        #expect(fresh != id)
        #expect(silences.silence(id: id)?.endsAt == at(100))
    }

    @Test func expireActivePendingAndUnknown() throws {
        let clock = SimulatedClock(t0)
        let silences = store(clock)
        let active = try silences.set(silence([Self.eq], 0, 100))
        let pending = try silences.set(silence([Self.eq], 500, 600))
        clock.set(at(20))
        try silences.expire(active)
        try silences.expire(pending)
        #expect(silences.silence(id: active)?.endsAt == at(20))
        #expect(silences.silence(id: pending)?.startsAt == at(20))
        #expect(silences.silence(id: pending)?.endsAt == at(20))
        #expect(throws: SilenceError.notFound) { try silences.expire("nope") }
        #expect(throws: SilenceError.notFound) { try silences.set(silence([Self.eq], 0, 100, id: "nope")) }
        #expect(SilenceError.notFound.description == "silence not found")
    }

    @Test func queryByStateIDAndMatchingWithAnchoredRegexes() throws {
        let clock = SimulatedClock(t0)
        let silences = store(clock)
        let foo = try silences.set(silence([SilenceMatcher(.regexMatch, "job", "foo")], 0, 100))
        let any = try silences.set(silence([SilenceMatcher(.regexMatch, "job", "foo.*")], 0, 100))
        let later = try silences.set(silence([SilenceMatcher(.equal, "job", "foobar")], 50, 100))
        #expect(silences.query(matching: Labels(["job": "foobar"])).map(\.id) == [any, later].sorted())
        #expect(silences.activeSilences(matching: Labels(["job": "foobar"]), at: at(10)) == [any])
        #expect(silences.query(ids: [foo]).map(\.id) == [foo])
        #expect(silences.query(states: [.pending]).map(\.id) == [later])
        // Multiple matcher sets: either one silences.
        let either = try silences.set(Silence(matcherSets: [[SilenceMatcher(.equal, "a", "1")], [SilenceMatcher(.equal, "b", "2")]],
                                              startsAt: t0, endsAt: at(100)))
        #expect(silences.activeSilences(matching: Labels(["b": "2"]), at: at(1)) == [either])
    }

    @Test func retentionSnapshotAndRestore() throws {
        let clock = SimulatedClock(t0)
        let silences = Silences(clock: clock, retention: 3600)
        let id = try silences.set(silence([Self.eq], 0, 100))
        try silences.set(silence([SilenceMatcher(.equal, "x", "y")], 0, 10_000))
        let data = try JSONEncoder().encode(silences.snapshot())
        clock.set(at(100 + 3600))
        #expect(silences.collect() == 1)
        #expect(silences.silence(id: id) == nil)
        let restored = Silences(clock: clock)
        let problems = restored.load(try JSONDecoder().decode(SilencesSnapshot.self, from: data))
        #expect(problems.isEmpty)
        // The first one's retention has run out: not restored.
        #expect(restored.count == 1)
        #expect(restored.activeSilences(matching: Labels(["x": "y"]), at: clock.now).count == 1)
    }

    @Test func silencedAlertsAreNotNotifiedAndAreMarked() async throws {
        let h = try RouterHarness(simpleConfig())
        let id = try h.router.silences.set(silence([Self.eq], 0, 1000))
        await h.post(["alertname": "A"], ends: 100_000)
        await h.post(["alertname": "B"], ends: 100_000)
        await h.advance(to: 30)
        #expect(h.sends() == [Sent(at: 30, alerts: ["B:firing"])])
        let a = await h.router.alertViews().first { $0.alert.name == "A" }
        #expect(a?.status.silencedBy == [id])
        #expect(a?.status.state == .suppressed)
        #expect(h.router.marker.status(AlertFingerprint(Labels(["alertname": "A"]))).silencedBy == [id])
    }

    @Test func expiringASilenceNotifiesItsAlertsAtOnce() async throws {
        let h = try RouterHarness(simpleConfig())
        let id = try h.router.silences.set(silence([Self.eq], 0, 10_000))
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 100)
        #expect(h.sends().isEmpty)
        try h.router.silences.expire(id)
        await h.advance(to: 101)
        #expect(h.sends() == [Sent(at: 100.001, alerts: ["A:firing"])])
        // The regular cadence is unchanged, and nothing new is sent at it.
        await h.advance(to: 330)
        #expect(h.sends().count == 1)
    }

    @Test func upstreamWaitsForTheNextGroupIntervalAfterASilenceExpires() async throws {
        let h = try RouterHarness(simpleConfig(), options: .upstream)
        let id = try h.router.silences.set(silence([Self.eq], 0, 10_000))
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 100)
        try h.router.silences.expire(id)
        await h.advance(to: 329)
        #expect(h.sends().isEmpty)
        await h.advance(to: 330)
        #expect(h.times() == [330])
    }

    @Test func aSilenceReachingItsEndAlsoTriggersTheFlush() async throws {
        let h = try RouterHarness(simpleConfig())
        try h.router.silences.set(silence([Self.eq], 0, 200))
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 400)
        #expect(h.times() == [200.001])
    }

    @Test func groupsStillInGroupWaitAreNotFlushedEarly() async throws {
        let h = try RouterHarness(simpleConfig())
        let id = try h.router.silences.set(silence([Self.eq], 0, 10_000))
        await h.post(["alertname": "A"], ends: 100_000)
        await h.advance(to: 10)
        try h.router.silences.expire(id)
        await h.advance(to: 30)
        #expect(h.times() == [30])
    }
}
