import PromQL
import TimeSeries

/// Which rules of a group write series that a later rule of the same group may read.
///
/// Prometheus evaluates a group's rules in order against its own storage, so a rule sees what an earlier
/// rule recorded at the same evaluation. Against a remote Prometheus, Vigil reproduces that by waiting for
/// remote write to deliver a rule's output before the next rule runs — but only where a later rule may
/// actually read it, because each wait costs a round trip.
///
/// A PromQL selector may read a rule's output when all its `__name__` matchers accept the output's name
/// (`ALERTS` and `ALERTS_FOR_STATE` for an alerting rule, the record name for a recording rule); a
/// selector without a name matcher may read anything. An expression that does not parse is assumed to
/// read anything. LogQL reads logs, never recorded series.
public enum RuleDependencies {
    /// For each rule, whether a later rule of the group may read what it writes.
    public static func outputsReadLater(_ rules: [RuleEvaluator], language: QueryLanguage) -> [Bool] {
        guard language == .prometheus else { return Array(repeating: false, count: rules.count) }
        let readers = rules.map { NameReads(expr: $0.expr) }
        return rules.indices.map { i in
            let outputs = outputNames(rules[i])
            return readers[(i + 1)...].contains { reader in outputs.contains { reader.mayRead($0) } }
        }
    }

    static func outputNames(_ rule: RuleEvaluator) -> [String] {
        switch rule {
        case .alerting: return [AlertingRuleEvaluator.alertsMetricName, AlertingRuleEvaluator.alertsForStateMetricName]
        case .recording(let r): return [r.name]
        }
    }

    /// The metric names an expression's selectors accept.
    struct NameReads {
        /// Nil when some selector may read any name.
        var nameMatchers: [[LabelMatcher]]?

        init(expr: String) {
            guard let parsed = try? PromQLParser.parseExpr(expr, options: .all) else {
                nameMatchers = nil
                return
            }
            var all: [[LabelMatcher]] = []
            for selector in parsed.vectorSelectors {
                let names = selector.matchers.filter { $0.name == Label.metricName }
                if names.isEmpty {
                    nameMatchers = nil
                    return
                }
                all.append(names)
            }
            nameMatchers = all
        }

        func mayRead(_ name: String) -> Bool {
            guard let nameMatchers else { return true }
            return nameMatchers.contains { matchers in matchers.allSatisfy { $0.matches(name) } }
        }
    }
}
