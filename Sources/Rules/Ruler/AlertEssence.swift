import TimeSeries

/// What of an alert must survive a restart: its identity and the times its state machine depends on. The
/// rest of a group's state (sample values, evaluation times and durations, when an alert was last sent)
/// changes at every evaluation and may be a little old after a crash without changing what is sent.
struct AlertEssence: Hashable, Sendable {
    var rule: String
    var labels: Labels
    var state: AlertState
    var activeAt: Int64
    var firedAt: Int64?
    var resolvedAt: Int64?
    var keepFiringSince: Int64?

    static func of(_ state: RuleGroupState) -> [AlertEssence] {
        var out: [AlertEssence] = []
        for rule in state.rules {
            guard let alerting = rule.alerting else { continue }
            for (labels, a) in alerting.active {
                out.append(AlertEssence(rule: rule.name, labels: labels, state: a.state, activeAt: a.activeAt,
                                        firedAt: a.firedAt, resolvedAt: a.resolvedAt, keepFiringSince: a.keepFiringSince))
            }
        }
        return out.sorted { ($0.rule, $0.labels) < ($1.rule, $1.labels) }
    }
}
