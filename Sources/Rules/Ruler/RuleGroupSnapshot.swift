import TimeSeries

/// A consistent copy of one group for the APIs (`/api/v1/rules`, `/api/v1/alerts`) and metrics, taken
/// between evaluations.
public struct RuleGroupSnapshot: Sendable {
    public struct RuleSnapshot: Sendable {
        public enum Kind: String, Sendable { case alerting, recording }
        public var kind: Kind
        public var name: String
        public var expr: String
        /// Alerting rules: `for` and `keep_firing_for` in milliseconds.
        public var holdDuration: Int64
        public var keepFiringFor: Int64
        public var labels: [Label]
        public var annotations: [Label]
        /// Alerting rules: every alert, resolved ones included, sorted by labels.
        public var alerts: [Alert]
        /// Alerting rules: Prometheus's rule state (`inactive`, `pending`, `firing`, `unknown`).
        public var state: AlertState?
        public var status: RuleStatus
    }

    public var key: RuleGroupKey
    public var language: QueryLanguage
    public var datasource: String
    /// Milliseconds.
    public var interval: Int64
    public var queryOffset: Int64
    public var limit: Int
    public var rules: [RuleSnapshot]
    public var lastEvaluationTimestamp: Int64?
    public var lastEvaluationDurationNanoseconds: Int64
    public var metrics: RuleGroupMetrics

    public init(key: RuleGroupKey, language: QueryLanguage, datasource: String, evaluator: RuleGroupEvaluator, metrics: RuleGroupMetrics = RuleGroupMetrics()) {
        self.key = key
        self.language = language
        self.datasource = datasource
        interval = evaluator.interval
        queryOffset = evaluator.queryOffset
        limit = evaluator.limit
        lastEvaluationTimestamp = evaluator.lastEvaluationTimestamp
        lastEvaluationDurationNanoseconds = evaluator.lastEvaluationDurationNanoseconds
        self.metrics = metrics
        rules = zip(evaluator.rules, evaluator.statuses).map { rule, status in
            switch rule {
            case .alerting(let r):
                return RuleSnapshot(kind: .alerting, name: r.name, expr: r.definition.expr,
                                    holdDuration: r.definition.holdDuration, keepFiringFor: r.definition.keepFiringFor,
                                    labels: r.definition.labels, annotations: r.definition.annotations,
                                    alerts: r.alerts, state: r.ruleState, status: status)
            case .recording(let r):
                return RuleSnapshot(kind: .recording, name: r.name, expr: r.expr, holdDuration: 0, keepFiringFor: 0,
                                    labels: r.labels, annotations: [], alerts: [], state: nil, status: status)
            }
        }
    }

    /// The pending and firing alerts of every alerting rule.
    public var activeAlerts: [Alert] { rules.flatMap { $0.alerts.filter(\.isActive) } }
}
