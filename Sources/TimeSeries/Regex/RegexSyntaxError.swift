extension GoRegex {
    /// A pattern Go's `regexp` would refuse, with Go's message: `error parsing regexp: CODE: `EXPR``.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible, Equatable {
        public let code: Code
        /// The part of the pattern the error is about (the whole pattern for some codes).
        public let expression: String

        public var message: String { "error parsing regexp: \(code.rawValue): `\(expression)`" }
        public var description: String { message }

        init(_ code: Code, _ expression: String) {
            self.code = code
            self.expression = expression
        }

        /// Go's `regexp/syntax.ErrorCode` texts.
        public enum Code: String, Sendable {
            case invalidCharClass = "invalid character class"
            case invalidCharRange = "invalid character class range"
            case invalidEscape = "invalid escape sequence"
            case invalidNamedCapture = "invalid named capture"
            case invalidPerlOp = "invalid or unsupported Perl syntax"
            case invalidRepeatOp = "invalid nested repetition operator"
            case invalidRepeatSize = "invalid repeat count"
            case missingBracket = "missing closing ]"
            case missingParen = "missing closing )"
            case missingRepeatArgument = "missing argument to repetition operator"
            case trailingBackslash = "trailing backslash at end of expression"
            case unexpectedParen = "unexpected )"
            case nestingDepth = "expression nests too deeply"
            case tooLarge = "expression too large"
        }
    }
}
