import Foundation
import PromQL
import Testing
import TimeSeries
@testable import Rules

/// One evaluation of a state-machine case: at `minute`, the series is in the result or not, and the
/// rule's only alert is then in state `expect` (nil: no alert kept).
struct StateStep: Sendable {
    let minute: Int64
    let present: Bool
    let expect: AlertState?
}

struct StateCase: Sendable, CustomTestStringConvertible {
    let name: String
    let hold: Int64
    let keep: Int64
    let steps: [StateStep]
    var testDescription: String { name }
}

private func step(_ m: Int64, _ present: Bool, _ expect: AlertState?) -> StateStep {
    StateStep(minute: m, present: present, expect: expect)
}

private let stateCases: [StateCase] = [
    StateCase(name: "pending until for has passed, then firing", hold: 5, keep: 0, steps: [
        step(0, true, .pending), step(1, true, .pending), step(4, true, .pending), step(5, true, .firing), step(6, true, .firing),
    ]),
    StateCase(name: "for 0 fires at the first evaluation", hold: 0, keep: 0, steps: [step(0, true, .firing)]),
    StateCase(name: "a pending alert that vanishes is dropped", hold: 5, keep: 0, steps: [
        step(0, true, .pending), step(1, true, .pending), step(2, false, nil), step(3, true, .pending),
    ]),
    StateCase(name: "a resolved alert is retained for 15 minutes", hold: 0, keep: 0, steps: [
        step(0, true, .firing), step(1, false, .inactive), step(16, false, .inactive), step(17, false, nil),
    ]),
    StateCase(name: "a resolved alert that comes back starts over", hold: 2, keep: 0, steps: [
        step(0, true, .pending), step(2, true, .firing), step(3, false, .inactive), step(4, true, .pending),
        step(5, true, .pending), step(6, true, .firing),
    ]),
    StateCase(name: "re-firing at once with for 0", hold: 0, keep: 0, steps: [
        step(0, true, .firing), step(1, false, .inactive), step(2, true, .firing),
    ]),
    // Upstream's TestKeepFiringFor: for 1m, keep_firing_for 1m, condition false from minute 4.
    StateCase(name: "keep_firing_for keeps a firing alert firing", hold: 1, keep: 1, steps: [
        step(0, true, .pending), step(1, true, .firing), step(2, true, .firing), step(3, true, .firing),
        step(4, false, .firing), step(5, false, .inactive),
    ]),
    StateCase(name: "keep_firing_for restarts when the condition holds again", hold: 0, keep: 10, steps: [
        step(0, true, .firing), step(1, false, .firing), step(5, true, .firing), step(6, false, .firing),
        step(15, false, .firing), step(16, false, .inactive),
    ]),
    // Upstream's TestPendingAndKeepFiringFor: keep_firing_for does not apply to pending alerts.
    StateCase(name: "keep_firing_for does not keep a pending alert", hold: 1, keep: 1, steps: [
        step(0, true, .pending), step(1, false, nil),
    ]),
]

@Suite("Alerting rule state machine")
struct AlertingRuleEvaluatorTests {
    @Test(arguments: stateCases)
    func stateMachine(_ c: StateCase) throws {
        var rule = AlertingRuleEvaluator(definition: .init(
            name: "HTTPRequestRateHigh", expr: "http_requests > 50", holdDuration: c.hold * minute, keepFiringFor: c.keep * minute))
        let series = sample(["__name__": "http_requests", "job": "app-server", "instance": "0"], 75)
        for s in c.steps {
            let output = try rule.evaluate(s.present ? [series] : [], at: s.minute * minute, templates: fakeTemplates)
            #expect(rule.alerts.count == (s.expect == nil ? 0 : 1), "minute \(s.minute)")
            #expect(rule.alerts.first?.state == s.expect, "minute \(s.minute)")
            // ALERTS is written for pending and firing alerts only, with their state.
            let alertStates = output.filter { $0.labels.metricName == "ALERTS" }.map { $0.labels["alertstate"] }
            let expected: [String?] = s.expect == .pending || s.expect == .firing ? [s.expect!.rawValue] : []
            #expect(alertStates == expected, "minute \(s.minute)")
        }
    }

    @Test func timestampsOfTheLifecycle() throws {
        var rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x", holdDuration: 2 * minute, keepFiringFor: 3 * minute))
        let s = sample(["instance": "0"], 1)
        _ = try rule.evaluate([s], at: 10 * minute, templates: fakeTemplates)
        _ = try rule.evaluate([s], at: 12 * minute, templates: fakeTemplates)
        var a = try #require(rule.alerts.first)
        #expect(a.activeAt == 10 * minute)
        #expect(a.firedAt == 12 * minute)
        #expect(a.resolvedAt == nil && a.keepFiringSince == nil)
        _ = try rule.evaluate([], at: 13 * minute, templates: fakeTemplates)
        a = try #require(rule.alerts.first)
        #expect(a.state == .firing && a.keepFiringSince == 13 * minute)
        _ = try rule.evaluate([], at: 16 * minute, templates: fakeTemplates)
        a = try #require(rule.alerts.first)
        #expect(a.state == .inactive && a.resolvedAt == 16 * minute)
        #expect(rule.activeAlerts.isEmpty && rule.firingAlerts.isEmpty)
        #expect(rule.ruleState == .inactive)
    }

