import Hummingbird
import PromQL
import Rules
import TimeSeries

/// Prometheus's query API over a `LiveSeriesStore`, evaluated by Vigil's PromQL engine: what the demo's
/// embedded Prometheus answers the ruler's Prometheus client with.
///
/// - `GET|POST /api/v1/query` (`query`, `time` default now, `timeout`);
/// - `GET|POST /api/v1/query_range` (`query`, `start`, `end`, `step`, `timeout`).
///
/// Parameters, answers and errors are upstream's (web/api/v1/api.go): times are float seconds or RFC 3339,
/// durations Prometheus durations or float seconds; a bad parameter is a 400 `bad_data` naming it, a failed
/// evaluation 422 `execution`, a timeout 503.
public struct PrometheusQueryAPI: HTTPRouteGroup {
    let store: LiveSeriesStore
    let engineOptions: Engine.Options
    let clock: any RuleClock

    public init(store: LiveSeriesStore, engineOptions: Engine.Options = Engine.Options(), clock: any RuleClock = SystemRuleClock()) {
        self.store = store
        self.engineOptions = engineOptions
        self.clock = clock
    }

    public var routes: [HTTPRoute] {
        let api = self
        var out: [HTTPRoute] = []
        for method in [HTTPRequest.Method.get, .post] {
            out.append(HTTPRoute(method, "/api/v1/query") { request, context in
                await api.answer(request, context, range: false)
            })
            out.append(HTTPRoute(method, "/api/v1/query_range") { request, context in
                await api.answer(request, context, range: true)
            })
        }
        return out
    }

    func answer(_ request: Request, _ context: VigilRequestContext, range: Bool) async -> Response {
        guard let form = await FormValues.of(request, limit: context.maxUploadSize) else {
            return APIError(.badData, "request body too large").response
        }
        if let error = form.error { return APIError(.badData, "error parsing form values: \(error)").response }
        let query = form.first("query")
        var queryContext = QueryContext()
        do {
            if !form.first("timeout").isEmpty {
                let ns = try APITimeParameters.durationNanoseconds(form.first("timeout"))
                queryContext = .timeout(.nanoseconds(ns))
            }
        } catch {
            return APIError.invalidParameter("timeout", error.message).response
        }
        let engine = Engine(options: engineOptions)
        let snapshot = await store.snapshot()
        let cancellation = QueryCancellation()
        queryContext.cancellation = cancellation
        let evaluation: @Sendable () -> Result<QueryResult, QueryError>
        if range {
            let start: Int64, end: Int64, step: Int64
            do {
                start = try Self.time(form, "start", default: nil)
                end = try Self.time(form, "end", default: nil)
                let stepText = form.first("step")
                guard !stepText.isEmpty else { throw APIError.invalidParameter("step", "cannot parse \"\" to a valid duration") }
                do { step = try APITimeParameters.durationNanoseconds(stepText) / 1_000_000 } catch {
                    throw APIError.invalidParameter("step", error.message)
                }
                guard end >= start else { throw APIError.invalidParameter("end", "end timestamp must not be before start time") }
                guard step > 0 else {
                    throw APIError.invalidParameter("step", "zero or negative query resolution step widths are not accepted. Try a positive integer")
                }
            } catch let error as APIError {
                return error.response
            } catch {
                return APIError(.internalError, "\(error)").response
            }
            let context = queryContext
            evaluation = { Result { () throws(QueryError) in
                try engine.rangeQuery(query, start: start, end: end, step: step, source: snapshot, context: context)
            } }
        } else {
            let t: Int64
            do { t = try Self.time(form, "time", default: clock.nowMilliseconds()) } catch let error as APIError {
                return error.response
            } catch {
                return APIError(.internalError, "\(error)").response
            }
            let context = queryContext
            evaluation = { Result { () throws(QueryError) in try engine.instantQuery(query, at: t, source: snapshot, context: context) } }
        }
        let outcome = await withTaskCancellationHandler {
            await LargeStack.detached(evaluation)
        } onCancel: {
            cancellation.cancel()
        }
        switch outcome {
        case .success(let result):
            return HTTPReply.bytes(.ok, PrometheusQueryJSON.success(result), headers: [.contentType: "application/json"])
        case .failure(let error):
            return APIError(Self.kind(error.type), error.apiMessage).response
        }
    }

    static func time(_ form: FormValues, _ name: String, default fallback: Int64?) throws -> Int64 {
        let text = form.first(name)
        if text.isEmpty, let fallback { return fallback }
        do { return try APITimeParameters.timestamp(text) } catch {
            throw APIError.invalidParameter(name, error.message)
        }
    }

    static func kind(_ type: QueryError.ErrorType) -> APIError.Kind {
        switch type {
        case .badData: return .badData
        case .execution: return .execution
        case .timeout: return .timeout
        case .canceled: return .canceled
        case .internal: return .internalError
        case .unavailable: return .unavailable
        case .notFound: return .notFound
        case .notAcceptable: return .notAcceptable
        }
    }
}
