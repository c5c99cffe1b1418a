import Foundation
import PromQL
import Testing
import TimeSeries
@testable import Rules
@testable import RuleTesting

/// Upstream's `cmd/promtool/testdata/rules.yml` evaluated as `promtool test rules` does with
/// `unittest.yml`, through a minimal runner: lazy input loading, every group at every evaluation step, then
/// the test's alert and expression checks.
@Suite("promtool testdata")
struct PromtoolTestdataEvaluationTests {
    static let rulesYAML = """
    groups:
      - name: alerts
        rules:
          - alert: InstanceDown
            expr: up == 0
            for: 5m
            labels:
              severity: page
            annotations:
              summary: "Instance {{ $labels.instance }} down"
              description: "{{ $labels.instance }} of job {{ $labels.job }} has been down for more than 5 minutes."
          - alert: AlwaysFiring
            expr: 1

      - name: rules
        rules:
          - record: job:test:count_over_time1m
            expr: sum without(instance) (count_over_time(test[1m]))

          # A recording rule that doesn't depend on input series.
          - record: fixed_data
            expr: 1

          # Subquery with default resolution test.
          - record: suquery_interval_test
            expr: count_over_time(up[5m:])
    """

    /// A test group's run: groups evaluated every `evaluationInterval` from 0 to `maxEvalTime`, with a
    /// callback after each step (where promtool checks the alerts of that step).
    struct Run {
        var groups: [RuleGroupEvaluator]
        let store = SharedSeriesStore()
        let querier: LocalPromQLQuerier

        init(input: SeriesStore, seriesInterval: Int64, evaluationInterval: Int64, maxEvalTime: Int64,
             afterStep: (Int64, [RuleGroupEvaluator]) throws -> Void = { _, _ in }) throws {
            let file = try RuleLoader().load(text: PromtoolTestdataEvaluationTests.rulesYAML, fileName: "rules.yml").get()[0]
            var options = groupOptions()
            options.defaultInterval = seriesInterval
            groups = RuleGroupEvaluator.groups(of: file, path: "rules.yml", options: options)
            querier = LocalPromQLQuerier(
                engine: Engine(options: .promtoolRuleTests(evaluationInterval: evaluationInterval)), source: store)
            var loader = LazySeriesLoader(input)
            var appender = store
            var ts: Int64 = 0
            while ts <= maxEvalTime {
                try loader.load(till: ts, into: &appender)
                for g in groups.indices {
                    let report = groups[g].evaluateSynchronously(at: ts, querier: querier, appender: &appender)
                    #expect(report.failures.isEmpty, "\(report.failures.map { $0.promtoolDescription(evaluationTime: ts) })")
                }
                try afterStep(ts, groups)
                ts += evaluationInterval
            }
        }

        func query(_ expr: String, at t: Int64) throws -> [InstantSample] {
            try querier.querySynchronously(expr, at: t).sorted { $0.labels < $1.labels }
        }
    }

    static func firing(_ name: String, in groups: [RuleGroupEvaluator]) -> [Alert] {
        groups.firingAlerts(named: name)
    }

