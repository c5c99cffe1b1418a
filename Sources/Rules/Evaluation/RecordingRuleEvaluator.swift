import PromQL
import TimeSeries

/// One recording rule: Prometheus's `RecordingRule.Eval` (rules/recording.go, 3.14). Stateless.
public struct RecordingRuleEvaluator: Sendable, Hashable {
    /// The record name, which becomes `__name__`.
    public var name: String
    public var expr: String
    /// Group labels overlaid with the rule's labels, sorted by name. They are not templated. An empty
    /// value removes the label from the result.
    public var labels: [Label]

    public init(name: String, expr: String, labels: [Label] = []) {
        self.name = name
        self.expr = expr
        self.labels = AlertingRuleEvaluator.Definition.normalized(labels)
    }

    /// Builds the evaluator of a recording rule of a group whose labels are `groupLabels` (a rule label
    /// wins over a group label of the same name).
    public init(rule: Rule, groupLabels: [LabelEntry] = []) {
        var merged = groupLabels.dictionary
        for (k, v) in rule.labels.dictionary { merged[k] = v }
        self.init(name: rule.name, expr: rule.expr, labels: merged.map { Label($0.key, $0.value) })
    }

    /// Renames and relabels `result` (what the expression returned at `ts - queryOffset`; the samples
    /// keep their timestamps, so they are stored at the query time).
    ///
    /// - Throws: a duplicate label set after relabelling, or more series than `limit` (0: none).
    public func evaluate(_ result: [InstantSample], limit: Int = 0) throws(RuleEvaluationError) -> [InstantSample] {
        var out = result
        var seen = Set<Labels>()
        seen.reserveCapacity(out.count)
        var duplicate = false
        for i in out.indices {
            var builder = out[i].labels.dictionary
            builder[Label.metricName] = name
            for label in labels { builder[label.name] = label.value.isEmpty ? nil : label.value }
            out[i].labels = Labels(builder)
            if !seen.insert(out[i].labels).inserted { duplicate = true }
        }
        // Upstream checks duplicates before the limit.
        if duplicate { throw .duplicateRecordingLabelSet }
        if limit > 0 && out.count > limit { throw .seriesLimitExceeded(limit: limit, series: out.count) }
        return out
    }
}
