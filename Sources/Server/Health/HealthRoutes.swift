import Hummingbird

/// Prometheus's `/-/healthy` and `/-/ready` (web/web.go), GET and HEAD: healthy whenever the server
/// answers; ready once the rules provider is (every group restored its saved state), else 503
/// `Service Unavailable`.
public struct HealthRoutes: HTTPRouteGroup {
    let provider: any RulesProvider
    let appName: String

    public init(provider: any RulesProvider, appName: String = "Vigil") {
        self.provider = provider
        self.appName = appName
    }

    public var routes: [HTTPRoute] {
        let healthy = "\(appName) is Healthy.\n"
        let ready = "\(appName) is Ready.\n"
        let provider = self.provider
        return [
            HTTPRoute(.get, "/-/healthy") { _, _ in HTTPReply.text(.ok, healthy) },
            HTTPRoute(.head, "/-/healthy") { _, _ in Response(status: .ok) },
            HTTPRoute(.get, "/-/ready") { _, _ in
                await provider.isReady() ? HTTPReply.text(.ok, ready) : Self.notReady()
            },
            HTTPRoute(.head, "/-/ready") { _, _ in
                await provider.isReady() ? Response(status: .ok) : Self.notReady()
            },
        ]
    }

    /// Prometheus's `testReady` answer while starting (`X-Prometheus-Stopping: false`).
    static func notReady() -> Response {
        HTTPReply.text(.serviceUnavailable, "Service Unavailable")
    }
}
