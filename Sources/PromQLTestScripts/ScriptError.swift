/// A problem that makes a whole script unusable: it does not parse, or a `load` cannot be carried out.
/// Upstream rejects the whole file in these cases, so they are reported apart from eval outcomes.
public struct ScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line of the offending line.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
