import HTTPTypes
import Hummingbird

/// Prometheus's CORS handling of its API (util/httputil `SetCORS`, with the default
/// `--web.cors.origin=.*`): a request that carries `Origin` gets the CORS headers and
/// `Access-Control-Allow-Origin: *`; `OPTIONS` (a preflight) is answered 204 with them.
/// Grafana's browser-access mode needs this; its server-side proxy does not.
enum PrometheusCORS {
    static let headers: [(HTTPField.Name, String)] = [
        (.accessControlAllowHeaders, "Accept, Authorization, Content-Type, Origin"),
        (.accessControlAllowMethods, "GET, POST, OPTIONS"),
        (.accessControlExposeHeaders, "Date"),
        (HTTPField.Name("Vary")!, "Origin"),
        (.accessControlAllowOrigin, "*"),
    ]

    /// Wraps an API handler so its answers carry the CORS headers when the request has an `Origin`.
    static func wrap(_ handler: @escaping HTTPHandler) -> HTTPHandler {
        { request, context in
            var response = try await handler(request, context)
            if request.headers[.origin] != nil {
                for (name, value) in headers { response.headers[name] = value }
            }
            return response
        }
    }

    /// The API's `OPTIONS` answer: 204, no body.
    static let preflight: HTTPHandler = wrap { _, _ in Response(status: .noContent) }
}
