import TimeSeries

/// A query that could not be run: a parse error, a type or execution error, a limit, a timeout or a
/// cancellation.
///
/// `type` is Prometheus's HTTP API error type, so an API can answer
/// `{"status":"error","errorType":"<type>","error":"<message>"}` as Prometheus does. The engine picks it as
/// upstream's API would for the same failure: what the API refuses before running the query (a parse error,
/// a bad range or step, too many points) is `bad_data`; `promql.ErrQueryTimeout` is `timeout`,
/// `ErrQueryCanceled` is `canceled`, and every other evaluation error, the sample limit included, is
/// `execution`.
///
/// Upstream's API prefixes the errors it found in a request parameter with `invalid parameter "query": `
/// (or `"end"`, `"step"`). `message` is the bare text, as the engine's tests and the promqltest runner
/// compare it; `parameter` names the request parameter at fault, and `apiMessage` is the text with the
/// prefix, as the API's `error` field shows it.
public struct QueryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `errorType` values of Prometheus's HTTP API (`web/api/v1/api.go`).
    public enum ErrorType: String, Hashable, Sendable, CaseIterable {
        case badData = "bad_data"
        case execution
        case timeout
        case canceled
        case `internal`
        case unavailable
        case notFound = "not_found"
        case notAcceptable = "not_acceptable"
    }

    public var type: ErrorType
    public var message: String
    /// The query API parameter the error is about (`query`, `end`, `step`), if any.
    public var parameter: String?

    public init(_ message: String, type: ErrorType = .execution, parameter: String? = nil) {
        self.message = message
        self.type = type
        self.parameter = parameter
    }

    public var description: String { message }

    /// The message as upstream's API words it: `invalid parameter "query": 1:5: parse error: …`.
    public var apiMessage: String {
        guard let parameter else { return message }
        return "invalid parameter \(quoteGo(parameter)): \(message)"
    }
}

extension QueryError {
    /// Where a query was when it stopped, as upstream names it in its timeout, cancellation and sample-limit
    /// messages: before evaluation started, or during it.
    public enum Phase: String, Sendable {
        case queryExecution = "query execution"
        case expressionEvaluation = "expression evaluation"
    }

    /// `promql.ErrQueryTimeout`.
    public static func timedOut(in phase: Phase) -> QueryError {
        QueryError("query timed out in \(phase.rawValue)", type: .timeout)
    }

    /// `promql.ErrQueryCanceled`.
    public static func canceled(in phase: Phase) -> QueryError {
        QueryError("query was canceled in \(phase.rawValue)", type: .canceled)
    }

    /// `promql.ErrTooManySamples`: upstream always names "query execution" here, also during evaluation.
    public static let tooManySamples = QueryError(
        "query processing would load too many samples into memory in query execution", type: .execution)

    /// The refusal of upstream's `query_range` API for a step that is too small for its range.
    public static func tooManyPoints(limit: Int) -> QueryError {
        QueryError("exceeded maximum resolution of \(groupedThousands(limit)) points per timeseries. "
                   + "Try decreasing the query resolution (?step=XX)", type: .badData)
    }

    /// `11000` as `11,000`, the way upstream's message writes its limit.
    static func groupedThousands(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