    @Test func ruleStateIsUnknownBeforeTheFirstEvaluation() throws {
        let rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x"))
        #expect(rule.ruleState == .unknown)
        var group = RuleGroupEvaluator(name: "g", rules: [.alerting(rule)], options: groupOptions())
        var sink = RecordingAppender()
        group.evaluate(at: 0, results: [.success([sample(["a": "1"], 1)])], appender: &sink)
        #expect(group.alertingRules[0].ruleState == .firing)
    }

    @Test func labelsAreSeriesLabelsWithoutNamePlusRuleLabelsPlusAlertname() throws {
        var rule = AlertingRuleEvaluator(definition: .init(
            name: "HighLatency", expr: "latency > 1",
            labels: [Label("severity", "page"), Label("instance", "overridden"), Label("job", "")]))
        _ = try rule.evaluate([sample(["__name__": "latency", "instance": "a", "job": "api", "zone": "z"], 2)],
                              at: 0, templates: fakeTemplates)
        let a = try #require(rule.alerts.first)
        // A rule label overrides the series label; an empty rule label removes it.
        #expect(a.labels == labels(["alertname": "HighLatency", "instance": "overridden", "severity": "page", "zone": "z"]))
        #expect(a.value == 2)
    }

    @Test func labelsAndAnnotationsAreTemplated() throws {
        var rule = AlertingRuleEvaluator(definition: .init(
            name: "Down", expr: "up == 0",
            labels: [Label("severity", "{{ $labels.sev }}"), Label("team", "{{ $labels.owner }}")],
            annotations: [Label("summary", "{{ $labels.instance }} of {{ $labels.__name__ }} is {{ $value }} at {{ $externalURL }}"),
                          Label("empty", ""), Label("env", "{{ $externalLabels.env }}")]))
        let templates = AlertingRuleEvaluator.TemplateContext(
            expander: FakeTemplateExpander(), externalLabels: labels(["env": "prod"]), externalURL: "http://vigil")
        let output = try rule.evaluate([sample(["__name__": "up", "instance": "h:1", "sev": "critical"], 0.5)],
                                       at: 0, templates: templates)
        let a = try #require(rule.alerts.first)
        // `team` expanded to "" and is dropped from the alert labels.
        #expect(a.labels == labels(["alertname": "Down", "instance": "h:1", "sev": "critical", "severity": "critical"]))
        // Annotations keep empty values, sorted by name.
        #expect(a.annotations == [Label("empty", ""), Label("env", "prod"), Label("summary", "h:1 of up is 0.5 at http://vigil")])
        // ALERTS starts from the unexpanded rule labels: `team` keeps its template text, as upstream.
        let alerts = try #require(output.first { $0.labels.metricName == "ALERTS" })
        #expect(alerts.labels["team"] == "{{ $labels.owner }}")
        #expect(alerts.labels["severity"] == "critical")
    }

    @Test func annotationsAndValueFollowTheLatestEvaluation() throws {
        var rule = AlertingRuleEvaluator(definition: .init(
            name: "A", expr: "x", holdDuration: 10 * minute, annotations: [Label("v", "value {{ $value }}")]))
        _ = try rule.evaluate([sample(["i": "0"], 1)], at: 0, templates: fakeTemplates)
        _ = try rule.evaluate([sample(["i": "0"], 2.5)], at: minute, templates: fakeTemplates)
        let a = try #require(rule.alerts.first)
        #expect(a.value == 2.5)
        #expect(a.annotation("v") == "value 2.5")
        #expect(a.activeAt == 0)
    }

