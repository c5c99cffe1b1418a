import Foundation
@testable import Routing
import Rules
@testable import Server
@testable import Storage
import Testing
import TimeSeries

/// The web page's sections rendered from real providers: rule groups evaluated by the rule evaluator, a
/// real router with alerts and silences, a real history database. Checks what each section says,
/// including when it has nothing to show or no provider at all, and that values from users are escaped.
@Suite struct WebPageTests {
    static let t0 = Fixtures.t0
    static let now = Date(timeIntervalSince1970: Double(Fixtures.t0) / 1000 + 90)
    static let clock = FixedRuleClock(nanoseconds: Fixtures.t0 * 1_000_000)
    static let hostile = #"<script>alert("pwned")</script>"#

    /// One group: a firing alert whose label and annotation carry markup, a failing rule, a recording rule
    /// never evaluated successfully.
    static func groups() throws -> [RuleGroupSnapshot] {
        let yaml = """
            groups:
              - name: node & disk
                interval: 30s
                rules:
                  - alert: DiskFilling
                    expr: disk_used_ratio > 0.9
                    labels:
                      severity: warning
                      note: '\(hostile)'
                    annotations:
                      summary: 'disk is <b>full</b>'
                  - alert: Broken
                    expr: broken
                  - record: job:up:sum
                    expr: sum by (job) (up)
            """
        let group = try Fixtures.groups(yaml, file: "rules/node.yml")[0]
        return [Fixtures.snapshot(group, file: "rules/node.yml", at: [t0], clock: clock) { i, t in
            switch i {
            case 0: return .success([Fixtures.sample(["__name__": "disk_used_ratio", "instance": "nas:9100"], 0.95, t: t)])
            case 1: return .failure(.query(message: "query timed out <in> evaluation"))
            default: return .success([])
            }
        }]
    }

    static func model(groups: [RuleGroupSnapshot] = [], router: WebPageModel.RouterPart? = nil,
                      history: WebPageModel.HistoryPart? = nil) -> WebPageModel {
        WebPageModel(now: now, version: "1.2.3", groups: groups, router: router, history: history)
    }

    static func page(_ model: WebPageModel) -> String { WebPage.render(model, nonce: "n0nce") }

