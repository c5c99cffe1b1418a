import TimeSeries

/// How an expected error or annotation text is matched: `msg:` (exact, after trimming), `regex:` (RE2,
/// unanchored), or nothing given.
public enum TextMatcher: Sendable, CustomStringConvertible {
    case message(String)
    case regex(GoRegex)

    /// Upstream matches a bare `expect fail`/`expect warn` with the regex `^.*$`; Go's `.` does not match a
    /// newline and `$` is end of text, so a multi-line text does not match. Kept for exact agreement.
    public static let anyLine: TextMatcher = .regex(try! GoRegex("^.*$"))

    public func matches(_ text: String) -> Bool {
        switch self {
        case .message(let m): return m == text
        case .regex(let r): return r.matches(text)
        }
    }

    /// "message" or "pattern", as upstream words it in failure messages.
    public var kind: String {
        switch self {
        case .message: return "message"
        case .regex: return "pattern"
        }
    }

    public var description: String {
        switch self {
        case .message(let m): return m
        case .regex(let r): return r.pattern
        }
    }
}
