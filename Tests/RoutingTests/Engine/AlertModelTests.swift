import Foundation
import Testing
import TimeSeries
@testable import Routing

@Suite struct AlertModelTests {
    let t0 = RouterHarness.t0

    @Test func fingerprintIsFNVOverSortedLabels() {
        // Expected values computed independently (Python) with FNV-1a 64 and 0xff separators.
        #expect(AlertFingerprint(Labels(["alertname": "Down"])).description == "6accfd3d0992a914")
        #expect(AlertFingerprint(Labels(["job": "api", "alertname": "Down"])).description == "c89fba827b26e2d5")
        #expect(AlertFingerprint(Labels()).description == "cbf29ce484222325")
    }

    @Test func stampingAsTheAPIDoes() {
        let now = t0.addingTimeInterval(100)
        let a = PostableAlert(labels: ["alertname": "A"]).stamped(now: now, resolveTimeout: 300)
        #expect(a.startsAt == now)
        #expect(a.endsAt == now.addingTimeInterval(300))
        #expect(a.timeout)
        #expect(a.updatedAt == now)
        let ended = PostableAlert(labels: ["alertname": "A"], endsAt: t0).stamped(now: now, resolveTimeout: 300)
        #expect(ended.startsAt == t0)
        #expect(ended.endsAt == t0)
        #expect(!ended.timeout)
        // Empty label values are dropped, as removeEmptyLabels does.
        let empty = PostableAlert(labels: ["alertname": "A", "x": ""]).stamped(now: now, resolveTimeout: 300)
        #expect(empty.labels == Labels(["alertname": "A"]))
    }

    @Test(arguments: [
        (PostableAlert(labels: [:]), "at least one label pair required"),
        (PostableAlert(labels: ["x": ""]), "at least one label pair required"),
        (PostableAlert(labels: ["a": "b"], startsAt: RouterHarness.at(10), endsAt: RouterHarness.at(5)), "start time must be before end time"),
        (PostableAlert(labels: ["": "b"]), "invalid label set: invalid name \"\""),
        (PostableAlert(labels: ["a": "b"], annotations: ["": "x"]), "invalid annotations: invalid name \"\""),
    ])
    func validationMessages(_ input: PostableAlert, _ message: String) {
        #expect(PostableAlert.validate(input.stamped(now: RouterHarness.at(100), resolveTimeout: 300)) == message)
    }

    @Test func receiveKeepsValidAlertsAndReportsInvalidOnes() async throws {
        let h = try RouterHarness(simpleConfig())
        let problems = await h.router.receive([
            PostableAlert(labels: [:]), PostableAlert(labels: ["alertname": "ok"]),
            PostableAlert(labels: ["a": "b"], startsAt: RouterHarness.at(10), endsAt: RouterHarness.at(5)),
        ])
        #expect(problems == ["at least one label pair required", "start time must be before end time"])
        #expect(await h.router.store.count == 1)
    }

    @Test func mergeKeepsEarlierStartAndRealEnds() {
        let labels = Labels(["alertname": "A"])
        let old = Alert(labels: labels, startsAt: t0, endsAt: t0.addingTimeInterval(600), updatedAt: t0)
        let newer = Alert(labels: labels, startsAt: t0.addingTimeInterval(60), endsAt: t0.addingTimeInterval(300),
                          updatedAt: t0.addingTimeInterval(60), timeout: true)
        let now = t0.addingTimeInterval(60)
        let m = old.merging(newer, now: now)
        #expect(m.startsAt == t0)
        // The older end is later and was sent by the client: it survives.
        #expect(m.endsAt == t0.addingTimeInterval(600))
        #expect(newer.merging(old, now: now) == m)
        // An end invented by resolve_timeout does not survive.
        var oldTimeout = old
        oldTimeout.timeout = true
        #expect(oldTimeout.merging(newer, now: now).endsAt == t0.addingTimeInterval(300))
        // A resolving copy ends the alert.
        let resolving = Alert(labels: labels, startsAt: t0, endsAt: t0.addingTimeInterval(30), updatedAt: now)
        #expect(old.merging(resolving, now: now).endsAt == t0.addingTimeInterval(30))
    }

    @Test func storeMergesOverlapsAndReplacesOtherwise() {
        var store = AlertStore()
        let labels = Labels(["alertname": "A"])
        store.put(Alert(labels: labels, startsAt: t0, endsAt: t0.addingTimeInterval(600), updatedAt: t0), now: t0)
        // Starts inside the stored range: merged, the earlier start stays.
        let inside = Alert(labels: labels, startsAt: t0.addingTimeInterval(10), endsAt: t0.addingTimeInterval(900),
                           updatedAt: t0.addingTimeInterval(10))
        #expect(store.put(inside, now: t0.addingTimeInterval(10)).startsAt == t0)
        // Fires again after the stored range ended: replaced.
        let later = Alert(labels: labels, startsAt: t0.addingTimeInterval(2000), endsAt: t0.addingTimeInterval(2300),
                          updatedAt: t0.addingTimeInterval(2000))
        #expect(store.put(later, now: t0.addingTimeInterval(2000)).startsAt == t0.addingTimeInterval(2000))
        #expect(store.collectResolved(now: t0.addingTimeInterval(2300)).count == 1)
        #expect(store.count == 0)
    }

    @Test func notificationOrderByJobThenInstanceThenLabels() {
        func a(_ d: [String: String]) -> Alert { Alert(labels: Labels(d), startsAt: t0, updatedAt: t0) }
        let alerts = [a(["alertname": "Z"]), a(["job": "b"]), a(["job": "a", "instance": "2"]), a(["job": "a", "instance": "1"]),
                      a(["alertname": "A"])]
        let sorted = alerts.sorted(by: Alert.notificationOrder).map { $0.labels.description }
        #expect(sorted == [
            "{instance=\"1\", job=\"a\"}", "{instance=\"2\", job=\"a\"}", "{job=\"b\"}", "{alertname=\"A\"}", "{alertname=\"Z\"}",
        ])
    }
}
