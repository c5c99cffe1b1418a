import Hummingbird

/// `GET /metrics`: the ruler's rule metrics, readiness and process metrics in the Prometheus text format.
public struct MetricsRoutes: HTTPRouteGroup {
    let provider: any RulesProvider

    public init(provider: any RulesProvider) {
        self.provider = provider
    }

    public var routes: [HTTPRoute] {
        [HTTPRoute(.get, "/metrics") { _, _ in await metrics() }]
    }

    func metrics() async -> Response {
        let text = TextExposition.render(await families())
        return HTTPReply.bytes(.ok, text, headers: [.contentType: TextExposition.contentType])
    }

    func families() async -> [MetricFamily] {
        var families = RuleMetrics.families(await provider.snapshots())
        families.append(MetricFamily(name: "vigil_ready", help: "Whether Vigil is ready to serve (every rule group restored its state).",
                                     kind: .gauge, samples: [.init([], await provider.isReady() ? 1 : 0)]))
        families += ProcessMetrics.families()
        return families
    }
}
