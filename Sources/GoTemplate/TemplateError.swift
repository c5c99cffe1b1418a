/// An error from parsing or executing a template, formatted like Go's `text/template`.
///
/// Parse errors print as `template: NAME:LINE: message`; execution errors as
/// `template: NAME:LINE:COL: executing "NAME" at <context>: message`.
/// Columns are 0-based byte offsets within the line, as in Go.
public struct TemplateError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        case parse
        case execution
        /// An error without position (e.g. `no such template`).
        case other
    }

    public var kind: Kind
    public var message: String
    public var templateName: String
    public var line: Int
    public var column: Int
    /// For execution errors: the name of the template being executed and the node context.
    public var executingName: String
    public var context: String

    public init(kind: Kind, message: String, templateName: String, line: Int = 0, column: Int = 0,
                executingName: String = "", context: String = "") {
        self.kind = kind
        self.message = message
        self.templateName = templateName
        self.line = line
        self.column = column
        self.executingName = executingName
        self.context = context
    }

    public var description: String {
        switch kind {
        case .parse:
            return "template: \(templateName):\(line): \(message)"
        case .execution:
            return "template: \(templateName):\(line):\(column): executing \"\(executingName)\" at <\(context)>: \(message)"
        case .other:
            return message
        }
    }
}

/// An error raised by a template function; the executor wraps it as `error calling NAME: message`.
public struct FunctionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
