import PromQL
import TimeSeries

/// Restoring the `for` state of alerts after a restart from the `ALERTS_FOR_STATE` series the rule wrote
/// before: upstream's `Group.RestoreForState` and `AlertingRule.QueryForStateSeries` (rules/group.go).
///
/// Upstream runs it once, after the second evaluation of a group that starts unrestored, so that the
/// alerts of that evaluation exist; their `activeAt` is then moved back (or forward, to cover the
/// outage) and the rule is marked restored, which also starts the `ALERTS` output.
extension AlertingRuleEvaluator {
    /// The matchers selecting this rule's `ALERTS_FOR_STATE` series: `__name__`, `alertname` and every
    /// rule label whose value is not a template (templated values differ per alert).
    public var forStateMatchers: [LabelMatcher] {
        var pairs: [String: String] = [:]
        for l in definition.labels where !l.value.isEmpty { pairs[l.name] = l.value }
        pairs[Label.metricName] = Self.alertsForStateMetricName
        pairs[Self.alertNameLabel] = definition.name
        return pairs.sorted { $0.key < $1.key }.compactMap { name, value in
            guard !value.contains("{{") else { return nil }
            return try? LabelMatcher(.equal, name, value)
        }
    }

    /// Restores `activeAt` of the current alerts from `series` (this rule's `ALERTS_FOR_STATE` series over
    /// `[ts - outageTolerance, ts]`) and marks the rule restored.
    ///
    /// - Parameters:
    ///   - ts: the time of the restoration (milliseconds).
    ///   - forGracePeriod: `--rules.alert.for-grace-period`: an alert is never left with less than this
    ///     to wait before firing; rules whose `for` is shorter are not restored at all.
    public mutating func restoreForState(from series: [SeriesPoints], at ts: Int64, forGracePeriod: Int64) {
        defer { state.restored = true }
        let hold = definition.holdDuration
        guard hold >= forGracePeriod, !series.isEmpty else { return }

        var byLabels: [Labels: SeriesPoints] = [:]
        for s in series { byLabels[s.labels.removing([Label.metricName])] = s }

        for key in state.active.keys {
            guard var alert = state.active[key], let s = byLabels[alert.labels], let last = s.floats.last else { continue }
            // A staleness marker means the alert was not active any more.
            if StaleNaN.isStale(last.v) { continue }
            guard last.v.isFinite, abs(last.v) < 9.2e15 else { continue }
            // Upstream works in whole seconds here: the sample time truncated, the value converted to int64.
            let downAt = (last.t / 1000) * 1000
            var restoredActiveAt = Int64(last.v) * 1000
            let remaining = hold - (downAt - restoredActiveAt)
            if remaining <= 0 {
                // It was firing when the process went down; the next evaluation decides.
            } else if remaining < forGracePeriod {
                // Fire no earlier than one grace period from now.
                restoredActiveAt = ts + forGracePeriod - hold
            } else {
                // Pending time does not count the outage.
                restoredActiveAt += ts - downAt
            }
            alert.activeAt = restoredActiveAt
            state.active[key] = alert
        }
    }
}

extension RuleGroupEvaluator {
    /// Restores the `for` state of every alerting rule from `source` (the storage the rules wrote to)
    /// and marks them restored. Defaults are upstream's: 1h outage tolerance, 10m grace period.
    public mutating func restoreForState(
        from source: any SeriesSource, at ts: Int64, outageTolerance: Int64 = 3_600_000, forGracePeriod: Int64 = 600_000
    ) {
        for i in rules.indices {
            guard case .alerting(var rule) = rules[i] else { continue }
            let series = source.select(rule.forStateMatchers, mint: ts - outageTolerance, maxt: ts)
            rule.restoreForState(from: series, at: ts, forGracePeriod: forGracePeriod)
            rules[i] = .alerting(rule)
        }
    }
}
