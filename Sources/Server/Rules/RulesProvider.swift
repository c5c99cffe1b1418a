import Rules

/// What the rules and alerts APIs, the readiness check and the rule metrics read: consistent copies of
/// the rule groups, and whether the ruler is ready. `Ruler` provides it; tests pass a fixed set.
public protocol RulesProvider: Sendable {
    /// Every group, in any order (the server sorts them as Prometheus does).
    func snapshots() async -> [RuleGroupSnapshot]
    /// Whether every group has restored its saved state: until then `/-/ready` answers 503.
    func isReady() async -> Bool
}

extension Ruler: RulesProvider {}
