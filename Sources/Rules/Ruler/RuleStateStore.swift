/// Identifies a rule group across reloads and restarts, as Prometheus does: by rule file and group name.
public struct RuleGroupKey: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public var file: String
    public var name: String

    public init(file: String, name: String) {
        self.file = file
        self.name = name
    }

    public var description: String { "\(file);\(name)" }

    public static func < (a: RuleGroupKey, b: RuleGroupKey) -> Bool { (a.file, a.name) < (b.file, b.name) }
}

/// Durable storage of group states, so a restart neither resets `for` timers nor re-pages. A save must be
/// atomic: after a crash, a group's state is the old one or the new one, never a mix.
public protocol RuleStateStore: Sendable {
    func loadState(of group: RuleGroupKey) async -> RuleGroupState?
    func saveState(_ state: RuleGroupState, of group: RuleGroupKey) async throws
    func removeState(of group: RuleGroupKey) async
}

/// States kept in memory: for tests, and for a ruler configured without `storage.path`.
public actor InMemoryRuleStateStore: RuleStateStore {
    private var states: [RuleGroupKey: RuleGroupState] = [:]

    public init() {}

    public func loadState(of group: RuleGroupKey) -> RuleGroupState? { states[group] }
    public func saveState(_ state: RuleGroupState, of group: RuleGroupKey) { states[group] = state }
    public func removeState(of group: RuleGroupKey) { states[group] = nil }
    public var keys: [RuleGroupKey] { states.keys.sorted() }
}
