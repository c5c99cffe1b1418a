import Foundation
import Routing
import Storage

/// The history section: the newest alert changes the router received and the newest notification
/// attempts, from the router's database (`GET /api/v1/history` serves the same records in full).
enum HistorySection {
    static func render(_ model: WebPageModel) -> String {
        var out = "<section id=\"history\"><h2>History</h2>"
        switch model.history {
        case nil:
            out += "<p class=\"empty\">No history kept: it is recorded in the router's database, which needs both <code>alerting.config_file</code> and <code>storage.path</code> in vigil.yml.</p>"
        case .failed(let message):
            out += "<p class=\"error\">Reading the history failed: \(HTMLText.escape(message))</p>"
        case .records(let result):
            out += alertChanges(result.alerts, now: model.now)
            out += notifications(result.notifications, now: model.now)
            out += "<p class=\"meta\">The newest \(WebPageModel.historyLimit) of each; <a href=\"api/v1/history\">api/v1/history</a> has them all.</p>"
        }
        return out + "</section>"
    }

    static func alertChanges(_ records: [AlertChangeRecord], now: Date) -> String {
        var out = "<h3>Alert changes <span class=\"count\">\(records.count)</span></h3>"
        if records.isEmpty { return out + "<p class=\"empty\">No alert changes recorded yet.</p>" }
        out += "<div class=\"scroll\"><table class=\"history-alerts\"><thead><tr><th>When</th><th>Alert</th><th>Change</th></tr></thead><tbody>"
        for r in records {
            out += "<tr>" + HTMLText.cell(WebTime.element(r.time, now: now))
            out += HTMLText.cell("<span class=\"name\">\(HTMLText.escape(r.alertname))</span>" + HTMLText.labelChips(r.labels, except: ["alertname"]))
            out += HTMLText.cell("<span class=\"state \(r.state.rawValue)\">\(r.state.rawValue)</span> " + HTMLText.escape(changeText(r.change)))
            out += "</tr>\n"
        }
        return out + "</tbody></table></div>"
    }

    static func changeText(_ kind: AlertChange.Kind) -> String {
        switch kind {
        case .new: "new"
        case .state: "changed state"
        case .annotations: "annotations changed"
        }
    }

    static func notifications(_ records: [NotificationAttemptRecord], now: Date) -> String {
        var out = "<h3>Notifications <span class=\"count\">\(records.count)</span></h3>"
        if records.isEmpty { return out + "<p class=\"empty\">No notifications sent yet.</p>" }
        out += "<div class=\"scroll\"><table class=\"history-notifications\"><thead><tr><th>When</th><th>Receiver</th><th>Alerts</th><th>Outcome</th></tr></thead><tbody>"
        for r in records {
            out += "<tr>" + HTMLText.cell(WebTime.element(r.time, now: now))
            out += HTMLText.cell("\(HTMLText.escape(r.receiver)) <span class=\"meta\">\(HTMLText.escape(r.integration))</span>")
            let firing = r.alerts.filter { $0.state == .firing }.count
            var alerts = HTMLText.labelChips(r.groupLabels) + " <span class=\"meta\">\(firing) firing, \(r.alerts.count - firing) resolved"
            if r.truncatedAlerts > 0 { alerts += ", \(r.truncatedAlerts) left out" }
            out += HTMLText.cell(alerts + " · \(HTMLText.escape(r.reason))</span>")
            var outcome: String
            switch r.outcome {
            case .success: outcome = "<span class=\"outcome ok\">sent</span>"
            case .retryableFailure: outcome = "<span class=\"outcome err\">failed, will retry</span>"
            case .permanentFailure: outcome = "<span class=\"outcome err\">failed</span>"
            }
            if r.attempt > 1 { outcome += " <span class=\"meta\">attempt \(r.attempt)</span>" }
            if let error = r.error, !error.isEmpty { outcome += "<div class=\"error\">\(HTMLText.escape(error))</div>" }
            out += HTMLText.cell(outcome) + "</tr>\n"
        }
        return out + "</tbody></table></div>"
    }
}
