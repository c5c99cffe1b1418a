import Foundation
import HTTPTypes
import Hummingbird
import LogQL
import PromQL
import TimeSeries

/// A Loki-compatible HTTP API over a `LiveLogStore`, for the demo, for tests of the ruler's Loki client
/// against a real server, and for `vigil logstore`. The endpoints and shapes are those of Loki's HTTP API
/// reference (https://grafana.com/docs/loki/latest/reference/loki-http-api/):
///
/// - `GET|POST /loki/api/v1/query` (`query`, `time`, `limit`, `direction`): a metric query at one time;
/// - `GET|POST /loki/api/v1/query_range` (`query`, `start`, `end`, `since`, `step`, `limit`, `direction`):
///   a metric query over a range, or a log query;
/// - `GET|POST /loki/api/v1/labels` and `/loki/api/v1/label/{name}/values` (`start`, `end`, `since`,
///   `query`): stream label names and values of the streams with entries in the window;
/// - `GET|POST /loki/api/v1/series` (`match[]`, `start`, `end`, `since`): the streams' label sets;
/// - `POST /loki/api/v1/push`: JSON (`LokiPushRequest`) or snappy-compressed protobuf (`LokiPushProtobuf`),
///   204 when everything was stored;
/// - `GET /ready`: `ready` once serving.
///
/// Errors are Loki's: plain text with the reason; 400 for a bad request or query, 429 when the store is
/// full, 504 for a query past its timeout, 499 for one the client gave up on. The store is single-tenant:
/// `X-Scope-OrgID` is accepted and ignored.
public struct LokiAPI: HTTPRouteGroup {
    let store: LiveLogStore
    let engineOptions: LogQLEngine.Options
    /// Decompresses a snappy block, refusing output longer than the limit; protobuf pushes need it.
    public typealias SnappyDecoder = @Sendable (_ block: [UInt8], _ limit: Int) throws -> [UInt8]
    let snappy: SnappyDecoder?

    /// The largest decompressed protobuf push: Loki's default `max_recv_msg_size` is 100 MB; this store is
    /// for tests and demos.
    static let maxDecompressedPush = 64 << 20

    /// - Parameter snappy: the snappy decoder for protobuf pushes (Promtail's, Alloy's and Vector's format);
    ///   without one, only JSON pushes are read.
    public init(store: LiveLogStore, engineOptions: LogQLEngine.Options = LogQLEngine.Options(), snappy: SnappyDecoder? = nil) {
        self.store = store
        self.engineOptions = engineOptions
        self.snappy = snappy
    }

    public var routes: [HTTPRoute] {
        let api = self
        var out: [HTTPRoute] = []
        for method in [HTTPRequest.Method.get, .post] {
            out.append(HTTPRoute(method, "/loki/api/v1/query") { request, context in
                await api.answer(request, context) { params in try await api.instantQuery(params) }
            })
            out.append(HTTPRoute(method, "/loki/api/v1/query_range") { request, context in
                await api.answer(request, context) { params in try await api.rangeQuery(params) }
            })
            out.append(HTTPRoute(method, "/loki/api/v1/labels") { request, context in
                await api.answer(request, context) { params in try await api.labelNames(params) }
            })
            out.append(HTTPRoute(method, "/loki/api/v1/label/{name}/values") { request, context in
                let name = context.parameters.get("name") ?? ""
                return await api.answer(request, context) { params in try await api.labelValues(name, params) }
            })
            out.append(HTTPRoute(method, "/loki/api/v1/series") { request, context in
                await api.answer(request, context) { params in try await api.series(params) }
            })
        }
        out.append(HTTPRoute(.post, "/loki/api/v1/push") { request, context in
            await api.push(request, context)
        })
        out.append(HTTPRoute(.get, "/ready") { _, _ in HTTPReply.text(.ok, "ready\n") })
        return out
    }

    /// A request Loki refuses, or a query that failed: the status and Loki's plain-text reason.
    struct Failure: Error {
        let status: HTTPResponse.Status
        let message: String

        static func badRequest(_ message: String) -> Failure { Failure(status: .badRequest, message: message) }
    }

