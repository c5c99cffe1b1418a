/// A LogQL query that could not run: it did not parse, its pipeline could not be compiled, an entry kept a
/// pipeline error in a metric query, or it went past a limit.
public struct LogQLQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The query or its parameters are wrong (Loki answers 400).
        case badData = "bad_data"
        /// The query failed while running.
        case execution
        /// The query would read or produce more than the engine allows.
        case limit
        /// The query ran past `Options.timeout`.
        case timeout
        /// The caller cancelled the query.
        case canceled
    }

    public var kind: Kind
    public var message: String

    public init(_ message: String, kind: Kind = .execution) {
        self.message = message
        self.kind = kind
    }

    public var description: String { message }
}