    @Test func withoutProvidersEachSectionSaysWhy() {
        let html = Self.page(Self.model())
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("No rules loaded"))
        #expect(html.contains("No router configured (<code>alerting.config_file</code> in vigil.yml): these are the rules' pending and firing alerts"))
        #expect(html.contains("No pending or firing alerts."))
        #expect(html.contains("No router configured: silences need <code>alerting.config_file</code>"))
        #expect(!html.contains("<form"), "no silence form without a router")
        #expect(html.contains("No history kept"))
        #expect(html.contains("version 1.2.3"))
        #expect(html.contains("as of 2026-01-02 03:05:35 UTC"))
    }

    @Test func rulesShowHealthLastEvaluationAndErrors() throws {
        let html = Self.page(Self.model(groups: try Self.groups()))
        #expect(html.contains("<h3>node &amp; disk</h3>"))
        #expect(html.contains("rules/node.yml · datasource prometheus · every 30s · last evaluated <time title=\"2026-01-02 03:04:05 UTC\">1m 30s ago</time>"))
        #expect(html.contains(#"<span class="name">DiskFilling</span>"#))
        #expect(html.contains(#"<span class="state firing">firing</span>"#))
        #expect(html.contains(#"<span class="health ok">ok</span>"#))
        #expect(html.contains(#"<span class="health err">err</span>"#))
        #expect(html.contains("query timed out &lt;in&gt; evaluation"))
        #expect(html.contains(#"<span class="badge err">1 failing</span>"#))
        #expect(html.contains(#"<span class="kind">recording</span>"#))
        // The rule's alert, with its label escaped; the only script element is the page's own.
        #expect(html.contains("note=&#34;&lt;script&gt;alert(\\&#34;pwned\\&#34;)&lt;/script&gt;&#34;"))
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(html.contains("active since <time title=\"2026-01-02 03:04:05 UTC\">1m 30s ago</time> · value 0.95"))
        // No router: the active alerts section lists the rules' alerts.
        #expect(html.contains(#"<section id="alerts"><h2>Active alerts <span class="count">1</span></h2>"#))
    }

    @Test func routerAlertsAndSilences() async throws {
        let h = try AlertmanagerAPIHarness(clock: SimulatedClock(Self.now))
        let problems = await h.router.receive([
            PostableAlert(labels: ["alertname": "DiskFilling", "instance": "nas:9100", "note": Self.hostile],
                          annotations: ["summary": "disk <b>full</b>", "runbook": "https://x/?a=1&b=2"]),
            PostableAlert(labels: ["alertname": "Quiet", "severity": "warn"]),
            PostableAlert(labels: ["alertname": "Quiet", "severity": "page"]),
            PostableAlert(labels: ["alertname": "Gone"], startsAt: Self.now.addingTimeInterval(-600), endsAt: Self.now.addingTimeInterval(-60)),
        ])
        #expect(problems.isEmpty)
        let silenceID = try h.router.silences.set(Silence(
            matchers: [SilenceMatcher(.equal, "alertname", "DiskFilling"), SilenceMatcher(.regexMatch, "instance", "nas.*")],
            startsAt: Self.now, endsAt: Self.now.addingTimeInterval(7_200), createdBy: "ops <team>", comment: "disk swap & \"reboot\""))
        let oldID = try h.router.silences.set(Silence(matchers: [SilenceMatcher(.equal, "alertname", "Old")],
                                                   startsAt: Self.now, endsAt: Self.now.addingTimeInterval(60), createdBy: "x", comment: "old"))
        try h.router.silences.expire(oldID)
        h.clock.set(Self.now.addingTimeInterval(1))
        let model = WebPageModel(now: h.clock.now, version: "1", groups: [],
                                 router: .init(alerts: await h.router.alertViews(), silences: h.router.silences.query()), history: nil)
        let html = Self.page(model)

        // Three active alerts (the resolved one is left out), the silenced one linking to its silence.
        #expect(html.contains(#"<h2>Active alerts <span class="count">3</span></h2>"#))
        #expect(!html.contains(">Gone<"))
        #expect(html.contains(##"<span class="state silenced">silenced</span> by <a href="#silence-\##(silenceID)" title="\##(silenceID)">00000000</a>"##))
        #expect(html.contains(#"<span class="state inhibited">inhibited</span>"#), "the warn alert is inhibited by the page")
        #expect(html.contains(#"<span class="state notified">notified</span>"#))
        #expect(html.contains("<dt>summary</dt><dd>disk &lt;b&gt;full&lt;/b&gt;</dd><dt>runbook</dt><dd>https://x/?a=1&amp;b=2</dd>"))
        #expect(html.contains(#"data-matchers="alertname=&#34;DiskFilling&#34;, instance=&#34;nas:9100&#34;, note=&#34;&lt;script&gt;alert(\&#34;pwned\&#34;)&lt;/script&gt;&#34;""#))
        #expect(html.components(separatedBy: "<script").count == 2)

        // The form, the active silence with its Expire button, the expired one folded away.
        #expect(html.contains(#"<form id="silence-form""#))
        #expect(html.contains(#"<h2>Silences <span class="count">1</span></h2>"#))
        #expect(html.contains(#"<tr class="silence" id="silence-\#(silenceID)"><td><code>alertname=&#34;DiskFilling&#34;, instance=~&#34;nas.*&#34;</code>"#))
        #expect(html.contains(#"<span class="state active">active</span>"#))
        #expect(html.contains("<td data-label=\"by\">ops &lt;team&gt;</td>\n<td>disk swap &amp; &#34;reboot&#34;</td>\n"))
        #expect(html.contains(#"<td><button type="button" class="expire" data-silence-id="\#(silenceID)">Expire</button></td>"#))
        #expect(html.contains("<details><summary>Expired (1)</summary>"))
        #expect(!html.contains(#"data-silence-id="\#(oldID)""#), "an expired silence has no Expire button")
    }

    @Test func noActiveAlertsOrSilencesAtTheRouter() throws {
        let html = Self.page(Self.model(router: .init(alerts: [], silences: [])))
        #expect(html.contains("No active alerts at the router."))
        #expect(html.contains("No active or pending silences."))
        #expect(html.contains(#"<form id="silence-form""#))
        #expect(!html.contains("<details>"))
    }

    @Test func historyListsChangesAndNotifications() throws {
        let (db, folder) = try HistoryAPITests.database()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try db.history(HistoryQuery(limit: WebPageModel.historyLimit))
        let html = Self.page(Self.model(history: .records(result)))
        #expect(html.contains(#"<h3>Alert changes <span class="count">2</span></h3>"#))
        #expect(html.contains("<td><span class=\"name\">Slow</span><span class=\"labels\"><span class=\"label\">severity=&#34;warning&#34;</span></span></td>\n<td><span class=\"state firing\">firing</span> new</td>\n"))
        #expect(html.contains(#"<h3>Notifications <span class="count">2</span></h3>"#))
        #expect(html.contains("<td>pager <span class=\"meta\">webhook</span></td>\n"))
        #expect(html.contains("1 firing, 0 resolved · first notification"))
        #expect(html.contains(#"<span class="outcome ok">sent</span>"#))

        let empty = Self.page(Self.model(history: .records(HistoryResult())))
        #expect(empty.contains("No alert changes recorded yet."))
        #expect(empty.contains("No notifications sent yet."))

        let failed = Self.page(Self.model(history: .failed("disk I/O error <5>")))
        #expect(failed.contains("Reading the history failed: disk I/O error &lt;5&gt;"))
    }
}
