import TimeSeries

/// One rule of a group, ready to evaluate: an alerting rule (with its alert state) or a recording rule.
public enum RuleEvaluator: Sendable, Hashable {
    case alerting(AlertingRuleEvaluator)
    case recording(RecordingRuleEvaluator)

    /// The evaluator of `rule` in a group whose `labels` are `groupLabels`.
    public init(rule: Rule, groupLabels: [LabelEntry] = [], restored: Bool = true) {
        switch rule.kind {
        case .alerting:
            let definition = AlertingRuleEvaluator.Definition(rule: rule, groupLabels: groupLabels)
            self = .alerting(AlertingRuleEvaluator(definition: definition, state: .init(restored: restored)))
        case .recording:
            self = .recording(RecordingRuleEvaluator(rule: rule, groupLabels: groupLabels))
        }
    }

    /// `alert` or `record`.
    public var name: String {
        switch self {
        case .alerting(let r): return r.definition.name
        case .recording(let r): return r.name
        }
    }

    public var expr: String {
        switch self {
        case .alerting(let r): return r.definition.expr
        case .recording(let r): return r.expr
        }
    }

    /// The merged, unexpanded labels.
    public var labels: [Label] {
        switch self {
        case .alerting(let r): return r.definition.labels
        case .recording(let r): return r.labels
        }
    }

    public var alerting: AlertingRuleEvaluator? {
        if case .alerting(let r) = self { return r }
        return nil
    }

    public var recording: RecordingRuleEvaluator? {
        if case .recording(let r) = self { return r }
        return nil
    }
}
