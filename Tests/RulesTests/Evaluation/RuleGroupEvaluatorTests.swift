import Foundation
import PromQL
import Testing
import TimeSeries
@testable import Rules

@Suite("Rule group evaluation")
struct RuleGroupEvaluatorTests {
    @Test func groupSettingsAndLabels() {
        var options = groupOptions()
        options.defaultInterval = 30_000
        options.defaultQueryOffset = 5_000
        let group = RuleGroup(name: "g", labels: entries(["team": "core", "severity": "info"]), rules: [
            alertingRule("A", "x", labels: ["severity": "page"]),
            recordingRule("r", "y"),
        ])
        let evaluator = RuleGroupEvaluator(group: group, options: options)
        #expect(evaluator.interval == 30_000 && evaluator.queryOffset == 5_000)
        #expect(evaluator.rules[0].labels == [Label("severity", "page"), Label("team", "core")])
        #expect(evaluator.rules[1].labels == [Label("severity", "info"), Label("team", "core")])

        let explicit = RuleGroup(name: "h", interval: PromDuration(seconds: 10), queryOffset: .zero, limit: 3, rules: [])
        let e2 = RuleGroupEvaluator(group: explicit, options: options)
        #expect(e2.interval == 10_000 && e2.queryOffset == 0 && e2.limit == 3)
    }

    @Test func queryOffsetShiftsQueriesAndStoredSamples() throws {
        let log = QueryLog()
        let querier = ScriptedQuerier { expr, t in
            log.record(expr, t)
            return [sample(["i": "0"], 1, t: t)]
        }
        let group = RuleGroup(name: "g", queryOffset: PromDuration(seconds: 30), rules: [
            recordingRule("r", "x"), alertingRule("A", "x", for: minute),
        ])
        var evaluator = RuleGroupEvaluator(group: group, options: groupOptions())
        var sink = RecordingAppender()
        evaluator.evaluateSynchronously(at: 10 * minute, querier: querier, appender: &sink)
        #expect(log.times == [10 * minute - 30_000, 10 * minute - 30_000])
        #expect(sink.floats.allSatisfy { $0.t == 10 * minute - 30_000 })
        #expect(sink.floats.map { $0.labels.metricName } == ["r", "ALERTS", "ALERTS_FOR_STATE"])
        // Alert times are evaluation times.
        #expect(evaluator.alertingRules[0].alerts.first?.activeAt == 10 * minute)
    }

