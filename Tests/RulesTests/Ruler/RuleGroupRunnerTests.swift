import Foundation
import Testing
import TimeSeries
@testable import Rules
import VigilTesting

/// The scheduled ruler driven by a manual clock: schedule, `for`, resends, resolution, outages, restarts.
@Suite("Rule group runner")
struct RuleGroupRunnerTests {
    static let start: Int64 = 1_700_000_000_000
    static let key = RuleGroupKey(file: "rules.yaml", name: "g")

    static func runner(_ rules: [Rule], interval: Int64 = minute, querier: any Querier, alerts: CapturingAlertSender,
                       writer: RecordingWriter = RecordingWriter(), store: (any RuleStateStore)? = nil,
                       clock: ManualClock) -> RuleGroupRunner {
        let evaluator = RuleGroupEvaluator(group: group("g", interval: interval, rules), file: key.file, options: runnerOptions())
        return RuleGroupRunner(
            key: key, language: .prometheus, datasource: "prometheus", evaluator: evaluator,
            collaborators: .init(querier: querier, writer: writer, alerts: alerts, stateStore: store, clock: clock))
    }

    /// The slots the group evaluates at when started at `start`.
    static func slots(interval: Int64 = minute, count: Int, startedAt: Int64 = start) -> [Int64] {
        let first = RuleGroupSchedule(name: key.name, file: key.file, interval: interval).firstEvaluation(startedAt: startedAt * 1_000_000)
        return (0..<count).map { first + Int64($0) * interval }
    }

    @Test func evaluatesAtTheGroupsSlots() async {
        let clock = ManualClock(milliseconds: Self.start)
        let querier = ScriptedRemoteQuerier { _, _ in [] }
        let runner = Self.runner([alertingRule("A", "up == 0")], querier: querier, alerts: CapturingAlertSender(), clock: clock)
        let task = Task { await runner.run() }
        await clock.waitForSleepers(1)
        let slots = Self.slots(count: 5)
        #expect(slots[0] > Self.start && slots[0] <= Self.start + minute)
        await clock.advance(toMilliseconds: slots[4])
        #expect(querier.queries.map(\.t) == slots)
        #expect(await runner.metrics.iterationsTotal == 5)
        #expect(await runner.metrics.iterationsMissed == 0)
        task.cancel()
        await task.value
    }

    @Test func pendingFiringResendsAndResolution() async throws {
        let clock = ManualClock(milliseconds: Self.start)
        let slots = Self.slots(count: 30)
        // Down from the first evaluation until slot 10 (exclusive).
        let down = slots[0]..<slots[10]
        let querier = ScriptedRemoteQuerier { _, t in down.contains(t) ? [sample(["__name__": "up", "instance": "a"], 0, t: t)] : [] }
        let alerts = CapturingAlertSender()
        let runner = Self.runner([alertingRule("Down", "up == 0", for: 3 * minute, labels: ["severity": "page"],
                                               annotations: ["summary": "{{ $labels.instance }} is down"])],
                                 querier: querier, alerts: alerts, clock: clock)
        let task = Task { await runner.run() }
        await clock.waitForSleepers(1)

        await clock.advance(toMilliseconds: slots[2])
        #expect(await alerts.batches.isEmpty, "pending alerts are not sent")
        #expect(await runner.snapshot().rules[0].state == .pending)

        await clock.advance(toMilliseconds: slots[3])
        let fired = try #require(await alerts.batches.last?.first)
        #expect(fired.labels == labels(["alertname": "Down", "instance": "a", "severity": "page"]))
        #expect(fired.annotations == [Label("summary", "a is down")])
        #expect(fired.startsAt == slots[3])
        #expect(fired.endsAt == slots[3] + 4 * minute)
        #expect(fired.generatorURL == "http://vigil.example/graph?g0.expr=up+%3D%3D+0&g0.tab=1")

        // Resent when the last send is more than the resend delay (1m) old: every second evaluation.
        await clock.advance(toMilliseconds: slots[9])
        let sendTimes = await alerts.batches.map { $0[0].endsAt! - 4 * minute }
        #expect(sendTimes == [slots[3], slots[5], slots[7], slots[9]])

        // Resolved at slot 10: sent at once with endsAt at the resolution.
        await clock.advance(toMilliseconds: slots[10])
        let resolved = try #require(await alerts.batches.last?.first)
        #expect(resolved.endsAt == slots[10])
        #expect(resolved.startsAt == slots[3])
        // Kept (and re-sent) for 15 minutes, then gone.
        await clock.advance(toMilliseconds: slots[26])
        #expect(await runner.snapshot().rules[0].alerts.isEmpty)
        #expect(await alerts.all.filter { $0.endsAt == slots[10] }.count > 1)
        task.cancel()
        await task.value
    }

