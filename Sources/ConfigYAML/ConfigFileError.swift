import TimeSeries

/// A problem in a configuration file, with where it is: `vigil.yml:12:5: message`.
public struct ConfigFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var position: SourcePosition?
    public var message: String

    public init(file: String, position: SourcePosition?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String {
        guard let position else { return "\(file): \(message)" }
        return "\(file):\(position.line):\(position.column): \(message)"
    }
}

/// What a configuration type throws from its `init(from:)` when a value is well-formed YAML but not
/// acceptable (an unknown enum value, a negative interval): the decoder places it at the value's position.
public struct ConfigValueError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
