import Hummingbird

/// Every route of the server, checked for duplicates, turned into a Hummingbird router that answers as
/// Prometheus's Go router (httprouter) does around the handlers:
/// - an unknown path: 404 `404 page not found`;
/// - a known path with a method it does not have: 405 `Method Not Allowed` with an `Allow` header
///   listing its methods and OPTIONS, sorted;
/// - OPTIONS on a known path without its own OPTIONS handler: 200 with that `Allow` header, no body.
struct RouteTable {
    struct DuplicateRoute: Error, CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        var description: String { "two handlers for \(method.rawValue) \(path)" }
    }

    /// The methods answered with 405 when a path lacks them. Others (WebDAV's and the like) get 404,
    /// as Hummingbird matches a path and method together.
    static let answeredMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch]

    /// Paths in the order first registered, each with its handlers in registration order.
    private(set) var paths: [(path: String, handlers: [(method: HTTPRequest.Method, handler: HTTPHandler)])] = []

    init(groups: [any HTTPRouteGroup]) throws(DuplicateRoute) {
        for group in groups {
            for route in group.routes {
                if let i = paths.firstIndex(where: { $0.path == route.path }) {
                    if paths[i].handlers.contains(where: { $0.method == route.method }) {
                        throw DuplicateRoute(method: route.method, path: route.path)
                    }
                    paths[i].handlers.append((route.method, route.handler))
                } else {
                    paths.append((route.path, [(route.method, route.handler)]))
                }
            }
        }
    }

    /// The `Allow` header of a path: its methods other than OPTIONS, then OPTIONS, sorted.
    static func allowed(_ methods: [HTTPRequest.Method]) -> [HTTPRequest.Method] {
        let names = Set(methods.filter { $0 != .options }.map(\.rawValue) + [HTTPRequest.Method.options.rawValue])
        return names.sorted().compactMap { HTTPRequest.Method($0) }
    }

    func router(requestBodyLimit: Int, authenticator: (any RequestAuthenticator)? = nil,
                metrics: HTTPRequestMetrics? = nil) -> Router<VigilRequestContext> {
        let router = Router(context: VigilRequestContext.self)
        // Added first so that they wrap every route and the not-found responder; authentication outermost,
        // so an unauthenticated request learns nothing, not even which paths exist.
        if let authenticator { router.add(middleware: AuthenticationMiddleware(authenticator: authenticator)) }
        router.add(middleware: NotFoundMiddleware())
        router.add(middleware: RequestBodyLimitMiddleware(limit: requestBodyLimit))
        for (path, handlers) in paths {
            let methods = handlers.map(\.method)
            let allow = Self.allowed(methods)
            for (method, handler) in handlers {
                guard let metrics else {
                    router.on(RouterPath(path), method: method) { request, context in try await handler(request, context) }
                    continue
                }
                router.on(RouterPath(path), method: method) { request, context in
                    let start = ContinuousClock.now
                    do {
                        let response = try await handler(request, context)
                        metrics.observe(handler: path, code: response.status.code, seconds: Self.seconds(since: start))
                        return response
                    } catch {
                        let code = (error as? any HTTPResponseError)?.status.code ?? 500
                        metrics.observe(handler: path, code: code, seconds: Self.seconds(since: start))
                        throw error
                    }
                }
            }
            for method in Self.answeredMethods where !methods.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ in HTTPReply.methodNotAllowed(allowed: allow) }
            }
            if !methods.contains(.options) {
                router.on(RouterPath(path), method: .options) { _, _ in
                    Response(status: .ok, headers: [.allow: allow.map(\.rawValue).joined(separator: ", "), .contentLength: "0"])
                }
            }
        }
        return router
    }
}

extension RouteTable {
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Turns Hummingbird's not-found error into Go's `404 page not found` text.
struct NotFoundMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return HTTPReply.notFound()
        }
    }
}