    @Test func keepFiringForHoldsAResolvedCondition() async {
        let clock = ManualClock(milliseconds: Self.start)
        let slots = Self.slots(count: 12)
        let querier = ScriptedRemoteQuerier { _, t in t < slots[3] ? [sample(["__name__": "up"], 0, t: t)] : [] }
        let runner = Self.runner([alertingRule("Flappy", "up == 0", keepFiringFor: 5 * minute)],
                                 querier: querier, alerts: CapturingAlertSender(), clock: clock)
        let task = Task { await runner.run() }
        await clock.waitForSleepers(1)
        await clock.advance(toMilliseconds: slots[7])
        #expect(await runner.snapshot().rules[0].state == .firing)
        await clock.advance(toMilliseconds: slots[8])
        #expect(await runner.snapshot().rules[0].alerts.first?.state == .inactive)
        task.cancel()
        await task.value
    }

    /// Errors, timeouts and garbage from the backend mark the rule unhealthy and keep the alerts as they
    /// were: no spurious resolution.
    @Test func backendOutageKeepsAlertsFiring() async throws {
        let clock = ManualClock(milliseconds: Self.start)
        let slots = Self.slots(count: 12)
        let outage = slots[3]..<slots[8]
        let querier = ScriptedRemoteQuerier { _, t in
            if outage.contains(t) { throw BackendDown() }
            return [sample(["__name__": "up"], 0, t: t)]
        }
        let alerts = CapturingAlertSender()
        let runner = Self.runner([alertingRule("Down", "up == 0")], querier: querier, alerts: alerts, clock: clock)
        let task = Task { await runner.run() }
        await clock.waitForSleepers(1)
        await clock.advance(toMilliseconds: slots[7])
        let snapshot = await runner.snapshot()
        #expect(snapshot.rules[0].status.health == .err)
        #expect(snapshot.rules[0].status.lastError == .query(message: "connection refused"))
        #expect(snapshot.rules[0].state == .firing)
        #expect(await alerts.all.allSatisfy { $0.endsAt! > $0.startsAt! + minute }, "nothing was resolved")
        #expect(await runner.metrics.evaluationFailuresTotal == 5)
        await clock.advance(toMilliseconds: slots[8])
        #expect(await runner.snapshot().rules[0].status.health == .ok)
        task.cancel()
        await task.value
    }

    /// A restart within the outage tolerance: firing alerts come back firing (not re-sent as new), and
    /// pending ones do not count the outage towards `for`.
    @Test func restartRestoresStateFromTheStore() async throws {
        let store = InMemoryRuleStateStore()
        let clock = ManualClock(milliseconds: Self.start)
        let slots = Self.slots(count: 40)
        let querier = ScriptedRemoteQuerier { expr, t in
            if expr == "fast == 0" { return [sample(["__name__": "fast"], 0, t: t)] }
            return t >= slots[2] ? [sample(["__name__": "slow"], 0, t: t)] : []
        }
        let rules = [alertingRule("Fast", "fast == 0", for: minute), alertingRule("Slow", "slow == 0", for: 20 * minute)]
        let alerts = CapturingAlertSender()
        let first = Self.runner(rules, querier: querier, alerts: alerts, store: store, clock: clock)
        let task = Task { await first.run() }
        await clock.waitForSleepers(1)
        await clock.advance(toMilliseconds: slots[6])
        task.cancel()
        await task.value
        let before = await first.snapshot()
        let firedAt = try #require(before.rules[0].alerts.first?.firedAt)
        #expect(before.rules[1].alerts.first?.state == .pending)
        #expect(before.rules[1].alerts.first?.activeAt == slots[2])

        // Down for ten minutes, then a new process with the same store.
        await clock.advance(toMilliseconds: slots[6] + 10 * minute + 30_000)
        let second = Self.runner(rules, querier: querier, alerts: alerts, store: store, clock: clock)
        await second.restoreSavedState()
        let restored = await second.snapshot()
        #expect(restored.rules[0].alerts.first?.state == .firing)
        #expect(restored.rules[0].alerts.first?.firedAt == firedAt)
        // Pending for 4 of its 20 minutes before the outage: the outage does not count.
        let activeAt = try #require(restored.rules[1].alerts.first?.activeAt)
        #expect(activeAt == slots[2] + (clock.nowMilliseconds() - slots[6]))
    }