    @Test func alertingRules() throws {
        var input = SeriesStore()
        let up = labels(["__name__": "up", "job": "prometheus", "instance": "localhost:9090"])
        for i: Int64 in 0...1440 { input.append(up, t: i * minute, v: 0) }
        var checked = 0
        let day = 1440 * minute
        let run = try Run(input: input, seriesInterval: minute, evaluationInterval: minute, maxEvalTime: day) { ts, groups in
            // promtool checks the alerts of eval_time t after the evaluation at t (both are whole minutes here).
            if ts == 0 {
                #expect(Self.firing("AlwaysFiring", in: groups).map(\.labels) == [labels(["alertname": "AlwaysFiring"])])
                #expect(Self.firing("InstanceDown", in: groups).isEmpty)
                checked += 1
            }
            if ts == day {
                #expect(Self.firing("AlwaysFiring", in: groups).map(\.labels) == [labels(["alertname": "AlwaysFiring"])])
                let down = Self.firing("InstanceDown", in: groups)
                #expect(down.map(\.labels) == [labels([
                    "alertname": "InstanceDown", "severity": "page", "instance": "localhost:9090", "job": "prometheus",
                ])])
                #expect(down.first?.annotations == [
                    Label("description", "localhost:9090 of job prometheus has been down for more than 5 minutes."),
                    Label("summary", "Instance localhost:9090 down"),
                ])
                checked += 1
            }
        }
        #expect(checked == 2)
        let counts = try run.query("count(ALERTS) by (alertname, alertstate)", at: 4 * minute)
        #expect(counts == [
            InstantSample(labels: labels(["alertname": "AlwaysFiring", "alertstate": "firing"]), t: 4 * minute, value: 1),
            InstantSample(labels: labels(["alertname": "InstanceDown", "alertstate": "pending"]), t: 4 * minute, value: 1),
        ])
        // Once InstanceDown fires, its pending series is stale at once.
        #expect(try run.query("count(ALERTS) by (alertname, alertstate)", at: 5 * minute).map { $0.labels["alertstate"] }
            == ["firing", "firing"])
        #expect(try run.query("count_over_time(fixed_data[1h])", at: 60 * minute).map(\.value) == [60])
        #expect(try run.query("suquery_interval_test", at: 10 * minute).map(\.value) == [5])
    }

    @Test func recordingRulesRunAtTheEvaluationInterval() throws {
        var input = SeriesStore()
        let test = labels(["__name__": "test", "job": "test", "instance": "x:0"])
        for i: Int64 in 0...120 { input.append(test, t: i * 1000, v: Double(i)) }
        let run = try Run(input: input, seriesInterval: 1000, evaluationInterval: minute, maxEvalTime: 2 * minute + 59_999)
        let name = labels(["__name__": "job:test:count_over_time1m", "job": "test"])
        let cases: [(String, Int64, [InstantSample])] = [
            ("job:test:count_over_time1m", 0, [InstantSample(labels: name, t: 0, value: 1)]),
            ("timestamp(job:test:count_over_time1m)", 10_000, [InstantSample(labels: labels(["job": "test"]), t: 10_000, value: 0)]),
            ("job:test:count_over_time1m", minute, [InstantSample(labels: name, t: minute, value: 60)]),
            ("timestamp(job:test:count_over_time1m)", 70_000, [InstantSample(labels: labels(["job": "test"]), t: 70_000, value: 60)]),
            ("job:test:count_over_time1m", 2 * minute, [InstantSample(labels: name, t: 2 * minute, value: 60)]),
            ("timestamp(job:test:count_over_time1m)", 179_999,
             [InstantSample(labels: labels(["job": "test"]), t: 179_999, value: 120)]),
        ]
        for (expr, t, expected) in cases {
            #expect(try run.query(expr, at: t) == expected, "\(expr) at \(t)")
        }
    }

    /// `bad-rules-error-test.yml`: data that cannot be joined makes the recording rule fail.
    @Test func queryErrorsFailTheRule() throws {
        let store = SharedSeriesStore()
        try store.append(labels(["__name__": "join_1", "a": "1", "b": "2"]), t: 0, value: 1)
        try store.append(labels(["__name__": "join_2", "a": "1", "b": "3"]), t: 0, value: 2)
        try store.append(labels(["__name__": "join_2", "a": "1", "b": "4"]), t: 0, value: 3)
        let group = RuleGroup(name: "bad-example", rules: [recordingRule("joined", "join_1 + on(a) join_2")])
        var evaluator = RuleGroupEvaluator(group: group, options: groupOptions())
        var appender = store
        let report = evaluator.evaluateSynchronously(at: 0, querier: LocalPromQLQuerier(source: store), appender: &appender)
        let line = try #require(report.failures.first).promtoolDescription(evaluationTime: 0)
        #expect(line.hasPrefix("    rule: joined, time: 0s, err: found duplicate series for the match group"), "\(line)")
        #expect(evaluator.statuses[0].health == .err)
    }
}
