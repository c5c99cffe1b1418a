import TimeSeries

/// A PromQL parse error, located in the input.
public struct PromQLError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The message without position, e.g. `unexpected "}" in label matching, expected string`.
    public var message: String
    /// 1-based line and column of `range.start`. As in Prometheus, the column counts UTF-8 bytes from the
    /// start of the line (identical to characters for ASCII input).
    public var position: SourcePosition
    /// UTF-8 byte offsets into the input.
    public var range: SourceRange
    /// Whether the input was empty; Prometheus then says "unknown position".
    var inputWasEmpty: Bool

    public init(message: String, range: SourceRange, input: String) {
        self.message = message
        self.range = range
        self.inputWasEmpty = input.isEmpty
        self.position = PromQLError.position(of: range.start, in: input)
    }

    /// Prometheus's form: `1:14: parse error: <message>`.
    public var description: String {
        let where_ = inputWasEmpty ? "unknown position" : "\(position.line):\(position.column)"
        return "\(where_): parse error: \(message)"
    }

    /// Line and byte column of a byte offset, computed as upstream's `StartPosInput`.
    static func position(of offset: Int, in input: String) -> SourcePosition {
        var line = 1
        var lastLineBreak = -1
        var i = 0
        for byte in input.utf8 {
            if i >= offset { break }
            if byte == 0x0A {
                lastLineBreak = i
                line += 1
            }
            i += 1
        }
        return SourcePosition(line: line, column: max(offset, 0) - lastLineBreak)
    }
}
