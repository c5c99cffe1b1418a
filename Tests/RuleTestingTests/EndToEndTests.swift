import PromQL
import Testing
import TimeSeries
@testable import Rules
@testable import RuleTesting

/// Rule groups over the local PromQL engine and a shared store, evaluated every minute as
/// `promtool test rules` does.
@Suite("End to end over the local PromQL engine")
struct EndToEndTests {
    /// promtool's documentation example, plus a recording rule feeding an alert in the same group.
    @Test func promtoolStyleRun() throws {
        var input = SeriesStore()
        for m in 0..<15 {
            input.append(labels(["__name__": "up", "job": "prometheus", "instance": "localhost:9090"]), t: Int64(m) * minute, v: 0)
            input.append(labels(["__name__": "up", "job": "node_exporter", "instance": "localhost:9100"]), t: Int64(m) * minute,
                         v: m < 7 ? 1 : 0)
        }
        var loader = LazySeriesLoader(input)
        let store = SharedSeriesStore()
        let querier = LocalPromQLQuerier(engine: Engine(options: .promtoolRuleTests(evaluationInterval: minute)), source: store)
        let group = RuleGroup(name: "example", rules: [
            recordingRule("job:up:sum", "sum by (job) (up)"),
            alertingRule("InstanceDown", "up == 0", for: 5 * minute, labels: ["severity": "page"],
                         annotations: ["summary": "Instance {{ $labels.instance }} down"]),
            alertingRule("JobDown", "job:up:sum == 0", for: 5 * minute),
        ])
        var evaluator = RuleGroupEvaluator(group: group, options: groupOptions())
        var appender = store
        for m: Int64 in 0...10 {
            try loader.load(till: m * minute, into: &appender)
            let report = evaluator.evaluateSynchronously(at: m * minute, querier: querier, appender: &appender)
            #expect(report.failures.isEmpty)
        }
        #expect(!loader.isExhausted)

        let instanceDown = evaluator.alertingRules[0]
        #expect(instanceDown.firingAlerts.map(\.labels) == [
            labels(["alertname": "InstanceDown", "instance": "localhost:9090", "job": "prometheus", "severity": "page"]),
        ])
        #expect(instanceDown.firingAlerts.first?.annotations == [Label("summary", "Instance localhost:9090 down")])
        #expect(instanceDown.activeAlerts.map(\.state) == [.firing, .pending])

        // The recorded series is visible to the later rule at the same evaluation: active from 0.
        let jobDown = evaluator.alertingRules[1]
        #expect(jobDown.firingAlerts.map(\.labels) == [labels(["alertname": "JobDown", "job": "prometheus"])])
        #expect(jobDown.firingAlerts.first?.activeAt == 0)

        // ALERTS as promql_expr_test sees it; the pending series went stale when the alert fired.
        let firing = try querier.querySynchronously("ALERTS{alertstate=\"firing\"}", at: 10 * minute)
        #expect(firing.map { $0.labels["alertname"] } == ["InstanceDown", "JobDown"])
        let pending = try querier.querySynchronously("ALERTS{alertstate=\"pending\"}", at: 6 * minute)
        #expect(pending.isEmpty)
        let forState = try querier.querySynchronously("ALERTS_FOR_STATE{instance=\"localhost:9100\"}", at: 10 * minute)
        #expect(forState.map(\.value) == [420])
        #expect(try querier.querySynchronously("job:up:sum", at: 10 * minute).map(\.value) == [0, 0])
    }

    /// Upstream's TestKeepFiringFor over the engine: `http_requests > 50` with for 1m, keep_firing_for 1m.
    @Test func keepFiringForOverTheEngine() throws {
        let store = SharedSeriesStore()
        try load(store, labels(["__name__": "http_requests", "job": "app-server", "instance": "0"]), [75, 85, 70, 70, 10, 10, 10, 10, 10, 10])
        let querier = LocalPromQLQuerier(source: store)
        let group = RuleGroup(name: "g", rules: [
            alertingRule("HTTPRequestRateHigh", "http_requests > 50", for: minute, keepFiringFor: minute),
        ])
        var evaluator = RuleGroupEvaluator(group: group, options: groupOptions())
        var appender = store
        var states: [AlertState?] = []
        for m: Int64 in 0...5 {
            evaluator.evaluateSynchronously(at: m * minute, querier: querier, appender: &appender)
            states.append(evaluator.alertingRules[0].alerts.first?.state)
        }
        #expect(states == [.pending, .firing, .firing, .firing, .firing, .inactive])
        #expect(try querier.querySynchronously("ALERTS", at: 5 * minute).isEmpty)
        #expect(try querier.querySynchronously("ALERTS", at: 4 * minute).map { $0.labels["alertstate"] } == ["firing"])
    }

    /// A recording rule writing into an input series meets upstream's duplicate-sample refusal.
    @Test func recordingIntoAnInputSeriesIsRefused() throws {
        var input = SeriesStore()
        for m: Int64 in 0..<3 { input.append(labels(["__name__": "m"]), t: m * minute, v: 1) }
        var loader = LazySeriesLoader(input)
        let store = SharedSeriesStore()
        let querier = LocalPromQLQuerier(source: store)
        var evaluator = RuleGroupEvaluator(group: RuleGroup(name: "g", rules: [recordingRule("m", "m + 1")]), options: groupOptions())
        var appender = store
        var messages: [String] = []
        for m: Int64 in 0..<2 {
            try loader.load(till: m * minute, into: &appender)
            let report = evaluator.evaluateSynchronously(at: m * minute, querier: querier, appender: &appender)
            messages += report.failures.map(\.error.description)
        }
        // Upstream's message leaves out the details when the timestamp is 0.
        #expect(messages == [
            "duplicate sample for timestamp",
            "duplicate sample for timestamp 60000; overrides not allowed: existing 1, new value 2",
        ])
    }

    @Test func promtoolEngineOptions() {
        let o = Engine.Options.promtoolRuleTests(evaluationInterval: 30_000)
        #expect(o.maxSamples == 10_000 && o.defaultSubqueryStep == 30_000 && o.lookbackDelta == 5 * minute)
        #expect(o.parserOptions == PromQLParser.Options() && !o.delayedNameRemoval)
    }

    /// A rule file as the loader reads it: group labels, interval and query_offset reach every rule.
    @Test func fromALoadedRuleFile() throws {
        let yaml = """
        groups:
          - name: api
            interval: 30s
            query_offset: 1m
            labels:
              team: core
            rules:
              - record: job:errors:sum
                expr: sum by (job) (errors)
              - alert: ErrorsHigh
                expr: job:errors:sum > 5
                for: 1m
                labels:
                  severity: '{{ if true }}page{{ end }}'
                annotations:
                  summary: '{{ $labels.job }} has {{ $value }} errors'
        """
        let files = try RuleLoader().load(text: yaml, fileName: "api.yml").get()
        var options = groupOptions()
        options.defaultInterval = minute
        var groups = RuleGroupEvaluator.groups(of: files[0], path: "api.yml", options: options)
        #expect(groups.count == 1 && groups[0].interval == 30_000 && groups[0].queryOffset == minute)

        let store = SharedSeriesStore()
        for m: Int64 in 0...6 { try store.append(labels(["__name__": "errors", "job": "api", "instance": "a"]), t: m * minute, value: 10) }
        let querier = LocalPromQLQuerier(source: store)
        var appender = store
        var ts: Int64 = minute
        while ts <= 5 * minute {
            groups[0].evaluateSynchronously(at: ts, querier: querier, appender: &appender)
            ts += groups[0].interval
        }
        // Recorded at the query time, with the group label.
        #expect(try querier.querySynchronously("job:errors:sum", at: 4 * minute).map(\.labels)
            == [labels(["__name__": "job:errors:sum", "job": "api", "team": "core"])])
        let alert = try #require(groups[0].alertingRules[0].firingAlerts.first)
        #expect(alert.labels["team"] == "core")
        #expect(alert.labels["severity"] == "page")
        #expect(alert.annotation("summary") == "api has 10 errors")
        #expect(alert.activeAt == minute)
    }
}
