import PromQL

/// Which rules the unit tests exercise: an alerting rule when an `alert_rule_test` names it, a recording
/// rule when a tested expression or a tested alerting rule reads its series (directly or through other
/// recording rules).
public struct RuleCoverage: Sendable {
    public struct Entry: Sendable {
        public var rule: CoveredRule
        /// How many test groups exercise it.
        public var testGroups: Int
    }

    public var entries: [Entry]

    public init(_ results: [TestFileResult]) {
        var seen = Set<CoveredRule>()
        var rules: [CoveredRule] = []
        for r in results.flatMap(\.rules) where seen.insert(r).inserted { rules.append(r) }
        let recordByName = Dictionary(grouping: rules.filter { !$0.isAlerting }, by: \.name)
        let alertByName = Dictionary(grouping: rules.filter(\.isAlerting), by: \.name)
        var counts: [CoveredRule: Int] = [:]
        for group in results.flatMap(\.groups) {
            var exercised = Set<CoveredRule>()
            var pending: [String] = group.testedExpressions
            for name in group.testedAlerts {
                for rule in alertByName[name] ?? [] {
                    exercised.insert(rule)
                    pending.append(rule.expr)
                }
            }
            // Follow recording rules through the expressions that read them.
            var visited = Set<String>()
            while let expr = pending.popLast() {
                for metric in RuleCoverage.metricNames(in: expr) where visited.insert(metric).inserted {
                    for rule in recordByName[metric] ?? [] {
                        exercised.insert(rule)
                        pending.append(rule.expr)
                    }
                }
            }
            for rule in exercised { counts[rule, default: 0] += 1 }
        }
        entries = rules.map { Entry(rule: $0, testGroups: counts[$0] ?? 0) }
    }

    public var untested: [CoveredRule] { entries.filter { $0.testGroups == 0 }.map(\.rule) }

    /// Metric names an expression selects (`name{...}` and `{__name__="name"}`).
    static func metricNames(in expr: String) -> [String] {
        guard let parsed = try? PromQLParser.parseExpr(expr, options: .all) else { return [] }
        var names: [String] = []
        for vs in parsed.vectorSelectors {
            for m in vs.matchers where m.name == "__name__" && m.type == .equal { names.append(m.value) }
        }
        return names
    }

    /// The coverage table printed by `vigil test rules --coverage`.
    public var report: String {
        var out = "Rule coverage:\n"
        let width = entries.map(\.rule.name.count).max() ?? 0
        for e in entries {
            let kind = e.rule.isAlerting ? "alert " : "record"
            let name = e.rule.name.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "  \(kind) \(name)  \(e.testGroups) test group\(e.testGroups == 1 ? "" : "s")\(e.testGroups == 0 ? "  UNTESTED" : "")  (\(e.rule.file), group \(e.rule.group))\n"
        }
        let tested = entries.count - untested.count
        out += "\(tested) of \(entries.count) rules tested"
        if !untested.isEmpty { out += "; untested: " + untested.map(\.name).joined(separator: ", ") }
        return out + "\n"
    }
}
