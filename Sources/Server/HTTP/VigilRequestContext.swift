import Hummingbird

/// The request context of Vigil's routes: Hummingbird's core storage plus the body size limit the server
/// was configured with, so `request.collectBody(upTo: context.maxUploadSize)` and Hummingbird's decoders
/// honour it. `RequestBodyLimitMiddleware` sets the limit on every request.
public struct VigilRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Bytes; Hummingbird's own default until the middleware sets the configured one.
    public var requestBodyLimit = 2 * 1024 * 1024

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { requestBodyLimit }
}
