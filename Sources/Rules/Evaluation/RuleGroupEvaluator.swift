import PromQL
import TimeSeries

/// Evaluates the rules of one group in order at a given time: Prometheus's `Group.Eval`
/// (rules/group.go, 3.14), without the scheduling loop.
///
/// Each rule queries at `ts - queryOffset`, turns the result into samples (recording series, or `ALERTS`
/// and `ALERTS_FOR_STATE`), and appends them before the next rule runs, so with a querier that reads
/// what the appender writes (`SharedSeriesStore`), a later rule sees the output of an earlier one at
/// the same evaluation, as upstream. A series a rule produced at its previous evaluation and not at this
/// one gets a staleness marker, so it disappears from instant queries at once instead of after the
/// lookback delta.
///
/// The evaluator is a value holding every rule's state; time comes from the `ts` parameter, and the
/// injected clock only measures durations.
public struct RuleGroupEvaluator: Sendable {
    public struct Options: Sendable {
        /// Expands alert labels and annotations.
        public var templateExpander: any TemplateExpander
        /// The global `evaluation_interval` (milliseconds), for a group without `interval`. promtool passes
        /// the test group's `interval` (default 1m).
        public var defaultInterval: Int64 = 60_000
        /// The global `rule_query_offset` (milliseconds), for a group without `query_offset`.
        public var defaultQueryOffset: Int64 = 0
        public var externalLabels: Labels = .empty
        public var externalURL: String = ""
        /// `--rules.alert.resend-delay` (milliseconds).
        public var resendDelay: Int64 = 60_000
        /// Whether alerting rules start restored. promtool marks every alerting rule restored so that
        /// `ALERTS` is written from the first evaluation; a ruler that restores `for` state from
        /// `ALERTS_FOR_STATE` starts with false and sets it once restoration is done.
        public var restored = true
        public var clock: any RuleClock = FixedRuleClock()

        public init(templateExpander: any TemplateExpander) {
            self.templateExpander = templateExpander
        }
    }

    public var name: String
    /// The rule file the group came from (part of upstream's group key).
    public var file: String
    /// Milliseconds between evaluations.
    public var interval: Int64
    /// Milliseconds subtracted from the evaluation time for queries and for stored samples.
    public var queryOffset: Int64
    /// Upstream's group `limit`: 0 means none.
    public var limit: Int
    public var options: Options
    public internal(set) var rules: [RuleEvaluator]
    /// Each rule's health after its last evaluation, in rule order.
    public private(set) var statuses: [RuleStatus]
    /// The last evaluation timestamp (milliseconds), nil before the first.
    public internal(set) var lastEvaluationTimestamp: Int64?
    /// How long the last evaluation took, by the injected clock.
    public private(set) var lastEvaluationDurationNanoseconds: Int64 = 0
    /// The series each rule stored at its last successful evaluation (for staleness markers).
    var previousSeries: [Set<Labels>]

    public init(name: String, file: String = "", interval: Int64? = nil, queryOffset: Int64? = nil, limit: Int = 0,
                rules: [RuleEvaluator], options: Options) {
        self.name = name
        self.file = file
        // Upstream: a group interval of 0 also means "the global one".
        self.interval = interval.flatMap { $0 > 0 ? $0 : nil } ?? options.defaultInterval
        self.queryOffset = queryOffset ?? options.defaultQueryOffset
        self.limit = limit
        self.options = options
        self.rules = rules.map { rule in
            guard case .alerting(var r) = rule else { return rule }
            r.state.restored = options.restored
            return .alerting(r)
        }
        statuses = Array(repeating: RuleStatus(), count: rules.count)
        previousSeries = Array(repeating: [], count: rules.count)
    }

    /// The evaluator of a loaded group: group `labels` merged into every rule (a rule label wins),
    /// `interval`, `query_offset` and `limit` taken from the group or the options.
    public init(group: RuleGroup, file: String = "", options: Options) {
        self.init(
            name: group.name, file: file, interval: group.interval?.milliseconds,
            queryOffset: group.queryOffset?.milliseconds, limit: group.limit,
            rules: group.rules.map { RuleEvaluator(rule: $0, groupLabels: group.labels, restored: options.restored) },
            options: options)
    }

    /// One evaluator per group of a loaded rule file, in file order. `path` is the rule file's path, part
    /// of each group's identity (schedule slot, state matching).
    public static func groups(of ruleFile: RuleFile, path: String, options: Options) -> [RuleGroupEvaluator] {
        ruleFile.groups.map { RuleGroupEvaluator(group: $0, file: path, options: options) }
    }

