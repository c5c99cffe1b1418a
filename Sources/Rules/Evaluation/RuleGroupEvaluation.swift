import TimeSeries

/// What one evaluation of a group did.
public struct RuleGroupEvaluation: Sendable, Hashable {
    /// Alerts a rule hands to the notifier after this evaluation (upstream's `sendAlerts`).
    public struct AlertBatch: Sendable, Hashable {
        public var ruleName: String
        public var expr: String
        public var alerts: [Alert]
    }

    /// A rule that failed this evaluation, in rule order.
    public struct Failure: Sendable, Hashable {
        public var ruleIndex: Int
        public var ruleName: String
        public var error: RuleEvaluationError
    }

    /// The evaluation timestamp (milliseconds).
    public var timestamp: Int64
    /// Each rule's status after this evaluation, in rule order.
    public var rules: [RuleStatus] = []
    /// Rules whose `lastError` is set after this evaluation: what promtool reports as
    /// `rule: <name>, time: <t>, err: <error>` (and then stops the test group).
    public var failures: [Failure] = []
    public var notifications: [AlertBatch] = []
    /// Samples stored, staleness markers included.
    public var samplesAppended = 0
    /// How long the whole evaluation took by the injected clock, in nanoseconds.
    public var durationNanoseconds: Int64 = 0

    public init(timestamp: Int64) { self.timestamp = timestamp }
}

extension Array where Element == RuleGroupEvaluator {
    /// The firing alerts of every alerting rule named `alertName` in these groups, sorted by labels: what
    /// promtool compares with an `alert_rule_test` (an alert name may be used in several groups).
    public func firingAlerts(named alertName: String) -> [Alert] {
        flatMap { $0.rules.compactMap(\.alerting).filter { $0.name == alertName }.flatMap(\.firingAlerts) }
            .sorted { $0.labels < $1.labels }
    }
}
