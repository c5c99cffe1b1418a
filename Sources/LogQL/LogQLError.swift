import TimeSeries

/// A LogQL query that could not be parsed or failed validation.
public struct LogQLError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    /// 1-based line and column (in Unicode scalars) inside the query.
    public var position: SourcePosition

    public init(message: String, position: SourcePosition) {
        self.message = message
        self.position = position
    }

    /// Loki's wording, so messages read the same as the ones users see from Loki.
    public var description: String {
        "parse error at line \(position.line), col \(position.column): \(message)"
    }
}

/// The error the lexer and parser throw internally: a byte offset is cheap to carry around, and is turned
/// into a line and column only once, at the API boundary.
struct ParseFailure: Error {
    var message: String
    var offset: Int

    func located(in input: String) -> LogQLError {
        LogQLError(message: message, position: SourcePosition(utf8Offset: offset, in: input))
    }
}
