import Hummingbird

/// Decides whether a request's `Authorization` header carries valid credentials.
public protocol RequestAuthenticator: Sendable {
    func isAuthorized(_ authorization: String?) -> Bool
}

/// Turns away every request without valid credentials with 401 and nothing else: no body beyond
/// `Unauthorized`, no hint of which part was wrong, and the handler never runs. The liveness and readiness
/// probes stay open (they say nothing but "up", and a kubelet probe carries no credentials).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext
    static let openPaths: Set<String> = ["/-/healthy", "/-/ready"]

    let authenticator: any RequestAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) || authenticator.isAuthorized(request.headers[.authorization]) {
            return try await next(request, context)
        }
        return HTTPReply.text(.unauthorized, "Unauthorized\n", headers: [.wwwAuthenticate: #"Basic realm="Vigil""#])
    }
}
