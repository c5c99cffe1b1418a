import Foundation
import Testing
import TimeSeries
@testable import Routing

/// The router tells its `AlertHistory` of first sightings, firing↔resolved changes and annotation
/// changes, and of nothing else.
@Suite struct AlertHistoryHookTests {
    final class Recorder: AlertHistory, @unchecked Sendable {
        private let lock = NSLock()
        private var items: [AlertChange] = []
        var changes: [AlertChange] { lock.withLock { items } }
        func record(_ changes: [AlertChange]) { lock.withLock { items += changes } }
    }

    static func at(_ s: Double) -> Date { RouterHarness.at(s) }

    @Test func betweenComparesStateAtReceiptAndAnnotations() {
        let firing = Alert(labels: Labels(["alertname": "A"]), annotations: ["s": "1"], startsAt: Self.at(0), endsAt: Self.at(300), updatedAt: Self.at(0))
        #expect(AlertChange.between(nil, firing, now: Self.at(0))?.kind == .new)
        #expect(AlertChange.between(firing, firing, now: Self.at(10)) == nil)
        var annotated = firing
        annotated.annotations = ["s": "2"]
        #expect(AlertChange.between(firing, annotated, now: Self.at(10))?.kind == .annotations)
        var resolved = annotated
        resolved.endsAt = Self.at(10)
        let change = AlertChange.between(firing, resolved, now: Self.at(10))
        #expect(change?.kind == .state && change?.state == .resolved)
        // A copy that timed out (its end passed unseen) and fires again is a state change too.
        #expect(AlertChange.between(firing, firing, now: Self.at(400)) == nil)
        var again = firing
        again.endsAt = Self.at(700)
        #expect(AlertChange.between(firing, again, now: Self.at(400))?.state == .firing)
    }

    @Test func theRouterReportsChangesAsAlertsArrive() async throws {
        let clock = SimulatedClock(RouterHarness.t0)
        let recorder = Recorder()
        let router = AlertRouter(config: try AlertmanagerConfig.parse(simpleConfig(), file: "test.yml"), integrations: [:],
                                 clock: clock, alertHistory: recorder)
        await router.receive([PostableAlert(labels: ["alertname": "A"]), PostableAlert(labels: ["alertname": "B"])])
        await router.receive([PostableAlert(labels: ["alertname": "A"])])
        await router.insert(Alert(labels: Labels(["alertname": "B"]), startsAt: Self.at(0), endsAt: Self.at(0), updatedAt: Self.at(0)))
        #expect(recorder.changes.map { "\($0.alert.name) \($0.kind) \($0.state)" } == ["A new firing", "B new firing", "B state resolved"])
    }
}
