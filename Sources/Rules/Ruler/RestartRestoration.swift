import TimeSeries

/// Taking over a group's saved state after a restart, with Prometheus's outage tolerance and grace period.
///
/// Prometheus restores only the `for` timers, from the `ALERTS_FOR_STATE` series of the last hour
/// (`--rules.alert.for-outage-tolerance`), and never for rules whose `for` is shorter than
/// `--rules.alert.for-grace-period`. Vigil saves the whole state, so it can do better where Prometheus
/// re-pages: within the tolerance, firing and resolved alerts come back as they were (with when they were
/// last sent), so a restart does not make a firing alert pending again, let Alertmanager resolve it, and
/// page again `for` later. Pending alerts get Prometheus's treatment: the outage does not count towards
/// `for`, and an alert never fires sooner than one grace period after the restart.
extension RuleGroupEvaluator {
    public struct RestoreOptions: Sendable {
        /// `--rules.alert.for-outage-tolerance` (milliseconds): a state older than this is not restored.
        public var outageTolerance: Int64 = 3_600_000
        /// `--rules.alert.for-grace-period` (milliseconds).
        public var forGracePeriod: Int64 = 600_000
        public init() {}
    }

    /// Restores `saved` (written by an earlier process) at `now` (milliseconds). Returns whether anything
    /// was restored. Every alerting rule ends up marked restored either way.
    @discardableResult
    public mutating func restoreAfterRestart(from saved: RuleGroupState, at now: Int64, options: RestoreOptions = RestoreOptions()) -> Bool {
        defer { markRestored() }
        guard let downAt = saved.lastEvaluationTimestamp, now - downAt <= options.outageTolerance else { return false }
        restore(from: saved)
        for i in rules.indices {
            guard case .alerting(var rule) = rules[i] else { continue }
            let hold = rule.definition.holdDuration
            for key in rule.state.active.keys {
                guard var alert = rule.state.active[key], alert.state == .pending else { continue }
                if hold < options.forGracePeriod {
                    // As Prometheus: such rules are not restored; the alert starts over if still active.
                    rule.state.active[key] = nil
                    continue
                }
                let remaining = hold - (downAt - alert.activeAt)
                if remaining < options.forGracePeriod {
                    alert.activeAt = now + options.forGracePeriod - hold
                } else {
                    alert.activeAt += now - downAt
                }
                rule.state.active[key] = alert
            }
            rules[i] = .alerting(rule)
        }
        return true
    }

    /// Marks every alerting rule restored, so `ALERTS` and `ALERTS_FOR_STATE` are written from now on.
    public mutating func markRestored() {
        for i in rules.indices {
            guard case .alerting(var rule) = rules[i], !rule.state.restored else { continue }
            rule.state.restored = true
            rules[i] = .alerting(rule)
        }
    }
}
