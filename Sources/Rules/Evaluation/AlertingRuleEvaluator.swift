import PromQL
import TimeSeries

/// The state machine of one alerting rule: Prometheus's `AlertingRule.Eval` (rules/alerting.go, 3.14).
///
/// The evaluator is a value. It does not query: `evaluate` receives the vector the rule's expression
/// returned (at the evaluation time minus the group's `query_offset`), so the same code serves the
/// synchronous unit-test path and an asynchronous ruler, and tests can script results directly.
public struct AlertingRuleEvaluator: Sendable, Hashable {
    /// How long a resolved alert is kept (and re-sent) after resolution: upstream's `resolvedRetention`.
    public static let resolvedRetention: Int64 = 15 * 60 * 1000

    /// The metric name of the synthetic series of active alerts.
    public static let alertsMetricName = "ALERTS"
    /// The metric name of the series that records each active alert's `activeAt` (for restoring `for`).
    public static let alertsForStateMetricName = "ALERTS_FOR_STATE"
    public static let alertNameLabel = "alertname"
    public static let alertStateLabel = "alertstate"

    /// The rule as evaluated: group labels already merged into the rule's labels.
    public struct Definition: Sendable, Hashable {
        public var name: String
        public var expr: String
        /// `for`, milliseconds.
        public var holdDuration: Int64
        /// `keep_firing_for`, milliseconds.
        public var keepFiringFor: Int64
        /// Group labels overlaid with the rule's labels, sorted by name, unexpanded. Empty values are kept
        /// here: they delete the label from an alert, as `labels.Builder.Set(name, "")` does upstream.
        public var labels: [Label]
        /// The rule's annotations, sorted by name, unexpanded.
        public var annotations: [Label]

        public init(name: String, expr: String, holdDuration: Int64 = 0, keepFiringFor: Int64 = 0,
                    labels: [Label] = [], annotations: [Label] = []) {
            self.name = name
            self.expr = expr
            self.holdDuration = holdDuration
            self.keepFiringFor = keepFiringFor
            self.labels = Self.normalized(labels)
            self.annotations = Self.normalized(annotations)
        }

        /// Builds the definition of an alerting rule of `group`: Prometheus's `FromMaps(group.labels,
        /// rule.labels)` (a rule label wins over a group label of the same name, and a later entry over an
        /// earlier one, as in Go maps).
        public init(rule: Rule, groupLabels: [LabelEntry] = []) {
            var merged = groupLabels.dictionary
            for (k, v) in rule.labels.dictionary { merged[k] = v }
            self.init(
                name: rule.name, expr: rule.expr, holdDuration: rule.for?.milliseconds ?? 0,
                keepFiringFor: rule.keepFiringFor?.milliseconds ?? 0,
                labels: merged.map { Label($0.key, $0.value) },
                annotations: rule.annotations.dictionary.map { Label($0.key, $0.value) })
        }

        /// Unique names (the later entry wins) sorted by name, as `labels.FromMap` builds them.
        static func normalized(_ list: [Label]) -> [Label] {
            var byName: [String: String] = [:]
            for l in list { byName[l.name] = l.value }
            return byName.map { Label($0.key, $0.value) }.sorted()
        }
    }

    /// Everything that changes between evaluations; what a ruler persists across restarts.
    public struct State: Sendable, Hashable, Codable {
        /// Pending, firing and recently resolved alerts, keyed by their labels.
        public var active: [Labels: Alert]
        /// Whether the `for` state has been restored (or needs no restoring). Until it is, upstream does
        /// not write `ALERTS`/`ALERTS_FOR_STATE`; promtool sets it before evaluating.
        public var restored: Bool
        /// The evaluation timestamp of the last evaluation, nil before the first (rule state `unknown`).
        public var lastEvaluationTimestamp: Int64?

        public init(active: [Labels: Alert] = [:], restored: Bool = true, lastEvaluationTimestamp: Int64? = nil) {
            self.active = active
            self.restored = restored
            self.lastEvaluationTimestamp = lastEvaluationTimestamp
        }

