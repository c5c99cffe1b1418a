import Hummingbird

/// An error of Prometheus's HTTP API: `{"status":"error","errorType":"bad_data","error":"..."}` with the
/// status code upstream gives each type (web/api/v1/api.go `getDefaultErrorCode`).
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case badData = "bad_data"
        case execution
        case internalError = "internal"
        case unavailable
        case notFound = "not_found"
        case timeout
        case canceled
        case notAcceptable = "not_acceptable"

        var status: HTTPResponse.Status {
            switch self {
            case .badData: return .badRequest
            case .execution: return .unprocessableContent
            case .internalError, .unavailable: return .internalServerError
            case .notFound: return .notFound
            case .timeout: return .serviceUnavailable
            // Go's statusClientClosedConnection, nginx's 499.
            case .canceled: return HTTPResponse.Status(code: 499)
            case .notAcceptable: return .notAcceptable
            }
        }
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Upstream's `invalidParamError`: `invalid parameter "type": <reason>`.
    public static func invalidParameter(_ name: String, _ reason: String) -> APIError {
        APIError(.badData, "invalid parameter \"\(name)\": \(reason)")
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    public var response: Response {
        HTTPReply.json(kind.status, .object([
            ("status", .string("error")), ("errorType", .string(kind.rawValue)), ("error", .string(message)),
        ]))
    }
}

/// Prometheus's success envelope: `{"status":"success","data":...}`.
enum APIEnvelope {
    static func success(_ data: JSONValue) -> Response {
        HTTPReply.json(.ok, .object([("status", .string("success")), ("data", data)]))
    }
}
