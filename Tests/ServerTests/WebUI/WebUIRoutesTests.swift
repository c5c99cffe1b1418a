import VigilTesting
import Foundation
import Routing
@testable import Server
import Storage
import Testing

/// `GET /` through a real server on a loopback port: the headers, the policy that admits only the page's
/// own script and style, and the providers read at each request.
@Suite struct WebUIRoutesTests {
    struct FailingHistory: HistoryProvider {
        struct Failure: Error, CustomStringConvertible { var description: String { "database is locked" } }
        func history(_ query: HistoryQuery) async throws -> HistoryResult { throw Failure() }
    }

    @Test func servesThePageWithAStrictPolicy() async throws {
        let h = try AlertmanagerAPIHarness()
        let config = try AlertmanagerConfig.parse(AlertmanagerAPIHarness.config, file: "alertmanager.yml")
        let provider = StaticRulesProvider(try WebPageTests.groups())
        let ui = WebUIRoutes(rules: provider, history: FailingHistory(), clock: h.clock, version: "9.9.9") {
            AlertmanagerAPI.Current(router: h.router, config: config, originalYAML: AlertmanagerAPIHarness.config)
        }
        try await withServer([ui, h.api]) { port in
            let page = try await RawHTTPClient.get(port, "/")
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.header("Cache-Control") == "no-store")
            #expect(page.header("X-Content-Type-Options") == "nosniff")
            let csp = try #require(page.header("Content-Security-Policy"))
            let nonce = try #require(csp.firstMatch(of: /script-src 'nonce-([0-9a-f]{32})'/)?.1)
            #expect(csp == "default-src 'none'; style-src 'nonce-\(nonce)'; script-src 'nonce-\(nonce)'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
            #expect(page.body.contains(#"<script nonce="\#(nonce)">"#))
            #expect(page.body.contains(#"<style nonce="\#(nonce)">"#))
            // Nothing loaded from elsewhere: no src attributes, no absolute links.
            #expect(!page.body.contains("src="))
            #expect(!page.body.contains("href=\"http"))
            #expect(page.body.contains("version 9.9.9"))
            #expect(page.body.contains("Reading the history failed: database is locked"))
            #expect(page.body.contains("<h2>Rules <span class=\"count\">3</span>"))

            // Each request reads the providers again, with a new nonce.
            _ = await h.router.receive([PostableAlert(labels: ["alertname": "Fresh"])])
            let again = try await RawHTTPClient.get(port, "/")
            #expect(again.body.contains(#"<span class="name">Fresh</span>"#))
            #expect(again.header("Content-Security-Policy") != csp)

            #expect(try await RawHTTPClient.request(port: port, method: "POST", target: "/").status == 405)
        }
    }

    @Test func aRouterThatGoesAwayIsNoLongerShown() async throws {
        let h = try AlertmanagerAPIHarness()
        let config = try AlertmanagerConfig.parse(AlertmanagerAPIHarness.config, file: "alertmanager.yml")
        let present = Shared(true)
        let ui = WebUIRoutes(rules: StaticRulesProvider(), history: nil, clock: h.clock, version: "1") {
            present.value ? AlertmanagerAPI.Current(router: h.router, config: config, originalYAML: "") : nil
        }
        try await withServer([ui]) { port in
            #expect(try await RawHTTPClient.get(port, "/").body.contains(#"<form id="silence-form""#))
            present.value = false
            let body = try await RawHTTPClient.get(port, "/").body
            #expect(body.contains("No router configured: silences need"))
            #expect(!body.contains("<form"))
        }
    }

    final class Shared<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Value
        init(_ value: Value) { stored = value }
        var value: Value {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue } }
        }
    }
}
