import Rules
import TimeSeries

/// Queries against Loki's HTTP API: instant metric queries for the ruler (`/loki/api/v1/query`) and the
/// newest entry of a selector (`/loki/api/v1/query_range`), with the `X-Scope-OrgID` tenant header.
public final class LokiQueryClient: Querier {
    public let http: BackendHTTPClient
    /// Sent as `X-Scope-OrgID` on every request; nil for a single-tenant Loki.
    public let tenant: String?

    public init(baseURL: String, tenant: String? = nil, settings: HTTPClientSettings = HTTPClientSettings(),
                sleeper: any Sleeper = TaskSleeper(), maxResponseBytes: Int = 64 << 20) throws(BackendError) {
        http = try BackendHTTPClient(baseURL: baseURL, settings: settings, sleeper: sleeper, maxResponseBytes: maxResponseBytes)
        self.tenant = tenant
    }

    public func shutdown() async { await http.shutdown() }

    static let queryPath = "/loki/api/v1/query"
    static let queryRangePath = "/loki/api/v1/query_range"

    /// Evaluates a LogQL expression at `t` (milliseconds). `limit` and `direction` matter only for log
    /// queries (which recent Loki versions refuse as instant queries; see `newestEntry`).
    public func instantQuery(_ expr: String, at t: Int64, limit: Int? = nil, direction: LokiDirection? = nil) async throws -> LokiQueryValue {
        var query = [("query", expr), ("time", try Self.nanoseconds(t))]
        if let limit { query.append(("limit", String(limit))) }
        if let direction { query.append(("direction", direction.rawValue)) }
        return try await get(Self.queryPath, query)
    }

    /// The ruler's query function: a vector as it is, a scalar as one sample without labels, anything else
    /// (a matrix, log streams) an error with Prometheus's message.
    public func query(_ expr: String, at t: Int64) async throws -> [InstantSample] {
        switch try await instantQuery(expr, at: t) {
        case .vector(let samples): return samples
        case let .scalar(st, v): return [InstantSample(labels: .empty, t: st, value: v)]
        case .matrix: throw UnsupportedResultError(resultType: "matrix")
        case .streams: throw UnsupportedResultError(resultType: "streams")
        }
    }

    /// The timestamp (nanoseconds) of the newest entry matching `selector` in `(t - lookback, t]`, or nil when
    /// there is none: the probe for a Loki that stopped ingesting. `t` is in milliseconds.
    public func newestEntry(selector: String, at t: Int64, lookback: Duration) async throws -> Int64? {
        let (seconds, atto) = lookback.components
        let lookbackMs = seconds.multipliedReportingOverflow(by: 1000)
        guard !lookbackMs.overflow, lookback > .zero else { throw BackendError.configuration("lookback \(lookback) is out of range") }
        let start = t.subtractingReportingOverflow(lookbackMs.partialValue + atto / 1_000_000_000_000_000)
        guard !start.overflow else { throw BackendError.configuration("lookback \(lookback) is out of range") }
        let value = try await get(Self.queryRangePath, [
            ("query", selector), ("start", try Self.nanoseconds(start.partialValue)), ("end", try Self.nanoseconds(t)),
            ("limit", "1"), ("direction", LokiDirection.backward.rawValue),
        ])
        guard case .streams(let streams) = value else {
            throw BackendError.invalidResponse(endpoint: http.endpoint(Self.queryRangePath),
                                               message: "a log selector must return streams")
        }
        return streams.flatMap(\.entries).map(\.timestampNanoseconds).max()
    }

    private func get(_ path: String, _ query: [(String, String)]) async throws -> LokiQueryValue {
        let headers = tenant.map { [("X-Scope-OrgID", $0)] } ?? []
        let response = try await http.send(BackendRequest(method: "GET", path: path, query: query, headers: headers))
        guard response.isSuccess else {
            throw LokiAPIError(status: response.status, message: LokiResponseDecoder.errorMessage(response.body))
        }
        do {
            return try LokiResponseDecoder.decode(response.body, contentType: response.header("Content-Type"))
        } catch {
            throw BackendError.invalidResponse(endpoint: http.endpoint(path), message: error.description)
        }
    }

    /// Milliseconds as Loki's integer nanoseconds.
    static func nanoseconds(_ t: Int64) throws -> String {
        let (ns, overflow) = t.multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { throw BackendError.configuration("time \(t)ms is out of Loki's nanosecond range") }
        return String(ns)
    }
}