    /// Reads the form (the URL's query, and a form-encoded body for POST, body values first as Go's
    /// `r.Form`), runs `handler` with the parameters, and writes its JSON or the failure.
    func answer(_ request: Request, _ context: VigilRequestContext,
                _ handler: (LokiParameters) async throws -> JSONValue) async -> Response {
        guard let form = await FormValues.of(request, limit: context.maxUploadSize) else {
            return HTTPReply.text(.contentTooLarge, "request body too large\n")
        }
        if let error = form.error { return HTTPReply.text(.badRequest, "\(error)\n") }
        let params = LokiParameters(form: form, now: store.clock.nowNanoseconds())
        do {
            return HTTPReply.json(.ok, try await handler(params))
        } catch let failure as Failure {
            return HTTPReply.text(failure.status, failure.message + "\n")
        } catch {
            return HTTPReply.text(.internalServerError, "\(error)\n")
        }
    }

    // MARK: Queries

    func instantQuery(_ params: LokiParameters) async throws(Failure) -> JSONValue {
        let p: (query: String, time: Int64, limit: Int, direction: LogDirection)
        do { p = try params.instant() } catch { throw .badRequest(error.message) }
        return try await run { engine, store throws(LogQLQueryError) in
            try engine.instantQuery(p.query, at: p.time, store: store)
        }
    }

    func rangeQuery(_ params: LokiParameters) async throws(Failure) -> JSONValue {
        let p: (query: String, start: Int64, end: Int64, step: Int64, limit: Int, direction: LogDirection)
        do { p = try params.range() } catch { throw .badRequest(error.message) }
        return try await run { engine, store throws(LogQLQueryError) in
            try engine.rangeQuery(p.query, start: p.start, end: p.end, step: p.step, limit: p.limit,
                                  direction: p.direction, store: store)
        }
    }

    /// Runs a query on a snapshot of the store, on its own thread (so a long query holds none of the
    /// server's), stopping it when the request is cancelled.
    private func run(_ query: @escaping @Sendable (LogQLEngine, LogStore) throws(LogQLQueryError) -> LogQLResult) async throws(Failure) -> JSONValue {
        let snapshot = await store.snapshot()
        let cancelled = QueryCancellation()
        let engine = LogQLEngine(options: engineOptions, isCancelled: { cancelled.isCancelled })
        let started = ContinuousClock.now
        let outcome = await withTaskCancellationHandler {
            await LargeStack.detached { () -> Result<LogQLResult, LogQLQueryError> in
                do throws(LogQLQueryError) { return .success(try query(engine, snapshot)) } catch { return .failure(error) }
            }
        } onCancel: {
            cancelled.cancel()
        }
        switch outcome {
        case .success(let result):
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return LokiQueryJSON.success(result, execSeconds: seconds)
        case .failure(let error):
            throw Failure(status: Self.status(of: error), message: error.message)
        }
    }

    /// Loki's statuses: bad queries, pipeline errors and limits are the client's fault (400).
    static func status(of error: LogQLQueryError) -> HTTPResponse.Status {
        switch error.kind {
        case .badData, .execution, .limit: return .badRequest
        case .timeout: return .gatewayTimeout
        case .canceled: return HTTPResponse.Status(code: 499)
        }
    }

    // MARK: Metadata

    /// The streams with entries in the request's window (default: the six hours before `end`), narrowed
    /// by a stream selector in `query` or any of `match[]` when given.
    private func streamsInWindow(_ params: LokiParameters, selectors: [String]) async throws(Failure) -> [LogStream] {
        let window: (start: Int64, end: Int64)
        do { window = try params.window(defaultLookback: LokiParameters.defaultMetadataLookback) } catch {
            throw .badRequest(error.message)
        }
        var matcherSets: [[LabelMatcher]] = []
        for text in selectors {
            let expr: LogQLExpr
            do { expr = try LogQLEngine.parse(text) } catch { throw .badRequest(error.message) }
            guard case .log(let log) = expr else { throw .badRequest("\(quoteGo(text)) is not a log stream selector") }
            matcherSets.append(log.selector.matchers)
        }
        let store = await store.snapshot()
        let candidates = matcherSets.isEmpty ? store.select([]) : Self.union(matcherSets.map { store.select($0) })
        return candidates.filter { $0.hasEntries(from: window.start, through: window.end) }
    }

