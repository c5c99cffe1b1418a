import Hummingbird

/// Refuses a request whose declared body is larger than the limit (413) before any handler runs, and
/// hands the limit to handlers through the context for bodies sent without a length (chunked).
struct RequestBodyLimitMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            return HTTPReply.text(.contentTooLarge, "request body larger than \(limit) bytes\n")
        }
        var context = context
        context.requestBodyLimit = limit
        return try await next(request, context)
    }
}
