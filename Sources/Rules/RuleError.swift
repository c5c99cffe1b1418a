import TimeSeries

/// One problem found while loading a rule file: where (in the file as written) and what.
public struct RuleIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// The file name given to the loader.
    public var file: String
    /// 1-based line and column in the outer file (for nested rule files inside a ConfigMap too); `nil` when the
    /// problem has no place (a file that cannot be read, say).
    public var position: SourcePosition?
    public var message: String
    public var severity: Severity
    /// The text of the file, for printing the offending line; not part of equality.
    public var source: String?

    public init(file: String, position: SourcePosition?, message: String, severity: Severity = .error, source: String? = nil) {
        self.file = file
        self.position = position
        self.message = message
        self.severity = severity
        self.source = source
    }

    /// `file:line:col: message`, then the offending line with a caret under the column.
    public var description: String {
        guard let position else { return "\(file): \(message)" }
        return formatLocatedError(file: file, position: position, message: message, source: source)
    }

    /// `file:line:col: message` on one line, without the source excerpt.
    public var shortDescription: String {
        guard let position else { return "\(file): \(message)" }
        return "\(file):\(position.line):\(position.column): \(message)"
    }

    public static func == (lhs: RuleIssue, rhs: RuleIssue) -> Bool {
        lhs.file == rhs.file && lhs.position == rhs.position && lhs.message == rhs.message && lhs.severity == rhs.severity
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(position)
        hasher.combine(message)
        hasher.combine(severity)
    }
}

/// A rule file that failed to load: every error found in it, in file order.
public struct RuleLoadError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var issues: [RuleIssue]

    public init(file: String, issues: [RuleIssue]) {
        self.file = file
        self.issues = issues
    }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}

/// The problems of one load, collected as they are found.
struct IssueSink {
    let file: String
    let source: String
    var errors: [RuleIssue] = []
    var warnings: [RuleIssue] = []

    init(file: String, source: String) {
        self.file = file
        self.source = source
    }

    mutating func error(_ message: String, at position: SourcePosition?) {
        errors.append(RuleIssue(file: file, position: position, message: message, severity: .error, source: source))
    }

    mutating func warning(_ message: String, at position: SourcePosition?) {
        warnings.append(RuleIssue(file: file, position: position, message: message, severity: .warning, source: source))
    }
}
