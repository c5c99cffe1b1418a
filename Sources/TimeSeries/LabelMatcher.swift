/// A label matcher: `name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`.
///
/// Regular expressions are fully anchored and use Go RE2 syntax; as in Prometheus 3, `.` matches a newline.
public struct LabelMatcher: Hashable, Sendable, CustomStringConvertible {
    public enum MatchType: String, Sendable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case regexMatch = "=~"
        case regexNoMatch = "!~"
    }

    public let type: MatchType
    public let name: String
    public let value: String
    private let regex: GoRegex?
    /// Fast paths for the regexes users write most: `.*`, `.+`, and literal alternations like `a|b|c`.
    private let shortcut: Shortcut?

    private enum Shortcut: Hashable {
        case any, nonEmpty
        case literals(Set<String>)
    }

    public init(_ type: MatchType, _ name: String, _ value: String) throws(GoRegex.SyntaxError) {
        self.type = type
        self.name = name
        self.value = value
        if type == .regexMatch || type == .regexNoMatch {
            regex = try GoRegex(value, anchored: true, dotMatchesNewline: true)
            shortcut = LabelMatcher.shortcut(for: value)
        } else {
            regex = nil
            shortcut = nil
        }
    }

    /// Whether a label value (the empty string when the label is absent) satisfies the matcher.
    public func matches(_ v: String) -> Bool {
        switch type {
        case .equal: return v == value
        case .notEqual: return v != value
        case .regexMatch: return regexMatches(v)
        case .regexNoMatch: return !regexMatches(v)
        }
    }

    private func regexMatches(_ v: String) -> Bool {
        switch shortcut {
        case .any: return true
        case .nonEmpty: return !v.isEmpty
        case .literals(let set): return set.contains(v)
        case nil: return regex!.matches(v)
        }
    }

    /// Whether the matcher accepts the empty string, that is, also series without the label.
    public var matchesEmpty: Bool { matches("") }

    /// `name="value"` with Go quoting, the way Prometheus prints matchers.
    public var description: String {
        "\(Labels.formatName(name))\(type.rawValue)\(quoteGo(value))"
    }

    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.type == rhs.type && lhs.name == rhs.name && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(name)
        hasher.combine(value)
    }

    private static func shortcut(for pattern: String) -> Shortcut? {
        if pattern == ".*" { return .any }
        if pattern == ".+" { return .nonEmpty }
        let meta = Set("\\^$.|?*+()[]{}")
        let alternatives = pattern.split(separator: "|", omittingEmptySubsequences: false)
        let body = pattern.filter { $0 != "|" }
        if body.contains(where: { meta.contains($0) }) { return nil }
        return .literals(Set(alternatives.map(String.init)))
    }
}
