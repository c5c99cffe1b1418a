import TimeSeries

/// The state of a group's rules, to persist across restarts or to carry over a reload.
///
/// Rules are matched as upstream's `Group.CopyState` matches them: by name and merged labels, the n-th
/// rule with a given identity in the new group taking the state of the n-th one in the old group.
public struct RuleGroupState: Sendable, Hashable, Codable {
    public struct RuleEntry: Sendable, Hashable, Codable {
        public var name: String
        public var labels: [String: String]
        /// The alert state of an alerting rule; nil for a recording rule.
        public var alerting: AlertingRuleEvaluator.State?
        public var status: RuleStatus
        /// The series the rule stored at its last evaluation, each as a label map (for staleness markers).
        public var previousSeries: [[String: String]]

        public init(name: String, labels: [String: String], alerting: AlertingRuleEvaluator.State?, status: RuleStatus,
                    previousSeries: [[String: String]]) {
            self.name = name
            self.labels = labels
            self.alerting = alerting
            self.status = status
            self.previousSeries = previousSeries
        }
    }

    public var rules: [RuleEntry]
    public var lastEvaluationTimestamp: Int64?

    public init(rules: [RuleEntry] = [], lastEvaluationTimestamp: Int64? = nil) {
        self.rules = rules
        self.lastEvaluationTimestamp = lastEvaluationTimestamp
    }
}

extension RuleGroupEvaluator {
    /// The state of every rule, in rule order.
    public var state: RuleGroupState {
        RuleGroupState(
            rules: rules.indices.map { i in
                RuleGroupState.RuleEntry(
                    name: rules[i].name,
                    labels: CodableLabels.encode(rules[i].labels),
                    alerting: rules[i].alerting?.state,
                    status: statuses[i],
                    previousSeries: previousSeries[i].sorted().map { CodableLabels.encode($0.labels) })
            },
            lastEvaluationTimestamp: lastEvaluationTimestamp)
    }

    /// Takes over the state of matching rules from `saved`; rules without a match keep theirs. The
    /// `restored` flag of alerting rules stays as this group has it: restoring `for` state is a separate
    /// step.
    public mutating func restore(from saved: RuleGroupState) {
        var byIdentity: [String: [Int]] = [:]
        for (index, entry) in saved.rules.enumerated() {
            let identity = RuleGroupState.identity(entry.name, entry.labels)
            byIdentity[identity, default: []].append(index)
        }
        for i in rules.indices {
            let identity = RuleGroupState.identity(rules[i].name, CodableLabels.encode(rules[i].labels))
            guard var candidates = byIdentity[identity], !candidates.isEmpty else { continue }
            let entry = saved.rules[candidates.removeFirst()]
            byIdentity[identity] = candidates
            restoreRule(i, entry)
        }
        if lastEvaluationTimestamp == nil { lastEvaluationTimestamp = saved.lastEvaluationTimestamp }
    }
}

extension RuleGroupState {
    static func identity(_ name: String, _ labels: [String: String]) -> String {
        name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
    }
}
