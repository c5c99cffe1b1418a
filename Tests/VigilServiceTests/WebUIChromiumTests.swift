import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VigilTesting
@testable import VigilService

/// The web page at `/` of a running service, as a person sees it in Debian's Chromium (headless, a
/// phone-sized window): the rules with their health, the alert the router holds, the history of its
/// notification; then a silence typed into the form and created with a click, shown on the page and by
/// the API, and expired with the Expire button. Real clock, real HTTP on 127.0.0.1 (a scripted Prometheus
/// and a webhook listener). Skipped, saying so, when no Chromium is installed.
@Suite(.serialized, .enabled(if: HeadlessChromium.executable != nil,
                             "no Chromium: not on the PATH, or VIGIL_CHROMIUM names no executable (Debian: apt-get install chromium)"))
struct WebUIChromiumTests {
    /// A label value with markup: the page must show it as text and never run it.
    static let hostileLabel = "<script>window.pwned=1</script><b>bold</b>"

    static func vigilConfig(prometheus: String) -> String {
        """
        global: {evaluation_interval: 1s}
        datasources:
          - {name: prom, type: prometheus, url: \(prometheus), heartbeat: {enabled: false}}
        rule_files: [{path: rules.yml, datasource: prom}]
        alerting: {config_file: alertmanager.yml}
        storage: {path: state}
        web: {listen_address: "127.0.0.1:0"}
        """
    }

    static let rules = """
        groups:
          - name: disk
            rules:
              - alert: DiskFilling
                expr: disk_used_ratio > 0.9
                labels: {severity: warning, note: '\(hostileLabel)'}
                annotations: {summary: "{{ $labels.instance }} is {{ $value }} full"}
              - alert: MemoryBroken
                expr: memory_broken
        """

    static func alertmanagerConfig(webhook: String) -> String {
        """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 0s
          group_interval: 1m
        receivers:
          - name: hook
            webhook_configs: [{url: "\(webhook)/notify"}]
        """
    }

