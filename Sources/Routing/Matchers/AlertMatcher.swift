import TimeSeries

/// One label matcher of Alertmanager (`severity="critical"`, `service=~"db|web"`): as in routes, inhibit
/// rules and silences.
///
/// Unlike Prometheus 3's matchers (`TimeSeries.LabelMatcher`), Alertmanager compiles a regex as
/// `^(?:re)$` without the `s` flag, so `.` does not match a newline; the pattern runs on Vigil's own
/// linear-time engine.
public struct AlertMatcher: Sendable, Hashable, CustomStringConvertible {
    public typealias MatchType = LabelMatcher.MatchType

    public let type: MatchType
    public let name: String
    public let value: String
    private let regex: GoRegex?

    public init(_ type: MatchType, _ name: String, _ value: String) throws(GoRegex.SyntaxError) {
        self.type = type
        self.name = name
        self.value = value
        switch type {
        case .regexMatch, .regexNoMatch:
            // Alertmanager concatenates the text, so `a)|(b` means what it means there, and syntax errors
            // quote the same expression.
            regex = try GoRegex("^(?:" + value + ")$")
        case .equal, .notEqual: regex = nil
        }
    }

    /// Whether a label value (the empty string for an absent label, as in Alertmanager) satisfies it.
    public func matches(_ v: String) -> Bool {
        switch type {
        case .equal: return v == value
        case .notEqual: return v != value
        case .regexMatch: return regex?.matches(v) ?? false
        case .regexNoMatch: return !(regex?.matches(v) ?? false)
        }
    }

    /// Alertmanager's `Matcher.String()`: a name holding a reserved character is quoted, and so is the
    /// value, with OpenMetrics escaping (`\\`, `\n`, `\"`) when the name is plain.
    public var description: String {
        if name.unicodeScalars.contains(where: AlertMatcher.isReserved) {
            return "\(GoQuote.quote(name))\(type.rawValue)\(GoQuote.quote(value))"
        }
        var escaped = ""
        for c in value.unicodeScalars {
            switch c {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\"": escaped += "\\\""
            default: escaped.unicodeScalars.append(c)
            }
        }
        return "\(name)\(type.rawValue)\"\(escaped)\""
    }

    /// Characters that end an unquoted name or value in the matcher syntax.
    static func isReserved(_ c: Unicode.Scalar) -> Bool {
        isGoSpace(c) || "{}!=~,\\\"'`".unicodeScalars.contains(c)
    }

    /// Go's `unicode.IsSpace`.
    static func isGoSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
        default: return c.value > 0xFF && c.properties.isWhitespace
        }
    }

    public static func == (lhs: AlertMatcher, rhs: AlertMatcher) -> Bool {
        lhs.type == rhs.type && lhs.name == rhs.name && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(name)
        hasher.combine(value)
    }

    /// Alertmanager's order for matchers: by name, then value, then type (=, !=, =~, !~).
    static func ordered(_ a: AlertMatcher, _ b: AlertMatcher) -> Bool {
        if a.name != b.name { return a.name < b.name }
        if a.value != b.value { return a.value < b.value }
        return a.type.order < b.type.order
    }
}

extension LabelMatcher.MatchType {
    var order: Int {
        switch self {
        case .equal: 0
        case .notEqual: 1
        case .regexMatch: 2
        case .regexNoMatch: 3
        }
    }
}

/// A list of matchers that all have to match.
public struct AlertMatchers: Sendable, Hashable, CustomStringConvertible, RandomAccessCollection {
    public var matchers: [AlertMatcher]

    public init(_ matchers: [AlertMatcher] = []) { self.matchers = matchers }

    public var startIndex: Int { matchers.startIndex }
    public var endIndex: Int { matchers.endIndex }
    public subscript(i: Int) -> AlertMatcher { matchers[i] }

    /// Sorted as Alertmanager sorts them (the order shows in route keys).
    public func sorted() -> AlertMatchers { AlertMatchers(matchers.sorted(by: AlertMatcher.ordered)) }

    /// True when every matcher accepts the label set (an absent label is the empty string).
    public func matches(_ labels: Labels) -> Bool {
        matchers.allSatisfy { $0.matches(labels[$0.name] ?? "") }
    }

    /// `{a="b",c=~"d"}`, as Alertmanager prints a matcher list in route keys.
    public var description: String { "{" + matchers.map(\.description).joined(separator: ",") + "}" }
}
