import Rules
import TimeSeries

/// Instant queries against a Prometheus-compatible server's HTTP API (`/api/v1/query`), and the ruler's
/// `Querier` over it.
///
/// Queries are POSTed as a form (`query`, `time` in float seconds, optional `timeout`), as Prometheus's own
/// Go client does, so long expressions never meet a URL length limit.
public final class PrometheusQueryClient: Querier {
    public let http: BackendHTTPClient
    /// Sent as the `timeout` parameter: the server gives up evaluating after this long.
    public let queryTimeout: ConfigDuration?
    private let onAnnotations: (@Sendable (_ expr: String, _ warnings: [String], _ infos: [String]) -> Void)?

    /// - Parameters:
    ///   - baseURL: the server's URL, with any path prefix (`http://prometheus:9090`, `https://host/prometheus`).
    ///   - onAnnotations: called with the warnings and infos of a query that has some (the ruler logs them).
    public init(baseURL: String, settings: HTTPClientSettings = HTTPClientSettings(), queryTimeout: Duration? = nil,
                sleeper: any Sleeper = TaskSleeper(), maxResponseBytes: Int = 64 << 20,
                onAnnotations: (@Sendable (String, [String], [String]) -> Void)? = nil) throws(BackendError) {
        http = try BackendHTTPClient(baseURL: baseURL, settings: settings, sleeper: sleeper, maxResponseBytes: maxResponseBytes)
        self.queryTimeout = queryTimeout.map(ConfigDuration.init)
        self.onAnnotations = onAnnotations
    }

    public func shutdown() async { await http.shutdown() }

    static let queryPath = "/api/v1/query"

    /// Evaluates `expr` at `t` (milliseconds) and returns whatever type it yields.
    public func instantQuery(_ expr: String, at t: Int64) async throws -> PrometheusQueryResult {
        var fields = [("query", expr), ("time", Self.formatSeconds(t))]
        if let queryTimeout { fields.append(("timeout", queryTimeout.description)) }
        let response = try await http.send(.form(path: Self.queryPath, fields))
        let endpoint = http.endpoint(Self.queryPath)
        let outcome: PrometheusResponseDecoder.Outcome
        do {
            outcome = try PrometheusResponseDecoder.decode(status: response.status, body: response.body,
                                                           contentType: response.header("Content-Type"))
        } catch {
            // Not the API's JSON: a proxy's error page, a truncated body.
            if !response.isSuccess {
                throw BackendError.httpStatus(endpoint: endpoint, status: response.status, body: HTTPStatusText.excerpt(response.body))
            }
            throw BackendError.invalidResponse(endpoint: endpoint, message: error.description)
        }
        switch outcome {
        case .success(let result):
            if !result.warnings.isEmpty || !result.infos.isEmpty { onAnnotations?(expr, result.warnings, result.infos) }
            return result
        case .apiError(let error):
            throw error
        }
    }

    /// The ruler's query function (upstream `rules.EngineQueryFunc` semantics over HTTP): a vector as it
    /// is, a scalar as one sample without labels, any other type an error.
    public func query(_ expr: String, at t: Int64) async throws -> [InstantSample] {
        try Self.ruleResult(try await instantQuery(expr, at: t).value)
    }

    static func ruleResult(_ value: QueryValue) throws -> [InstantSample] {
        switch value {
        case .vector(let samples):
            return samples
        case let .scalar(t, v):
            return [InstantSample(labels: .empty, t: t, value: v)]
        case .matrix:
            throw UnsupportedResultError(resultType: "matrix")
        case .string:
            throw UnsupportedResultError(resultType: "string")
        }
    }

    /// Milliseconds as Prometheus's float seconds with three decimals (`1435781451.781`), exact for any
    /// Int64 (no float rounding).
    static func formatSeconds(_ t: Int64) -> String {
        let sign = t < 0 ? "-" : ""
        let magnitude = t.magnitude
        let ms = magnitude % 1000
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(sign)\(magnitude / 1000).\(msText)"
    }
}