        private enum CodingKeys: String, CodingKey { case alerts, restored, lastEvaluationTimestamp }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let alerts = try c.decode([Alert].self, forKey: .alerts)
            active = Dictionary(alerts.map { ($0.labels, $0) }, uniquingKeysWith: { _, last in last })
            restored = try c.decode(Bool.self, forKey: .restored)
            lastEvaluationTimestamp = try c.decodeIfPresent(Int64.self, forKey: .lastEvaluationTimestamp)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            // The key of each alert is its labels, so a sorted array is enough (and diffs well).
            try c.encode(active.values.sorted { $0.labels < $1.labels }, forKey: .alerts)
            try c.encode(restored, forKey: .restored)
            try c.encodeIfPresent(lastEvaluationTimestamp, forKey: .lastEvaluationTimestamp)
        }
    }

    /// What templates see besides the sample: the global config's external labels and URL.
    public struct TemplateContext: Sendable {
        public var expander: any TemplateExpander
        public var externalLabels: Labels
        public var externalURL: String

        public init(expander: any TemplateExpander, externalLabels: Labels = .empty, externalURL: String = "") {
            self.expander = expander
            self.externalLabels = externalLabels
            self.externalURL = externalURL
        }
    }

    public var definition: Definition
    public var state: State

    public init(definition: Definition, state: State = State()) {
        self.definition = definition
        self.state = state
    }

    public var name: String { definition.name }

    /// Upstream's `State()`: the highest state among the rule's alerts; `unknown` before the first
    /// evaluation, `inactive` when there are no alerts.
    public var ruleState: AlertState {
        guard state.lastEvaluationTimestamp != nil else { return .unknown }
        return state.active.values.reduce(AlertState.inactive) { max($0, $1.state) }
    }

    /// Every alert instance, resolved ones included, sorted by labels.
    public var alerts: [Alert] { state.active.values.sorted { $0.labels < $1.labels } }

    /// Upstream's `ActiveAlerts()` (pending and firing), sorted by labels. promtool compares the firing ones.
    public var activeAlerts: [Alert] { alerts.filter(\.isActive) }

    /// The firing alerts, sorted by labels: what `alert_rule_test` expects under `exp_alerts`.
    public var firingAlerts: [Alert] { alerts.filter { $0.isActive && $0.state == .firing } }

    /// Applies one evaluation.
    ///
    /// - Parameters:
    ///   - result: what the expression returned at `ts - queryOffset`.
    ///   - ts: the evaluation time (milliseconds): alerts become active, fire and resolve at `ts`.
    ///   - queryOffset: the group's `query_offset` (milliseconds); the returned series are stamped
    ///     `ts - queryOffset`.
    ///   - limit: the group's `limit` (0: none) on pending plus firing alerts.
    /// - Returns: the `ALERTS` and `ALERTS_FOR_STATE` samples to store (none until `state.restored`): for
    ///   each pending or firing alert, in the order of the alerts' labels, its `ALERTS` sample then its
    ///   `ALERTS_FOR_STATE` sample.
    /// - Throws: a duplicate label set (the alerts are left untouched) or an exceeded limit (every alert
    ///   is dropped, as upstream does).
    public mutating func evaluate(
        _ result: [InstantSample], at ts: Int64, queryOffset: Int64 = 0, limit: Int = 0,
        templates: TemplateContext
    ) throws(RuleEvaluationError) -> [InstantSample] {
        // Even a failed evaluation is an evaluation: the rule's state is no longer `unknown`.
        state.lastEvaluationTimestamp = ts
        let fresh = try alertsFor(result, at: ts, templates: templates)

        // Update the value and annotations of alerts that are still pending or firing; anything else
        // (new, or resolved and retained) starts over as pending at `ts`.
        var present = Set<Labels>()
        present.reserveCapacity(fresh.count)
        for alert in fresh {
            present.insert(alert.labels)
            if var existing = state.active[alert.labels], existing.state != .inactive {
                existing.value = alert.value
                existing.annotations = alert.annotations
                state.active[alert.labels] = existing
            } else {
                state.active[alert.labels] = alert
            }
        }

        let hold = definition.holdDuration
        let outputTime = ts - queryOffset
        var output: [InstantSample] = []
        var activeOrPending = 0
        // Upstream iterates a map in random order; no step depends on the order, so sort for stable output.
        for key in state.active.keys.sorted() {
            guard var alert = state.active[key] else { continue }
            if !present.contains(key) {
                var keepFiring = false
                if alert.state == .firing && definition.keepFiringFor > 0 {
                    let since = alert.keepFiringSince ?? ts
                    alert.keepFiringSince = since
                    keepFiring = ts - since < definition.keepFiringFor
                }
                // Pending alerts vanish at once; resolved ones after the retention period. The decision
                // uses the state before this evaluation's change, as upstream's does.
                let remove = alert.state == .pending
                    || (alert.resolvedAt.map { ts - $0 > Self.resolvedRetention } ?? false)
                if alert.state != .inactive && !keepFiring {
                    alert.state = .inactive
                    alert.resolvedAt = ts
                }
                state.active[key] = remove ? nil : alert
                if !keepFiring { continue }
            } else {
                alert.keepFiringSince = nil
            }
            activeOrPending += 1

            if alert.state == .pending && ts - alert.activeAt >= hold {
                alert.state = .firing
                alert.firedAt = ts
            }
            // A firing alert whose rule now has a longer `for` goes back to pending (after a reload, or
            // when restored state meets a changed rule).
            if alert.state == .firing && ts - alert.activeAt < hold {
                alert.state = .pending
                alert.firedAt = nil
                alert.lastSentAt = nil
                alert.keepFiringSince = nil
            }
            state.active[key] = alert

            if state.restored {
                output.append(alertsSample(alert, t: outputTime))
                output.append(forStateSample(alert, t: outputTime))
            }
        }

        if limit > 0 && activeOrPending > limit {
            state.active = [:]
            throw .alertLimitExceeded(limit: limit, alerts: activeOrPending)
        }
        return output
    }

    /// One alert per result sample, labels and annotations expanded, in result order.
    private func alertsFor(_ result: [InstantSample], at ts: Int64, templates: TemplateContext) throws(RuleEvaluationError) -> [Alert] {
        let templateName = AlertTemplate.name(forAlert: definition.name)
        var seen = Set<Labels>()
        seen.reserveCapacity(result.count)
        var alerts: [Alert] = []
        alerts.reserveCapacity(result.count)
        for sample in result {
            func expand(_ text: String) -> String {
                guard AlertTemplate.needsExpansion(text) else { return text }
                do {
                    return try templates.expander.expand(
                        text, name: templateName, labels: sample.labels, externalLabels: templates.externalLabels,
                        externalURL: templates.externalURL, value: sample.value, histogram: sample.histogram, at: ts)
                } catch {
                    // Upstream keeps going with the error text as the value (and logs a warning).
                    return AlertTemplate.errorValue(error)
                }
            }

            var builder = sample.labels.dictionary
            builder[Label.metricName] = nil
            for label in definition.labels {
                let value = expand(label.value)
                // An empty value removes the label, series label included (labels.Builder.Set).
                builder[label.name] = value.isEmpty ? nil : value
            }
            builder[Self.alertNameLabel] = definition.name.isEmpty ? nil : definition.name
            let labels = Labels(builder)
            let annotations = definition.annotations.map { Label($0.name, expand($0.value)) }

            guard seen.insert(labels).inserted else { throw .duplicateAlertLabelSet }
            alerts.append(Alert(state: .pending, labels: labels, annotations: annotations, value: sample.value, activeAt: ts))
        }
        return alerts
    }

    /// The `ALERTS` sample: rule labels as written (unexpanded), overlaid with the alert's labels.
    /// Upstream starts from the raw rule labels too, so a templated rule label that expanded to the
    /// empty string shows up in `ALERTS` with its template text.
    public func alertsSample(_ alert: Alert, t: Int64) -> InstantSample {
        var builder = baseLabels(alert)
        builder[Label.metricName] = Self.alertsMetricName
        builder[Self.alertStateLabel] = alert.state.rawValue
        return InstantSample(labels: Labels(builder), t: t, value: 1)
    }

    /// The `ALERTS_FOR_STATE` sample: its value is `activeAt` in whole seconds (Go's `Time.Unix()`).
    public func forStateSample(_ alert: Alert, t: Int64) -> InstantSample {
        var builder = baseLabels(alert)
        builder[Label.metricName] = Self.alertsForStateMetricName
        return InstantSample(labels: Labels(builder), t: t, value: Double(Self.floorSeconds(alert.activeAt)))
    }

    private func baseLabels(_ alert: Alert) -> [String: String] {
        var builder: [String: String] = [:]
        for l in definition.labels { builder[l.name] = l.value }
        for l in alert.labels { builder[l.name] = l.value }
        builder[Self.alertNameLabel] = definition.name
        return builder
    }

    static func floorSeconds(_ ms: Int64) -> Int64 {
        ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000)
    }

    /// Upstream's `sendAlerts`: the alerts the notifier should get now, with `lastSentAt` and
    /// `validUntil` updated (`validUntil` allows for two missed evaluations or sends).
    public mutating func alertsToSend(at ts: Int64, resendDelay: Int64, interval: Int64) -> [Alert] {
        var out: [Alert] = []
        for key in state.active.keys.sorted() {
            guard var alert = state.active[key], alert.needsSending(at: ts, resendDelay: resendDelay) else { continue }
            alert.lastSentAt = ts
            alert.validUntil = ts + 4 * max(interval, resendDelay)
            state.active[key] = alert
            out.append(alert)
        }
        return out
    }
}
