import TimeSeries

/// A warning about an Alertmanager configuration that loads but does not do what it seems to (a route no
/// alert can reach, an inhibit rule that can never apply), with where it is.
public struct ConfigLintFinding: Sendable, Hashable {
    public var position: SourcePosition?
    public var message: String

    public init(position: SourcePosition?, message: String) {
        self.position = position
        self.message = message
    }

    /// `file:line:col: warning: message`.
    public func description(file: String) -> String {
        guard let position else { return "\(file): warning: \(message)" }
        return "\(file):\(position.line):\(position.column): warning: \(message)"
    }
}
