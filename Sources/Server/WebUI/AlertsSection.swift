import Foundation
import Routing
import Rules
import TimeSeries

/// The active alerts section. With a router: the alerts it holds that have not resolved, each with
/// whether it is notified or silenced, inhibited or muted (and by what), its receivers, and a button
/// that fills the silence form with its labels. Without one: the rules' pending and firing alerts.
enum AlertsSection {
    static func render(_ model: WebPageModel) -> String {
        guard let router = model.router else { return renderRulerAlerts(model.groups, now: model.now) }
        let alerts = router.alerts.filter { !$0.alert.isResolved(at: model.now) }
        var out = "<section id=\"alerts\"><h2>Active alerts <span class=\"count\">\(alerts.count)</span></h2>"
        if alerts.isEmpty {
            return out + "<p class=\"empty\">No active alerts at the router.</p></section>"
        }
        out += "<div class=\"scroll\"><table><thead><tr><th>Alert</th><th>Status</th><th>Since</th><th>Receivers</th><th></th></tr></thead><tbody>"
        for view in alerts { out += render(view, now: model.now) }
        return out + "</tbody></table></div></section>"
    }

    static func render(_ view: AlertView, now: Date) -> String {
        let alert = view.alert
        let name = "<span class=\"name\">\(HTMLText.escape(alert.name))</span>"
            + HTMLText.labelChips(alert.labels, except: ["alertname"]) + annotations(alert.annotations)
        let matchers = HTMLText.matchersText(alert.labels.labels.map { ($0.name, $0.value) })
        let button = "<button type=\"button\" class=\"silence-alert\" data-matchers=\"\(HTMLText.escape(matchers))\">Silence</button>"
        return "<tr class=\"alert\">" + HTMLText.cell(name) + HTMLText.cell(status(view.status))
            + HTMLText.cell(WebTime.element(alert.startsAt, now: now), label: "since")
            + HTMLText.cell(HTMLText.escape(view.receivers.joined(separator: ", ")), label: "to")
            + HTMLText.cell(button) + "</tr>\n"
    }

    /// `notified`, or `silenced by <id>` / `inhibited` / `muted by <interval>`; silences link to their row.
    static func status(_ s: AlertStatus) -> String {
        var parts: [String] = []
        if !s.silencedBy.isEmpty {
            let links = s.silencedBy.map { id in
                "<a href=\"#silence-\(HTMLText.escape(id))\" title=\"\(HTMLText.escape(id))\">\(HTMLText.escape(shortID(id)))</a>"
            }
            parts.append("<span class=\"state silenced\">silenced</span> by " + links.joined(separator: ", "))
        }
        if !s.inhibitedBy.isEmpty {
            parts.append("<span class=\"state inhibited\">inhibited</span>")
        }
        if !s.mutedBy.isEmpty {
            parts.append("<span class=\"state muted\">muted</span> by " + HTMLText.escape(s.mutedBy.joined(separator: ", ")))
        }
        if parts.isEmpty { return "<span class=\"state notified\">notified</span>" }
        return parts.joined(separator: "<br>")
    }

    /// The annotations, `summary` and `description` first, as a short definition list.
    static func annotations(_ annotations: [String: String]) -> String {
        let first = ["summary", "description"]
        let keys = first.filter { annotations[$0] != nil } + annotations.keys.filter { !first.contains($0) }.sorted()
        if keys.isEmpty { return "" }
        var out = "<dl class=\"annotations\">"
        for key in keys {
            out += "<dt>\(HTMLText.escape(key))</dt><dd>\(HTMLText.escape(annotations[key] ?? ""))</dd>"
        }
        return out + "</dl>"
    }

    /// The first group of a UUID: enough to tell silences apart on the page.
    static func shortID(_ id: String) -> String {
        String(id.prefix { $0 != "-" }.prefix(8))
    }

    /// Without a router, the alerts the rules hold.
    static func renderRulerAlerts(_ groups: [RuleGroupSnapshot], now: Date) -> String {
        let active = groups.flatMap { g in g.rules.flatMap { $0.alerts.filter(\.isActive) } }
        var out = "<section id=\"alerts\"><h2>Active alerts <span class=\"count\">\(active.count)</span></h2>"
        out += "<p class=\"note\">No router configured (<code>alerting.config_file</code> in vigil.yml): these are the rules' pending and firing alerts as the ruler holds them.</p>"
        if active.isEmpty { return out + "<p class=\"empty\">No pending or firing alerts.</p></section>" }
        out += "<ul class=\"alerts\">"
        for alert in active {
            out += "<li><span class=\"name\">\(HTMLText.escape(alert.labels["alertname"] ?? ""))</span> "
            out += RulesSection.renderAlert(alert, now: now) + "</li>"
        }
        return out + "</ul></section>"
    }
}