    @Test func aStateOlderThanTheOutageToleranceIsNotRestored() async {
        let store = InMemoryRuleStateStore()
        let clock = ManualClock(milliseconds: Self.start)
        let querier = ScriptedRemoteQuerier { _, t in [sample(["__name__": "x"], 0, t: t)] }
        let first = Self.runner([alertingRule("X", "x == 0")], querier: querier, alerts: CapturingAlertSender(), store: store, clock: clock)
        let task = Task { await first.run() }
        await clock.waitForSleepers(1)
        await clock.advance(toMilliseconds: Self.slots(count: 3)[2])
        task.cancel()
        await task.value
        await clock.advance(byMilliseconds: 2 * 3_600_000)
        let second = Self.runner([alertingRule("X", "x == 0")], querier: querier, alerts: CapturingAlertSender(), store: store, clock: clock)
        await second.restoreSavedState()
        #expect(await second.snapshot().rules[0].alerts.isEmpty)
    }

    @Test func missedIterationsAreCountedAndSkipped() async {
        let clock = ManualClock(milliseconds: Self.start)
        let querier = ScriptedRemoteQuerier { _, _ in [] }
        let runner = Self.runner([recordingRule("r", "vector(1)")], querier: querier, alerts: CapturingAlertSender(), clock: clock)
        let task = Task { await runner.run() }
        await clock.waitForSleepers(1)
        let slots = Self.slots(count: 10)
        await clock.advance(toMilliseconds: slots[1])
        // The process stalls for three and a half intervals.
        await clock.jump(toMilliseconds: slots[1] + 3 * minute + 30_000)
        #expect(await runner.metrics.iterationsMissed == 2)
        #expect(querier.queries.map(\.t) == [slots[0], slots[1], slots[4]])
        task.cancel()
        await task.value
    }

    /// A recording rule read by a later rule of the group is flushed before that rule runs.
    @Test func writesAreFlushedBeforeARuleThatReadsThem() async {
        let clock = ManualClock(milliseconds: Self.start)
        let querier = ScriptedRemoteQuerier { expr, t in
            expr == "sum(up)" ? [sample([:], 3, t: t)] : []
        }
        let writer = RecordingWriter()
        let rules = [recordingRule("job:up:sum", "sum(up)"), alertingRule("Low", "job:up:sum < 5"), recordingRule("other", "sum(up)")]
        let runner = Self.runner(rules, querier: querier, alerts: CapturingAlertSender(), writer: writer, clock: clock)
        let task = Task { await runner.run() }
        await clock.waitForSleepers(1)
        await clock.advance(toMilliseconds: Self.slots(count: 1)[0])
        #expect(await writer.events == [.write(["job:up:sum"]), .flush, .write(["other"])])
        task.cancel()
        await task.value
    }

    /// Templates that call `query` get their answers from the rule's datasource.
    @Test func templateQueriesGoToTheDatasource() async throws {
        let clock = ManualClock(milliseconds: Self.start)
        let querier = ScriptedRemoteQuerier { expr, t in
            switch expr {
            case "up == 0": return [sample(["__name__": "up", "instance": "a"], 0, t: t)]
            case #"node_uname_info{instance="a"}"#: return [sample(["__name__": "node_uname_info", "nodename": "pi-4"], 1, t: t)]
            default: return []
            }
        }
        let alerts = CapturingAlertSender()
        let rule = alertingRule("Down", "up == 0", annotations: [
            "node": #"{{ with printf "node_uname_info{instance=%q}" $labels.instance | query }}{{ . | first | label "nodename" }}{{ end }}"#,
        ])
        let runner = Self.runner([rule], querier: querier, alerts: alerts, clock: clock)
        let task = Task { await runner.run() }
        await clock.waitForSleepers(1)
        await clock.advance(toMilliseconds: Self.slots(count: 1)[0])
        let sent = try #require(await alerts.all.first)
        #expect(sent.annotations == [Label("node", "pi-4")])
        task.cancel()
        await task.value
    }

    /// Cancelling the group while a query is in flight ends it without marking the rule unhealthy.
    @Test func cancellationDuringAQueryLeavesRulesHealthy() async {
        let clock = ManualClock(milliseconds: Self.start)
        let started = AsyncStream<Void>.makeStream()
        let querier = BlockingQuerier(started: started.continuation)
        let runner = Self.runner([alertingRule("A", "up == 0")], querier: querier, alerts: CapturingAlertSender(), clock: clock)
        let task = Task { await runner.run() }
        await clock.waitForSleepers(1)
        let slot = Self.slots(count: 1)[0]
        let advance = Task { await clock.advance(toMilliseconds: slot) }
        var iterator = started.stream.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()
        await task.value
        advance.cancel()
        #expect(await runner.snapshot().rules[0].status.health == .unknown)
        #expect(await runner.metrics.evaluationFailuresTotal == 0)
    }
}

/// A querier that signals it was called, then waits until its task is cancelled.
struct BlockingQuerier: Querier {
    let started: AsyncStream<Void>.Continuation
    func query(_ expr: String, at t: Int64) async throws -> [InstantSample] {
        started.yield()
        try await Task.sleep(nanoseconds: 600_000_000_000)
        return []
    }
}