    @Test func failuresSetHealthAndKeepGoing() throws {
        let querier = ScriptedQuerier { expr, t in
            if expr == "bad" { throw QueryError("boom") }
            if expr == "one" { return [sample(["i": "0"], 1, t: t)] }
            return [sample(["i": "0"], 1, t: t), sample(["i": "1"], 1, t: t)]
        }
        let group = RuleGroup(name: "g", limit: 1, rules: [
            recordingRule("r", "bad"), recordingRule("r2", "good"), alertingRule("A", "good"), recordingRule("ok", "one"),
        ])
        var evaluator = RuleGroupEvaluator(group: group, options: groupOptions())
        var sink = RecordingAppender()
        let report = evaluator.evaluateSynchronously(at: 0, querier: querier, appender: &sink)
        #expect(report.failures.map(\.ruleName) == ["r", "r2", "A"])
        #expect(report.failures.map(\.error.description) == [
            "boom", "exceeded limit of 1 with 2 series", "exceeded limit of 1 with 2 alerts",
        ])
        #expect(evaluator.statuses.map(\.health) == [.err, .err, .err, .ok])
        #expect(evaluator.statuses.allSatisfy { $0.lastEvaluationTimestamp == 0 })
        #expect(evaluator.alertingRules[0].ruleState == .inactive)
        #expect(sink.floats.map(\.labels) == [labels(["__name__": "ok", "i": "0"])])
    }

    @Test func refusedAppendsMarkTheRuleUnhealthy() throws {
        let querier = ScriptedQuerier { _, t in [sample(["i": "0"], 1, t: t), sample(["i": "1"], 1, t: t)] }
        var evaluator = RuleGroupEvaluator(group: RuleGroup(name: "g", rules: [recordingRule("r", "x")]), options: groupOptions())
        var sink = RecordingAppender()
        sink.refuse = [labels(["__name__": "r", "i": "0"])]
        let report = evaluator.evaluateSynchronously(at: 0, querier: querier, appender: &sink)
        #expect(report.failures.first?.error == .append(message: "out of order sample"))
        #expect(evaluator.statuses[0].health == .err)
        #expect(sink.floats.map { $0.labels["i"] } == ["1"])
    }

    @Test func staleMarkersForSeriesThatDisappear() throws {
        let querier = ScriptedQuerier { _, t in
            t == 0 ? [sample(["i": "0"], 1, t: t), sample(["i": "1"], 1, t: t)] : [sample(["i": "1"], 2, t: t)]
        }
        var evaluator = RuleGroupEvaluator(group: RuleGroup(name: "g", rules: [recordingRule("r", "x")]), options: groupOptions())
        var sink = RecordingAppender()
        evaluator.evaluateSynchronously(at: 0, querier: querier, appender: &sink)
        evaluator.evaluateSynchronously(at: minute, querier: querier, appender: &sink)
        let last = sink.floats.suffix(2)
        #expect(last.map { $0.labels["i"] } == ["1", "0"])
        #expect(StaleNaN.isStale(last.last!.value) && last.last!.t == minute)
    }

    @Test func asyncEvaluationMatchesSynchronous() async throws {
        let querier = ScriptedQuerier { _, t in t < 3 * minute ? [sample(["i": "0"], 1, t: t)] : [] }
        let group = RuleGroup(name: "g", rules: [alertingRule("A", "x", for: minute), recordingRule("r", "x")])
        var a = RuleGroupEvaluator(group: group, options: groupOptions())
        var b = a
        var sinkA = RecordingAppender()
        var sinkB = RecordingAppender()
        for m: Int64 in 0..<5 {
            let ra = a.evaluateSynchronously(at: m * minute, querier: querier, appender: &sinkA)
            let rb = await b.evaluate(at: m * minute, querier: querier, appender: &sinkB)
            #expect(ra == rb)
        }
        #expect(a.rules == b.rules)
        #expect(sinkA.floats.count == sinkB.floats.count)
    }

    @Test func notificationsFollowSendAlerts() throws {
        let querier = ScriptedQuerier { _, t in t < 2 * minute ? [sample(["i": "0"], 1, t: t)] : [] }
        var evaluator = RuleGroupEvaluator(group: RuleGroup(name: "g", rules: [alertingRule("A", "x", for: minute)]), options: groupOptions())
        var sink = RecordingAppender()
        let counts = (0..<4).map { m in
            evaluator.evaluateSynchronously(at: Int64(m) * minute, querier: querier, appender: &sink).notifications.count
        }
        // Pending: nothing; firing: sent; resolved: sent again; resolved and already sent: nothing.
        #expect(counts == [0, 1, 1, 0])
    }

    @Test func stateSurvivesARestart() throws {
        let querier = ScriptedQuerier { _, t in [sample(["i": "0"], 1, t: t)] }
        let group = RuleGroup(name: "g", rules: [recordingRule("r", "x"), alertingRule("A", "x", for: 5 * minute)])
        var first = RuleGroupEvaluator(group: group, options: groupOptions())
        var sink = RecordingAppender()
        for m: Int64 in 0..<3 { first.evaluateSynchronously(at: m * minute, querier: querier, appender: &sink) }
        let data = try JSONEncoder().encode(first.state)
        let saved = try JSONDecoder().decode(RuleGroupState.self, from: data)
        #expect(saved == first.state)

        var second = RuleGroupEvaluator(group: group, options: groupOptions())
        second.restore(from: saved)
        #expect(second.alertingRules[0].alerts.first?.activeAt == 0)
        second.evaluateSynchronously(at: 5 * minute, querier: querier, appender: &sink)
        #expect(second.alertingRules[0].firingAlerts.count == 1)
    }
}

@Suite("Alert notifications")
struct AlertNotificationTests {
    @Test func sentAlertsBecomeNotifications() throws {
        let querier = ScriptedQuerier { _, t in t < 2 * minute ? [sample(["__name__": "up", "i": "0"], 0, t: t)] : [] }
        var evaluator = RuleGroupEvaluator(
            group: RuleGroup(name: "g", rules: [alertingRule("Down", "up==0", annotations: ["s": "x"])]), options: groupOptions())
        var sink = RecordingAppender()
        let firing = evaluator.evaluateSynchronously(at: minute, querier: querier, appender: &sink).notifications
        let resolved = evaluator.evaluateSynchronously(at: 2 * minute, querier: querier, appender: &sink).notifications
        let sent = try #require(firing.first).notifications(externalURL: "http://vigil:9090", printExpression: AlertNotification.printedPromQL)
        #expect(sent == [AlertNotification(alert: evaluator.alertingRules[0].alerts[0], expr: "up == 0", externalURL: "http://vigil:9090")]
            .map { var n = $0; n.endsAt = minute + 4 * minute; return n })
        #expect(sent.first?.generatorURL == "http://vigil:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1")
        #expect(sent.first?.startsAt == minute)
        #expect(sent.first?.labels == labels(["alertname": "Down", "i": "0"]))
        let end = try #require(resolved.first).notifications(externalURL: "")
        #expect(end.first?.endsAt == 2 * minute)
        #expect(end.first?.generatorURL == "/graph?g0.expr=up%3D%3D0&g0.tab=1")
        let data = try JSONEncoder().encode(end)
        #expect(try JSONDecoder().decode([AlertNotification].self, from: data) == end)
    }

    @Test func queryEscapeIsGos() {
        #expect(AlertNotification.queryEscape("a b/c?d=é~_.-") == "a+b%2Fc%3Fd%3D%C3%A9~_.-")
    }
}
