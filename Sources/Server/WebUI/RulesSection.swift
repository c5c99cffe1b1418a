import Foundation
import Rules
import TimeSeries

/// The rules section: each group with its last evaluation, each rule with its health, state, last
/// evaluation and last error, and under each alerting rule its pending and firing alerts.
enum RulesSection {
    static func render(_ groups: [RuleGroupSnapshot], now: Date) -> String {
        let rules = groups.reduce(0) { $0 + $1.rules.count }
        let failing = groups.reduce(0) { $0 + $1.rules.filter { $0.status.health == .err }.count }
        var out = "<section id=\"rules\"><h2>Rules <span class=\"count\">\(rules)</span>"
        if failing > 0 { out += " <span class=\"badge err\">\(failing) failing</span>" }
        out += "</h2>"
        if groups.isEmpty {
            out += "<p class=\"empty\">No rules loaded: <code>rule_files</code> in vigil.yml names none, or they hold no groups.</p>"
            return out + "</section>"
        }
        for group in groups { out += render(group, now: now) }
        return out + "</section>"
    }

    static func render(_ group: RuleGroupSnapshot, now: Date) -> String {
        var out = "<div class=\"group\"><h3>\(HTMLText.escape(group.key.name))</h3><p class=\"meta\">"
        out += HTMLText.escape(group.key.file)
        out += " · datasource " + HTMLText.escape(group.datasource)
        out += " · every " + HTMLText.escape(WebTime.span(seconds: max(group.interval / 1000, 0)))
        if let last = group.lastEvaluationTimestamp {
            out += " · last evaluated " + WebTime.element(milliseconds: last, now: now)
            out += " in " + HTMLText.escape(WebTime.duration(nanoseconds: group.lastEvaluationDurationNanoseconds))
        } else {
            out += " · not evaluated yet"
        }
        out += "</p>"
        if group.rules.isEmpty { return out + "<p class=\"empty\">No rules in this group.</p></div>" }
        out += "<div class=\"scroll\"><table><thead><tr><th>Rule</th><th>State</th><th>Health</th><th>Last evaluation</th></tr></thead><tbody>"
        for rule in group.rules { out += render(rule, now: now) }
        return out + "</tbody></table></div></div>"
    }

    static func render(_ rule: RuleGroupSnapshot.RuleSnapshot, now: Date) -> String {
        let health = rule.status.health.rawValue
        var name = "<span class=\"name\">\(HTMLText.escape(rule.name))</span>"
        name += rule.kind == .recording ? " <span class=\"kind\">recording</span>" : ""
        name += "<code class=\"expr\">\(HTMLText.escape(rule.expr))</code>"
        name += HTMLText.labelChips(rule.labels.map { ($0.name, $0.value) })
        let state = rule.state.map { "<span class=\"state \($0.rawValue)\">\($0.rawValue)</span>" } ?? ""
        let last = rule.status.lastEvaluation.map { WebTime.element(milliseconds: $0, now: now) } ?? "never"
        var out = "<tr class=\"rule\">" + HTMLText.cell(name) + HTMLText.cell(state)
            + HTMLText.cell("<span class=\"health \(health)\">\(health)</span>")
            + HTMLText.cell(last, label: "evaluated") + "</tr>\n"
        if let error = rule.status.lastError?.description, !error.isEmpty {
            out += "<tr class=\"error-row\">" + HTMLText.cell("<span class=\"error\">\(HTMLText.escape(error))</span>", colspan: 4) + "</tr>\n"
        }
        let active = rule.alerts.filter(\.isActive)
        if !active.isEmpty {
            let items = active.map { "<li>" + renderAlert($0, now: now) + "</li>" }.joined()
            out += "<tr class=\"alerts-row\">" + HTMLText.cell("<ul class=\"alerts\">" + items + "</ul>", colspan: 4) + "</tr>\n"
        }
        return out
    }

    /// One of a rule's alerts: state, labels (without the rule's name), since when, the value.
    static func renderAlert(_ alert: Rules.Alert, now: Date) -> String {
        var out = "<span class=\"state \(alert.state.rawValue)\">\(alert.state.rawValue)</span> "
        out += HTMLText.labelChips(alert.labels, except: ["alertname"])
        out += " <span class=\"meta\">active since " + WebTime.element(milliseconds: alert.activeAt, now: now)
        out += " · value " + HTMLText.escape(GoFloat.formatG(alert.value)) + "</span>"
        return out
    }
}
