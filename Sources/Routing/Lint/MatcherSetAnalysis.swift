/// What can be proved about lists of Alertmanager matchers (all of which must hold) without guessing:
/// the lints built on it only claim what is certain, and answer "unknown" otherwise.
///
/// The one tool is the finite value set: `name="v"` accepts exactly `v`, and a regex made only of literal
/// alternatives (`=~"db|web"`, anchored by Alertmanager) accepts exactly those strings. When a label is
/// pinned to such a set, every other matcher on that label is decided by running it (the real regex
/// engine) on each candidate. Matchers without a finite set are compared only for identity.
enum MatcherSetAnalysis {
    /// The exact values `m` accepts, when that set is finite and evident from its text.
    static func finiteValues(_ m: AlertMatcher) -> [String]? {
        switch m.type {
        case .equal:
            return [m.value]
        case .regexMatch:
            guard !m.value.unicodeScalars.contains(where: { regexSyntax.contains($0) }) else { return nil }
            return m.value.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        case .notEqual, .regexNoMatch:
            return nil
        }
    }

    /// Characters that make a regex more than literal alternatives (`|` is handled by splitting).
    private static let regexSyntax: Set<Unicode.Scalar> = Set("\\.+*?()[]{}^$".unicodeScalars)

    /// The values the matchers on one label allow, when some matcher pins the label to a finite set.
    static func allowedValues(_ matchers: [AlertMatcher]) -> [String]? {
        guard let candidates = matchers.lazy.compactMap(finiteValues).first else { return nil }
        return candidates.filter { v in matchers.allSatisfy { $0.matches(v) } }
    }

    /// The matchers grouped by label name, names in order of first appearance.
    static func byName(_ matchers: [AlertMatcher]) -> [(name: String, matchers: [AlertMatcher])] {
        var order: [String] = []
        var groups: [String: [AlertMatcher]] = [:]
        for m in matchers {
            if groups[m.name] == nil { order.append(m.name) }
            groups[m.name, default: []].append(m)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    /// Matchers on one label that no value satisfies together, when that is certain; nil otherwise.
    static func contradiction(_ matchers: [AlertMatcher]) -> [AlertMatcher]? {
        for (_, group) in byName(matchers) {
            if let allowed = allowedValues(group), allowed.isEmpty { return group }
            // `=~R` and `!~R` with the same pattern disagree on every value.
            for m in group where m.type == .regexMatch {
                if group.contains(where: { $0.type == .regexNoMatch && $0.value == m.value }) {
                    return group.filter { $0.value == m.value }
                }
            }
        }
        return nil
    }

    /// True when every label set matching all of `narrow` certainly matches all of `broad` (false when
    /// that is not certain). An empty `broad` is implied by anything.
    static func implies(_ narrow: [AlertMatcher], _ broad: [AlertMatcher]) -> Bool {
        broad.allSatisfy { b in
            if narrow.contains(b) { return true }
            // `=~".*"` holds for every value, the empty one (an absent label) included.
            if b.type == .regexMatch && b.value == ".*" { return true }
            let onLabel = narrow.filter { $0.name == b.name }
            guard let allowed = allowedValues(onLabel) else { return false }
            return allowed.allSatisfy { b.matches($0) }
        }
    }

    /// `a="x", a!="x"`, for messages.
    static func list(_ matchers: [AlertMatcher]) -> String {
        matchers.map(\.description).joined(separator: ", ")
    }
}