    @Test func templateErrorsBecomeTheValue() throws {
        var rule = AlertingRuleEvaluator(definition: .init(
            name: "Broken", expr: "x", labels: [Label("severity", "{{ humanize $value }}")],
            annotations: [Label("summary", "{{ $labels.i }} {{ oops }}"), Label("plain", "no template")]))
        _ = try rule.evaluate([sample(["i": "0"], 1)], at: 0, templates: fakeTemplates)
        let a = try #require(rule.alerts.first)
        #expect(a.labels["severity"] ==
            "<error expanding template: error parsing template __alert_Broken: template: __alert_Broken:1: function \"humanize\" not defined>")
        #expect(a.annotation("summary") ==
            "<error expanding template: error parsing template __alert_Broken: template: __alert_Broken:1: function \"oops\" not defined>")
        #expect(a.annotation("plain") == "no template")
    }

    @Test func textWithoutActionsIsNotExpanded() throws {
        var rule = AlertingRuleEvaluator(definition: .init(
            name: "A", expr: "x", labels: [Label("severity", "page { not a template }")], annotations: [Label("s", "plain")]))
        let templates = AlertingRuleEvaluator.TemplateContext(expander: ForbiddenTemplateExpander())
        _ = try rule.evaluate([sample(["i": "0"], 1)], at: 0, templates: templates)
        #expect(rule.alerts.first?.labels["severity"] == "page { not a template }")
        #expect(AlertTemplate.needsExpansion("a {{ b"))
        #expect(!AlertTemplate.needsExpansion("a { {b"))
    }

    @Test func duplicateLabelSetsFailAndKeepTheState() throws {
        var rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x"))
        _ = try rule.evaluate([sample(["__name__": "a", "i": "0"], 1)], at: 0, templates: fakeTemplates)
        let before = rule.state.active
        // The two series differ only in __name__, which alerts drop.
        #expect(throws: RuleEvaluationError.duplicateAlertLabelSet) {
            _ = try rule.evaluate([sample(["__name__": "a", "i": "0"], 1), sample(["__name__": "b", "i": "0"], 1)],
                                  at: minute, templates: fakeTemplates)
        }
        #expect(rule.state.active == before)
        #expect(rule.ruleState == .firing)
        #expect(RuleEvaluationError.duplicateAlertLabelSet.description
            == "vector contains metrics with the same labelset after applying alert labels")
    }

    @Test func templatedLabelsCanCollide() throws {
        var rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x", labels: [Label("i", "{{ $labels.j }}")]))
        #expect(throws: RuleEvaluationError.duplicateAlertLabelSet) {
            _ = try rule.evaluate([sample(["i": "0", "j": "k"], 1), sample(["i": "1", "j": "k"], 1)], at: 0, templates: fakeTemplates)
        }
    }

    @Test func limitCountsPendingAndFiringAlerts() throws {
        var rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x", holdDuration: minute))
        let three = (0..<3).map { sample(["i": "\($0)"], 1) }
        _ = try rule.evaluate(three, at: 0, limit: 3, templates: fakeTemplates)
        #expect(rule.alerts.count == 3)
        #expect(throws: RuleEvaluationError.alertLimitExceeded(limit: 2, alerts: 3)) {
            _ = try rule.evaluate(three, at: minute, limit: 2, templates: fakeTemplates)
        }
        // Upstream drops every alert when the limit is exceeded.
        #expect(rule.alerts.isEmpty)
        #expect(RuleEvaluationError.alertLimitExceeded(limit: 2, alerts: 3).description == "exceeded limit of 2 with 3 alerts")
    }

    @Test func limitIgnoresResolvedAlerts() throws {
        var rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x"))
        _ = try rule.evaluate([sample(["i": "0"], 1), sample(["i": "1"], 1)], at: 0, limit: 2, templates: fakeTemplates)
        _ = try rule.evaluate([sample(["i": "2"], 1)], at: minute, limit: 1, templates: fakeTemplates)
        #expect(rule.alerts.map(\.state) == [.inactive, .inactive, .firing])
    }

    @Test func queryOffsetStampsOutputButNotAlertTimes() throws {
        var rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x", holdDuration: minute))
        let output = try rule.evaluate([sample(["i": "0"], 1)], at: 10 * minute, queryOffset: 30_000, templates: fakeTemplates)
        #expect(output.allSatisfy { $0.t == 10 * minute - 30_000 })
        #expect(rule.alerts.first?.activeAt == 10 * minute)
    }

    @Test func alertsAndForStateSeries() throws {
        var rule = AlertingRuleEvaluator(definition: .init(
            name: "A", expr: "x", holdDuration: 5 * minute, labels: [Label("severity", "page")]))
        let output = try rule.evaluate([sample(["__name__": "x", "i": "0"], 7)], at: 90_500, templates: fakeTemplates)
        #expect(output == [
            InstantSample(labels: labels(["__name__": "ALERTS", "alertname": "A", "alertstate": "pending", "i": "0", "severity": "page"]),
                          t: 90_500, value: 1),
            InstantSample(labels: labels(["__name__": "ALERTS_FOR_STATE", "alertname": "A", "i": "0", "severity": "page"]),
                          t: 90_500, value: 90),
        ])
    }

    @Test func nothingIsWrittenUntilRestored() throws {
        var rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x"), state: .init(restored: false))
        let output = try rule.evaluate([sample(["i": "0"], 1)], at: 0, templates: fakeTemplates)
        #expect(output.isEmpty)
        #expect(rule.firingAlerts.count == 1)
    }

    @Test func longerForSendsAFiringAlertBackToPending() throws {
        // Upstream's TestFiringAlertResetToPendingOnHoldDurationIncrease.
        var rule = AlertingRuleEvaluator(definition: .init(name: "R", expr: "foo", holdDuration: 15_000))
        let s = [sample([:], 1)]
        _ = try rule.evaluate(s, at: 0, templates: fakeTemplates)
        _ = try rule.evaluate(s, at: 15_000, templates: fakeTemplates)
        #expect(rule.alerts.first?.state == .firing)
        _ = rule.alertsToSend(at: 15_000, resendDelay: minute, interval: minute)
        rule.definition.holdDuration = 60 * minute
        let output = try rule.evaluate(s, at: 30_000, templates: fakeTemplates)
        let a = try #require(rule.alerts.first)
        #expect(a.state == .pending && a.firedAt == nil && a.lastSentAt == nil && a.keepFiringSince == nil)
        #expect(output.first { $0.labels.metricName == "ALERTS" }?.labels["alertstate"] == "pending")
        _ = try rule.evaluate(s, at: 60 * minute, templates: fakeTemplates)
        #expect(rule.alerts.first?.state == .firing)
    }

    @Test func sendingBookkeeping() throws {
        var rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x", holdDuration: minute))
        let s = [sample(["i": "0"], 1)]
        _ = try rule.evaluate(s, at: 0, templates: fakeTemplates)
        #expect(rule.alertsToSend(at: 0, resendDelay: minute, interval: 30_000).isEmpty, "pending alerts are not sent")
        _ = try rule.evaluate(s, at: minute, templates: fakeTemplates)
        let sent = rule.alertsToSend(at: minute, resendDelay: minute, interval: 30_000)
        #expect(sent.count == 1 && sent[0].lastSentAt == minute && sent[0].validUntil == minute + 4 * minute)
        #expect(rule.alertsToSend(at: 2 * minute, resendDelay: minute, interval: 30_000).isEmpty, "resend delay not passed")
        #expect(rule.alertsToSend(at: 2 * minute + 1, resendDelay: minute, interval: 30_000).count == 1)
        _ = try rule.evaluate([], at: 3 * minute, templates: fakeTemplates)
        let resolved = rule.alertsToSend(at: 3 * minute, resendDelay: minute, interval: 30_000)
        #expect(resolved.count == 1 && resolved[0].resolvedAt == 3 * minute)
    }

    @Test func stateRoundTripsThroughJSON() throws {
        var rule = AlertingRuleEvaluator(definition: .init(
            name: "A", expr: "x", holdDuration: minute, annotations: [Label("empty", ""), Label("s", "{{ $value }}")]))
        _ = try rule.evaluate([sample(["i": "0"], 1), sample(["i": "1"], .infinity)], at: 0, templates: fakeTemplates)
        _ = try rule.evaluate([sample(["i": "0"], 2)], at: minute, templates: fakeTemplates)
        _ = rule.alertsToSend(at: minute, resendDelay: minute, interval: minute)
        let data = try JSONEncoder().encode(rule.state)
        let decoded = try JSONDecoder().decode(AlertingRuleEvaluator.State.self, from: data)
        #expect(decoded == rule.state)
    }

    @Test func histogramSamplesReachHistogramAwareExpanders() throws {
        struct HistogramExpander: TemplateExpander {
            func expand(_ text: String, name: String, labels: Labels, externalLabels: Labels, externalURL: String,
                        value: Double, at: Int64) throws -> String { "float \(value)" }
            func expand(_ text: String, name: String, labels: Labels, externalLabels: Labels, externalURL: String,
                        value: Double, histogram: NativeHistogram?, at: Int64) throws -> String {
                histogram.map { "histogram count \(GoFloat.formatG($0.count))" } ?? "float \(value)"
            }
        }
        var h = NativeHistogram()
        h.count = 3
        var rule = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x", annotations: [Label("v", "{{ $value }}")]))
        _ = try rule.evaluate([InstantSample(labels: labels(["i": "0"]), t: 0, value: 0, histogram: h)], at: 0,
                              templates: .init(expander: HistogramExpander()))
        #expect(rule.alerts.first?.annotation("v") == "histogram count 3")
        // The fake expander implements only the float form: the default passes the value.
        var plain = AlertingRuleEvaluator(definition: .init(name: "A", expr: "x", annotations: [Label("v", "{{ $value }}")]))
        _ = try plain.evaluate([InstantSample(labels: .empty, t: 0, value: 0, histogram: h)], at: 0, templates: fakeTemplates)
        #expect(plain.alerts.first?.annotation("v") == "0")
    }
}