    /// `disk_used_ratio` is 0.95 on one disk; `memory_broken` fails as a bad query does.
    static func prometheus(_ request: RecordedRequest) -> ScriptedResponse {
        if request.parameter("query")?.contains("memory_broken") == true {
            return .json(#"{"status":"error","errorType":"bad_data","error":"the memory exporter is gone"}"#, status: 400)
        }
        return RouterServiceTests.prometheus(request)
    }

    @Test func aPersonSeesTheServiceAndSilencesAnAlert() async throws {
        let folder = try TestFolder()
        defer { folder.remove() }
        try await LoopbackHTTPServer.with(respond: Self.prometheus) { prometheus in
            try await LoopbackHTTPServer.with(respond: { _ in .text("ok") }) { hook in
                try folder.write("vigil.yml", Self.vigilConfig(prometheus: prometheus.baseURL))
                try folder.write("rules.yml", Self.rules)
                try folder.write("alertmanager.yml", Self.alertmanagerConfig(webhook: hook.baseURL))
                let runtime = try VigilRuntime(configPath: folder.file("vigil.yml"), logger: testLogger())
                let port = try await runtime.start()
                let browser = try await HeadlessChromium.start()
                do {
                    try await Self.walkThrough(port: port, browser: browser, hook: hook)
                } catch {
                    browser.close()
                    await runtime.shutdown()
                    throw error
                }
                browser.close()
                await runtime.shutdown()
            }
        }
    }

    static func walkThrough(port: Int, browser: HeadlessChromium, hook: LoopbackHTTPServer) async throws {
        let page = "http://127.0.0.1:\(port)/"
        // The alert has reached the router and its notification the webhook (and so the history).
        let delivered = await eventually { hook.requests.contains { $0.path == "/notify" } }
        try #require(delivered, "the alert was never delivered to the webhook")
        // Both rules have been evaluated once (the failing one has its error).
        let evaluated = try await eventually {
            let text = try await Self.get(port, "/api/v1/rules")
            return text.contains(#""health":"ok""#) && text.contains(#""health":"err""#)
        }
        try #require(evaluated)

        try await browser.navigate(page)
        var text = try await browser.visibleText()
        #expect(text.contains("Vigil"))
        // Active alerts: the router's one alert, notified, its hostile label shown as text.
        #expect(text.contains("Active alerts 1"), "\(text)")
        #expect(text.contains("DiskFilling"))
        #expect(text.contains(#"note="\#(hostileLabel)""#), "the label should read as typed: \(text)")
        #expect(text.contains("notified"))
        #expect(text.contains("nas:9100 is 0.95 full"))
        #expect(try await browser.evaluate("typeof window.pwned") as? String == "undefined")
        #expect(try await browser.evaluate("document.querySelectorAll('b').length") as? Int == 0)
        // Rules: both, with health, last evaluation and the failing rule's error.
        // (The service adds its datasource-health group beside the rule file's.)
        #expect(text.range(of: #"Rules \d+ 1 failing"#, options: .regularExpression) != nil, "\(text)")
        #expect(text.contains("MemoryBroken"))
        #expect(text.contains("the memory exporter is gone"))
        #expect(text.contains("disk_used_ratio > 0.9"))
        #expect(text.range(of: #"firing\s+ok\s+\d+s ago|firing\s+ok\s+now"#, options: .regularExpression) != nil, "\(text)")
        // History: the alert arriving, the notification sent.
        #expect(text.contains("Alert changes"))
        #expect(text.contains("Notifications"))
        #expect(text.range(of: #"hook\s+webhook"#, options: .regularExpression) != nil, "\(text)")
        #expect(text.contains("sent"))
        #expect(text.contains("No active or pending silences."))
        // Readable on a phone: nothing wider than the screen (tables scroll inside their own boxes).
        #expect(try await browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)

        // A matcher the browser cannot read: the form says why and sends nothing.
        try await browser.type("#silence-matchers", "alertname")
        try await browser.type("#silence-author", "chromium-test")
        try await browser.click("#silence-create")
        #expect(await browser.poll { try await browser.visibleText().contains("expected =, !=, =~ or !~ after alertname") })
        // A regular expression the API refuses: its message is shown.
        try await browser.type("#silence-matchers", #"instance=~"(""#)
        try await browser.click("#silence-create")
        let refused = await browser.poll { try await browser.visibleText().contains("Vigil refused (HTTP 400)") }
        text = try await browser.visibleText()
        #expect(refused, "\(text)")
        #expect(text.contains(#"invalid regular expression "(""#), "\(text)")
        #expect(try await Self.silences(port).isEmpty)

        // A silence typed and clicked as a person would.
        try await browser.type("#silence-matchers", #"alertname="DiskFilling", instance=~"nas.*""#)
        try await browser.type("#silence-duration", "1h")
        try await browser.type("#silence-comment", "disk swap tonight")
        let before = Date()
        try await browser.click("#silence-create")
        let shown = await browser.poll { try await browser.visibleText().contains("disk swap tonight") }
        text = try await browser.visibleText()
        #expect(shown, "the new silence is not on the page: \(text)")
        #expect(text.contains("Silences 1"))
        #expect(text.contains(#"alertname="DiskFilling", instance=~"nas.*""#))
        #expect(text.contains("chromium-test"))
        #expect(text.contains("in 59m") || text.contains("in 1h"), "\(text)")
        #expect(text.range(of: #"silenced\s+by"#, options: .regularExpression) != nil, "the alert should read as silenced: \(text)")

        let created = try await Self.silences(port)
        try #require(created.count == 1, "\(created)")
        let silence = created[0]
        let id = try #require(silence["id"] as? String)
        #expect((silence["status"] as? [String: Any])?["state"] as? String == "active")
        #expect(silence["createdBy"] as? String == "chromium-test")
        #expect(silence["comment"] as? String == "disk swap tonight")
        let matchers = (silence["matchers"] as? [[String: Any]] ?? []).map { m in
            let (equal, regex) = (m["isEqual"] as? Bool ?? true, m["isRegex"] as? Bool ?? false)
            let op = equal ? (regex ? "=~" : "=") : (regex ? "!~" : "!=")
            return "\(m["name"] as? String ?? "")\(op)\(m["value"] as? String ?? "")"
        }
        #expect(matchers == ["alertname=DiskFilling", "instance=~nas.*"], "\(matchers)")
        let ends = try #require((silence["endsAt"] as? String).flatMap(Self.date))
        #expect(abs(ends.timeIntervalSince(before) - 3600) < 120, "ends at \(ends)")
        let alerts = try await Self.get(port, "/api/v2/alerts")
        #expect(alerts.contains(#""silencedBy":["\#(id)"]"#), "\(alerts)")

        // Expire it with its button.
        try await browser.click("button.expire[data-silence-id=\"\(id)\"]")
        let gone = await browser.poll {
            let text = try await browser.visibleText()
            return text.contains("No active or pending silences.") && text.contains("Expired (1)")
        }
        text = try await browser.visibleText()
        #expect(gone, "\(text)")
        #expect(!text.contains("disk swap tonight"), "the expired silence is folded away until opened")
        #expect(text.contains("notified"))
        let expired = try await Self.silences(port)
        #expect((expired.first?["status"] as? [String: Any])?["state"] as? String == "expired")

        // The page's own script and style passed its policy, and it threw nothing.
        let violations = browser.events("Log.entryAdded").filter { "\($0)".contains("Content Security Policy") }
        #expect(violations.isEmpty, "\(violations)")
        #expect(browser.events("Runtime.exceptionThrown").isEmpty, "\(browser.events("Runtime.exceptionThrown"))")
    }

    static func get(_ port: Int, _ path: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return String(decoding: data, as: UTF8.self)
    }

    static func silences(_ port: Int) async throws -> [[String: Any]] {
        let text = try await get(port, "/api/v2/silences")
        return (try JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? []
    }

    static func date(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
