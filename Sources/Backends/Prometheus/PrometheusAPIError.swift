/// An error the Prometheus HTTP API reported in its JSON envelope
/// (`{"status":"error","errorType":"bad_data","error":"…"}`), with the HTTP status it came with.
///
/// `errorType` is upstream's: `bad_data` (the query does not parse), `execution`, `timeout`, `canceled`,
/// `internal`, `unavailable`, `not_found`, `not_acceptable`.
public struct PrometheusAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var errorType: String
    public var message: String
    public var warnings: [String]

    public init(status: Int, errorType: String, message: String, warnings: [String] = []) {
        self.status = status
        self.errorType = errorType
        self.message = message
        self.warnings = warnings
    }

    /// As Prometheus's Go client prints an API error: `<type>: <message>`.
    public var description: String { "\(errorType): \(message)" }
}

/// A query result of a type the ruler cannot use.
public struct UnsupportedResultError: Error, Sendable, Hashable, CustomStringConvertible {
    public var resultType: String
    /// Upstream's message from `rules.EngineQueryFunc`.
    public static let message = "rule result is not a vector or scalar"
    public var description: String { Self.message }
}
