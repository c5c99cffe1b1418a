import Hummingbird

/// Handles one route: the request and its context in, a response out.
public typealias HTTPHandler = @Sendable (Request, VigilRequestContext) async throws -> Response

/// One method on one path. Paths use Hummingbird's syntax (`/api/v2/silence/{silenceID}` for a parameter).
public struct HTTPRoute: Sendable {
    public var method: HTTPRequest.Method
    public var path: String
    public var handler: HTTPHandler

    public init(_ method: HTTPRequest.Method, _ path: String, handler: @escaping HTTPHandler) {
        self.method = method
        self.path = path
        self.handler = handler
    }
}

/// Routes that belong together and are mounted on the server as a unit: Prometheus's rules and alerts
/// API, health, metrics; later Alertmanager's API v2 and the web page. Each group lives in its own file.
public protocol HTTPRouteGroup: Sendable {
    var routes: [HTTPRoute] { get }
}
