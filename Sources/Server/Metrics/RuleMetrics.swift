import Rules
import TimeSeries

/// The ruler's metrics with the meaning of Prometheus's `prometheus_rule_*` (rules/group.go
/// `NewGroupMetrics`) under `vigil_` names. Each series carries `rule_group` (`file;name`, upstream's
/// `GroupKey`) and `datasource`.
enum RuleMetrics {
    static func families(_ groups: [RuleGroupSnapshot]) -> [MetricFamily] {
        var families: [MetricFamily] = []
        func family(_ name: String, _ help: String, _ kind: MetricFamily.Kind,
                    _ value: (RuleGroupSnapshot) -> Double) {
            families.append(MetricFamily(name: name, help: help, kind: kind,
                                         samples: groups.map { .init(labels(of: $0), value($0)) }))
        }
        family("vigil_rule_evaluations_total", "The total number of rule evaluations.", .counter) {
            Double($0.metrics.evaluationsTotal)
        }
        family("vigil_rule_evaluation_failures_total", "The total number of rule evaluation failures.", .counter) {
            Double($0.metrics.evaluationFailuresTotal)
        }
        // Upstream counts a missed iteration as scheduled too.
        family("vigil_rule_group_iterations_total",
               "The total number of scheduled rule group evaluations, whether executed or missed.", .counter) {
            Double($0.metrics.iterationsTotal) + Double($0.metrics.iterationsMissed)
        }
        family("vigil_rule_group_iterations_missed_total",
               "The total number of rule group evaluations missed due to slow rule group evaluation.", .counter) {
            Double($0.metrics.iterationsMissed)
        }
        family("vigil_rule_group_last_duration_seconds", "The duration of the last rule group evaluation.", .gauge) {
            GoNumbers.seconds(nanoseconds: $0.metrics.lastDurationNanoseconds)
        }
        family("vigil_rule_group_last_evaluation_timestamp_seconds",
               "The timestamp of the last rule group evaluation in seconds.", .gauge) {
            $0.metrics.lastEvaluationTimestamp.map(unixSeconds) ?? 0
        }
        family("vigil_rule_group_interval_seconds", "The interval of a rule group.", .gauge) {
            GoNumbers.seconds(milliseconds: $0.interval)
        }
        family("vigil_rule_group_rules", "The number of rules.", .gauge) { Double($0.rules.count) }
        family("vigil_rule_group_last_evaluation_samples",
               "The number of samples returned during the last rule group evaluation.", .gauge) {
            Double($0.rules.reduce(0) { $0 + $1.status.samples })
        }
        family("vigil_rule_group_state_save_failures_total",
               "The total number of failures to save a rule group's alert state.", .counter) {
            Double($0.metrics.stateSaveFailuresTotal)
        }

        var alertSamples: [MetricFamily.Sample] = []
        for group in groups {
            let active = group.activeAlerts
            for state in [AlertState.pending, .firing] {
                alertSamples.append(.init(labels(of: group) + [Label("state", state.rawValue)],
                                          Double(active.filter { $0.state == state }.count)))
            }
        }
        families.append(MetricFamily(name: "vigil_rule_group_alerts",
                                     help: "The number of pending and firing alerts of a rule group, by state.",
                                     kind: .gauge, samples: alertSamples))
        return families
    }

    /// Upstream's `float64(ts.UnixNano()) / 1e9`, computed the same way so the last digit agrees.
    static func unixSeconds(milliseconds ms: Int64) -> Double {
        let (ns, overflow) = ms.multipliedReportingOverflow(by: 1_000_000)
        return overflow ? Double(ms) / 1000 : Double(ns) / 1e9
    }

    static func labels(of group: RuleGroupSnapshot) -> [Label] {
        [Label("rule_group", group.key.description), Label("datasource", group.datasource)]
    }
}