    /// The alerting rules' evaluators, in rule order.
    public var alertingRules: [AlertingRuleEvaluator] { rules.compactMap(\.alerting) }

    /// Evaluates every rule at `ts` (milliseconds) with a querier that answers synchronously: the path of
    /// `vigil test rules`.
    @discardableResult
    public mutating func evaluateSynchronously<A: SampleAppender>(
        at ts: Int64, querier: some SynchronousQuerier, appender: inout A
    ) -> RuleGroupEvaluation {
        let start = options.clock.nowNanoseconds()
        var report = RuleGroupEvaluation(timestamp: ts)
        for i in rules.indices {
            let ruleStart = options.clock.nowNanoseconds()
            let result: Result<[InstantSample], RuleEvaluationError>
            do {
                result = .success(try querier.querySynchronously(rules[i].expr, at: ts - queryOffset))
            } catch {
                result = .failure(.query(message: String(describing: error)))
            }
            apply(result, toRule: i, at: ts, started: ruleStart, appender: &appender, report: &report)
        }
        finish(&report, started: start)
        return report
    }

    /// Evaluates every rule at `ts` (milliseconds), in order, awaiting each query: the path of a ruler
    /// that queries remotely.
    @discardableResult
    public mutating func evaluate<A: SampleAppender>(
        at ts: Int64, querier: some Querier, appender: inout A
    ) async -> RuleGroupEvaluation {
        let start = options.clock.nowNanoseconds()
        var report = RuleGroupEvaluation(timestamp: ts)
        for i in rules.indices {
            let ruleStart = options.clock.nowNanoseconds()
            let result: Result<[InstantSample], RuleEvaluationError>
            do {
                result = .success(try await querier.query(rules[i].expr, at: ts - queryOffset))
            } catch {
                result = .failure(.query(message: String(describing: error)))
            }
            apply(result, toRule: i, at: ts, started: ruleStart, appender: &appender, report: &report)
        }
        finish(&report, started: start)
        return report
    }

    /// Evaluates every rule with query results given by the caller (one per rule, in order), for tests
    /// and for callers that run the queries themselves (concurrently, say).
    @discardableResult
    public mutating func evaluate<A: SampleAppender>(
        at ts: Int64, results: [Result<[InstantSample], RuleEvaluationError>], appender: inout A
    ) -> RuleGroupEvaluation {
        precondition(results.count == rules.count, "one query result per rule")
        let start = options.clock.nowNanoseconds()
        var report = RuleGroupEvaluation(timestamp: ts)
        for i in rules.indices {
            apply(results[i], toRule: i, at: ts, started: options.clock.nowNanoseconds(), appender: &appender, report: &report)
        }
        finish(&report, started: start)
        return report
    }

    /// The start of an evaluation driven rule by rule (the scheduled ruler awaits each rule's query, flushes
    /// writes between rules and sends alerts as it goes): `applyResult` for each rule in order, then
    /// `finishEvaluation`.
    public func startEvaluation(at ts: Int64) -> (report: RuleGroupEvaluation, started: Int64) {
        (RuleGroupEvaluation(timestamp: ts), options.clock.nowNanoseconds())
    }

    /// One rule's share of upstream's `Group.Eval`: state update, health, notifications, appends and
    /// staleness markers. `started` is when the rule's evaluation began, by the injected clock; a
    /// `templateExpander` replaces the options' one for this rule (the ruler passes one whose `query`
    /// answers from results it fetched beforehand).
    public mutating func applyResult<A: SampleAppender>(
        _ queryResult: Result<[InstantSample], RuleEvaluationError>, toRule i: Int, at ts: Int64, started: Int64,
        appender: inout A, report: inout RuleGroupEvaluation, templateExpander: (any TemplateExpander)? = nil
    ) {
        apply(queryResult, toRule: i, at: ts, started: started, appender: &appender, report: &report,
              templateExpander: templateExpander)
    }

    /// Ends an evaluation begun with `startEvaluation`.
    public mutating func finishEvaluation(_ report: inout RuleGroupEvaluation, started: Int64) {
        finish(&report, started: started)
    }

