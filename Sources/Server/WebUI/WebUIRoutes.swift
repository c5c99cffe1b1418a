import HTTPTypes
import Hummingbird
import Routing

/// `GET /`: Vigil's web page, rendered on the server from the providers at each request (see `WebPage`
/// for what it shows). The rules come from the ruler; alerts and silences from the router in force, when
/// there is one; the history from the router's database, when there is one.
///
/// The page loads nothing from anywhere: its style and script are inline, admitted by a per-response
/// nonce in a Content-Security-Policy that otherwise allows only requests to this server, so a value
/// that slipped through escaping still could not run a script.
public struct WebUIRoutes: HTTPRouteGroup {
    let rules: any RulesProvider
    let router: @Sendable () async -> AlertmanagerAPI.Current?
    let history: (any HistoryProvider)?
    let clock: any RouterClock
    let version: String

    /// - Parameters:
    ///   - router: the router and configuration in force, nil when there is none; called once per request.
    ///   - history: the router's database, nil when the router keeps no history.
    ///   - clock: the router's clock: the page's "now" (the silences' and alerts' states are read at it).
    public init(rules: any RulesProvider, history: (any HistoryProvider)?, clock: any RouterClock, version: String,
                router: @escaping @Sendable () async -> AlertmanagerAPI.Current?) {
        self.rules = rules
        self.router = router
        self.history = history
        self.clock = clock
        self.version = version
    }

    public var routes: [HTTPRoute] {
        let ui = self
        return [HTTPRoute(.get, "/") { _, _ in await ui.page() }]
    }

    func page() async -> Response {
        let model = await WebPageModel.gather(rules: rules, router: router, history: history, clock: clock, version: version)
        let nonce = Self.nonce()
        let csp = "default-src 'none'; style-src 'nonce-\(nonce)'; script-src 'nonce-\(nonce)'; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        return HTTPReply.bytes(.ok, WebPage.render(model, nonce: nonce), headers: [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            .contentSecurityPolicy: csp,
            .xContentTypeOptions: "nosniff",
            .referrerPolicy: "no-referrer",
        ])
    }

    /// 128 random bits, hex.
    static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
