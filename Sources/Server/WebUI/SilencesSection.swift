import Foundation
import Routing
import TimeSeries

/// The silences section: a form that creates a silence through `POST /api/v2/silences` (the page's
/// script sends it), the active and pending silences each with an Expire button (`DELETE
/// /api/v2/silence/{id}`), and the expired ones folded away. Without a router there is nothing to
/// silence, and the section says so.
enum SilencesSection {
    /// How many expired silences are listed (the most recently ended).
    static let expiredShown = 20

    static func render(_ model: WebPageModel) -> String {
        guard let router = model.router else {
            return "<section id=\"silences\"><h2>Silences</h2><p class=\"empty\">No router configured: silences need <code>alerting.config_file</code> in vigil.yml.</p></section>"
        }
        let now = model.now
        let current = router.silences.filter { $0.state(at: now) != .expired }
            .sorted { ($0.state(at: now) == .active ? 0 : 1, $0.endsAt, $0.id) < ($1.state(at: now) == .active ? 0 : 1, $1.endsAt, $1.id) }
        let expired = router.silences.filter { $0.state(at: now) == .expired }.sorted { $0.endsAt > $1.endsAt }
        var out = "<section id=\"silences\"><h2>Silences <span class=\"count\">\(current.count)</span></h2>"
        out += form
        if current.isEmpty {
            out += "<p class=\"empty\">No active or pending silences.</p>"
        } else {
            out += table(current, now: now, expirable: true)
        }
        if !expired.isEmpty {
            out += "<details><summary>Expired (\(expired.count))</summary>"
            out += table(Array(expired.prefix(expiredShown)), now: now, expirable: false)
            if expired.count > expiredShown {
                out += "<p class=\"meta\">The \(expiredShown) most recently ended are shown.</p>"
            }
            out += "</details>"
        }
        return out + "</section>"
    }

    /// The form; the page's script reads it (nothing is submitted the browser's way).
    static let form = """
        <form id="silence-form" class="silence-form" autocomplete="off">
        <label>Matchers <input id="silence-matchers" name="matchers" required placeholder='alertname="DiskFilling", instance=~"nas.*"'></label>
        <div class="row">
        <label>Duration <input id="silence-duration" name="duration" required value="2h" size="6"></label>
        <label>Author <input id="silence-author" name="author" required></label>
        </div>
        <label>Comment <input id="silence-comment" name="comment"></label>
        <button type="submit" id="silence-create">Create silence</button>
        <p id="silence-error" class="error" role="alert" hidden></p>
        </form>
        """

    static func table(_ silences: [Silence], now: Date, expirable: Bool) -> String {
        var out = "<div class=\"scroll\"><table class=\"silences\"><thead><tr><th>Matchers</th><th>State</th><th>Starts</th><th>Ends</th><th>Created by</th><th>Comment</th>"
        out += expirable ? "<th></th>" : ""
        out += "</tr></thead><tbody>"
        for s in silences {
            let state = s.state(at: now).rawValue
            let matchers = s.matcherSets.map(matchersText).map { "<code>\(HTMLText.escape($0))</code>" }.joined(separator: " or ")
                + "<div class=\"meta\" title=\"silence ID\">\(HTMLText.escape(s.id))</div>"
            out += "<tr class=\"silence\" id=\"silence-\(HTMLText.escape(s.id))\">" + HTMLText.cell(matchers)
            out += HTMLText.cell("<span class=\"state \(state)\">\(state)</span>")
            out += HTMLText.cell(WebTime.element(s.startsAt, now: now), label: "starts")
            out += HTMLText.cell(WebTime.element(s.endsAt, now: now), label: "ends")
            out += HTMLText.cell(HTMLText.escape(s.createdBy), label: "by") + HTMLText.cell(HTMLText.escape(s.comment))
            if expirable {
                out += HTMLText.cell("<button type=\"button\" class=\"expire\" data-silence-id=\"\(HTMLText.escape(s.id))\">Expire</button>")
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></div>"
    }

    /// `alertname="Down", node=~"talos-.*"`: the matchers as written, Go-quoted.
    static func matchersText(_ matchers: [SilenceMatcher]) -> String {
        matchers.map { $0.name + $0.type.rawValue + quoteGo($0.pattern) }.joined(separator: ", ")
    }
}
