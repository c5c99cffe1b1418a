import Hummingbird
import Rules

/// Prometheus's `GET /api/v1/rules` and `GET /api/v1/alerts` over the ruler's snapshots, so Grafana, promtool-
/// style tools and people read Vigil's rules as they read Prometheus's.
///
/// Answers carry Prometheus's CORS headers when asked from a browser (`PrometheusCORS`).
///
/// Unlike Prometheus, these answer before the ruler is ready (Prometheus gates its whole API on the TSDB
/// being open); until a group has restored its state its rules show as not yet evaluated.
public struct PrometheusRulesAPI: HTTPRouteGroup {
    let provider: any RulesProvider

    public init(provider: any RulesProvider) {
        self.provider = provider
    }

    public var routes: [HTTPRoute] {
        [
            HTTPRoute(.get, "/api/v1/rules", handler: PrometheusCORS.wrap { request, _ in await rules(query: request.uri.query ?? "") }),
            HTTPRoute(.options, "/api/v1/rules", handler: PrometheusCORS.preflight),
            HTTPRoute(.get, "/api/v1/alerts", handler: PrometheusCORS.wrap { _, _ in await alerts() }),
            HTTPRoute(.options, "/api/v1/alerts", handler: PrometheusCORS.preflight),
        ]
    }

    func rules(query: String) async -> Response {
        let request: RulesRequest
        switch RulesRequest.parse(FormValues(query: query)) {
        case .success(let r): request = r
        case .failure(let error): return error.response
        }
        switch RulesListing.rules(await provider.snapshots(), request: request, query: Self.printedQuery) {
        case .success(let data): return APIEnvelope.success(data)
        case .failure(let error): return error.response
        }
    }

    func alerts() async -> Response {
        APIEnvelope.success(RulesListing.alerts(await provider.snapshots()))
    }

    /// The `query` field: Prometheus prints the parsed expression (`rule.Query().String()`), which
    /// normalises spacing and grouping; LogQL rules show their expression as written.
    static func printedQuery(_ group: RuleGroupSnapshot, _ rule: RuleGroupSnapshot.RuleSnapshot) -> String {
        group.language == .prometheus ? AlertNotification.printedPromQL(rule.expr) : rule.expr
    }
}