    private static func union(_ lists: [[LogStream]]) -> [LogStream] {
        var seen = Set<Labels>()
        return lists.joined().filter { seen.insert($0.labels).inserted }.sorted { $0.labels < $1.labels }
    }

    func labelNames(_ params: LokiParameters) async throws(Failure) -> JSONValue {
        let streams = try await streamsInWindow(params, selectors: params.value("query").map { [$0] } ?? [])
        let names = Set(streams.flatMap { $0.labels.map(\.name) }).sorted()
        return .object([("status", .string("success")), ("data", .array(names.map { .string($0) }))])
    }

    func labelValues(_ name: String, _ params: LokiParameters) async throws(Failure) -> JSONValue {
        let streams = try await streamsInWindow(params, selectors: params.value("query").map { [$0] } ?? [])
        let values = Set(streams.compactMap { $0.labels[name] }).sorted()
        return .object([("status", .string("success")), ("data", .array(values.map { .string($0) }))])
    }

    func series(_ params: LokiParameters) async throws(Failure) -> JSONValue {
        let selectors = params.form.values("match[]") + params.form.values("match")
        guard !selectors.isEmpty else { throw .badRequest("at least one match[] argument is required") }
        let streams = try await streamsInWindow(params, selectors: selectors)
        return .object([("status", .string("success")), ("data", .array(streams.map { LokiQueryJSON.labels($0.labels) }))])
    }

    // MARK: Push

    func push(_ request: Request, _ context: VigilRequestContext) async -> Response {
        let contentType = request.headers[.contentType] ?? ""
        // Loki reads protobuf when the type says so and JSON otherwise; a body with another type is refused
        // here rather than misread.
        let isProtobuf = contentType.hasPrefix("application/x-protobuf")
        guard isProtobuf || contentType.hasPrefix("application/json") else {
            return HTTPReply.text(.unsupportedMediaType,
                                  "Vigil's log store reads JSON (application/json) and snappy-compressed protobuf (application/x-protobuf) pushes, not \(contentType.isEmpty ? "a body without Content-Type" : quoteGo(contentType))\n")
        }
        if isProtobuf && snappy == nil {
            return HTTPReply.text(.unsupportedMediaType, "this log store reads JSON pushes only\n")
        }
        // Protobuf bodies are snappy blocks whatever the header says (as in Loki); JSON must come uncompressed.
        if !isProtobuf, let encoding = request.headers[.contentEncoding], !encoding.isEmpty, encoding.lowercased() != "identity" {
            return HTTPReply.text(.unsupportedMediaType, "Vigil's log store reads uncompressed JSON pushes, not Content-Encoding \(quoteGo(encoding))\n")
        }
        var bytes: [UInt8]
        do {
            bytes = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        } catch {
            return HTTPReply.text(.contentTooLarge, "request body larger than \(context.maxUploadSize) bytes\n")
        }
        let decoded: LokiPushRequest
        if isProtobuf, let snappy {
            do { bytes = try snappy(bytes, Self.maxDecompressedPush) } catch {
                return HTTPReply.text(.badRequest, "the protobuf push is not a snappy block: \(error)\n")
            }
            do { decoded = try LokiPushProtobuf.decode(bytes) } catch {
                return HTTPReply.text(.badRequest, error.message + "\n")
            }
        } else {
            do { decoded = try LokiPushRequest.decode(bytes) } catch {
                return HTTPReply.text(.badRequest, error.message + "\n")
            }
        }
        let outcome = await store.push(decoded.streams.map { ($0.labels, $0.entries) })
        if outcome.full {
            return HTTPReply.text(.tooManyRequests, (["the log store is full"] + outcome.refused.prefix(10)).joined(separator: "\n") + "\n")
        }
        if !decoded.refused.isEmpty {
            // Loki keeps the valid streams and reports the invalid ones.
            let shown = decoded.refused.prefix(10)
            let more = decoded.refused.count > shown.count ? ["and \(decoded.refused.count - shown.count) more"] : []
            return HTTPReply.text(.badRequest, (shown + more).joined(separator: "\n") + "\n")
        }
        return Response(status: .noContent)
    }
}