    private mutating func apply<A: SampleAppender>(
        _ queryResult: Result<[InstantSample], RuleEvaluationError>, toRule i: Int, at ts: Int64, started: Int64,
        appender: inout A, report: inout RuleGroupEvaluation, templateExpander: (any TemplateExpander)? = nil
    ) {
        var status = statuses[i]
        defer {
            // Upstream stamps the rule whatever happened, when the evaluation (appends included) is over.
            status.lastEvaluation = Self.milliseconds(started)
            status.lastEvaluationTimestamp = ts
            status.evaluationDurationNanoseconds = options.clock.nowNanoseconds() - started
            statuses[i] = status
            report.rules.append(status)
            if let error = status.lastError {
                report.failures.append(.init(ruleIndex: i, ruleName: rules[i].name, error: error))
            }
        }

        let samples: [InstantSample]
        do throws(RuleEvaluationError) {
            let vector = try queryResult.get()
            switch rules[i] {
            case .alerting:
                let templates = AlertingRuleEvaluator.TemplateContext(
                    expander: templateExpander ?? options.templateExpander, externalLabels: options.externalLabels,
                    externalURL: options.externalURL)
                let offset = queryOffset
                let limit = limit
                samples = try withAlertingRule(i) { (rule) throws(RuleEvaluationError) in
                    try rule.evaluate(vector, at: ts, queryOffset: offset, limit: limit, templates: templates)
                } ?? []
            case .recording(let rule):
                samples = try rule.evaluate(vector, limit: limit)
            }
        } catch {
            // A failed query still counts as an evaluation for the rule's state (`unknown` no more).
            withAlertingRule(i) { $0.state.lastEvaluationTimestamp = ts }
            // Nothing is stored and no staleness markers are written: the previous series stay current.
            status.health = .err
            status.lastError = error
            status.samples = 0
            return
        }

        status.health = .ok
        status.lastError = nil
        status.samples = samples.count

        let resendDelay = options.resendDelay
        let interval = interval
        if let alerts = withAlertingRule(i, { $0.alertsToSend(at: ts, resendDelay: resendDelay, interval: interval) }),
           !alerts.isEmpty {
            report.notifications.append(.init(ruleName: rules[i].name, expr: rules[i].expr, alerts: alerts))
        }

        var returned = Set<Labels>()
        returned.reserveCapacity(samples.count)
        for sample in samples {
            do {
                if let h = sample.histogram {
                    try appender.append(sample.labels, t: sample.t, histogram: h)
                } else {
                    try appender.append(sample.labels, t: sample.t, value: sample.value)
                }
                returned.insert(sample.labels)
                report.samplesAppended += 1
            } catch {
                // Upstream drops the sample, marks the rule unhealthy and carries on with the others.
                status.health = .err
                status.lastError = .append(message: String(describing: error))
            }
        }

        let staleTime = ts - queryOffset
        for labels in previousSeries[i] where !returned.contains(labels) {
            // Refusals are expected here (another rule may write the same series) and ignored upstream.
            if (try? appender.append(labels, t: staleTime, value: StaleNaN.value)) != nil {
                report.samplesAppended += 1
            }
        }
        previousSeries[i] = returned
    }

    /// Runs `body` on rule `i` if it is an alerting rule, mutating it in place. The rule is moved out of
    /// the array first, so its alert dictionary is uniquely referenced and not copied on every evaluation.
    private mutating func withAlertingRule<R, E: Error>(
        _ i: Int, _ body: (inout AlertingRuleEvaluator) throws(E) -> R
    ) throws(E) -> R? {
        guard case .alerting(var rule) = rules[i] else { return nil }
        rules[i] = Self.placeholder
        defer { rules[i] = .alerting(rule) }
        return try body(&rule)
    }

    private static let placeholder = RuleEvaluator.recording(RecordingRuleEvaluator(name: "", expr: ""))

    /// Puts a saved rule state in place (see `restore(from:)`); `restored` stays this group's.
    mutating func restoreRule(_ i: Int, _ entry: RuleGroupState.RuleEntry) {
        if case .alerting(var rule) = rules[i], let saved = entry.alerting {
            let restored = rule.state.restored
            rule.state = saved
            rule.state.restored = restored
            rules[i] = .alerting(rule)
        }
        statuses[i] = entry.status
        previousSeries[i] = Set(entry.previousSeries.map(CodableLabels.decodeLabels))
    }

    private mutating func finish(_ report: inout RuleGroupEvaluation, started: Int64) {
        let duration = options.clock.nowNanoseconds() - started
        report.durationNanoseconds = duration
        lastEvaluationDurationNanoseconds = duration
        lastEvaluationTimestamp = report.timestamp
    }

    private static func milliseconds(_ ns: Int64) -> Int64 {
        ns >= 0 ? ns / 1_000_000 : -((-ns + 999_999) / 1_000_000)
    }
}
