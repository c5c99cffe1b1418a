import PromQL
import TimeSeries

/// Runs one rule group on its schedule: Prometheus's `Group.run` loop (rules/group.go, 3.14).
///
/// The runner is an actor that owns the group's evaluator (its alert states), so one group is never
/// evaluated twice at once and its state is read consistently by the APIs. Each iteration evaluates the
/// rules in order at the group's slot time: it awaits each rule's query on the group's datasource, fetches
/// what the alert templates query, applies the result (alert states, recording), hands the samples to the
/// writer (flushing when a later rule may read them), sends the rule's alerts, and finally saves the
/// group's state. Time comes only from the injected clock.
public actor RuleGroupRunner {
    /// What the runner works with besides its rules.
    public struct Collaborators: Sendable {
        /// Answers the rules' expressions (the group's datasource).
        public var querier: any Querier
        public var writer: any RuleSampleWriter
        public var alerts: any AlertSender
        /// Saves the state after every iteration and restores it at start; nil keeps it in memory only.
        public var stateStore: (any RuleStateStore)?
        public var clock: any ServiceClock
        /// Builds the template expander used when templates call `query`, from a querier that answers
        /// with the results fetched for that rule.
        public var templateExpander: @Sendable (any SynchronousQuerier) -> any TemplateExpander

        public init(querier: any Querier, writer: any RuleSampleWriter = DiscardingSampleWriter(), alerts: any AlertSender,
                    stateStore: (any RuleStateStore)? = nil, clock: any ServiceClock,
                    templateExpander: @escaping @Sendable (any SynchronousQuerier) -> any TemplateExpander = { GoTemplateExpander(querier: $0) }) {
            self.querier = querier
            self.writer = writer
            self.alerts = alerts
            self.stateStore = stateStore
            self.clock = clock
            self.templateExpander = templateExpander
        }
    }

    public let key: RuleGroupKey
    public let language: QueryLanguage
    /// The datasource the group's expressions go to (for the APIs and metrics).
    public let datasource: String
    let collaborators: Collaborators
    let restoreOptions: RuleGroupEvaluator.RestoreOptions
    let schedule: RuleGroupSchedule
    /// For each rule, whether a later rule may read its output (then the writer is flushed after it).
    let flushAfter: [Bool]
    /// For each rule, whether its templates may call `query`.
    let templatesMayQuery: [Bool]
    /// For each rule, whether it is an alerting rule with labels or annotations to expand.
    let expandsTemplates: [Bool]

    public private(set) var evaluator: RuleGroupEvaluator
    public private(set) var metrics = RuleGroupMetrics()
    /// Whether the saved state was looked for (the ruler is ready once every group has).
    public private(set) var hasRestored = false
    /// What was last saved and when (milliseconds, evaluation time): the state is saved when an alert
    /// changes, and otherwise at most once per `RuleGroupRunner.saveInterval`, and when the group stops.
    private var lastSave: (essence: [AlertEssence], at: Int64)?
    /// The longest a saved state may lag behind the evaluations when no alert changed. It only moves the
    /// outage start a restart measures (so a pending alert waits up to this much longer after a crash).
    static let saveInterval: Int64 = 60_000

    public init(key: RuleGroupKey, language: QueryLanguage, datasource: String, evaluator: RuleGroupEvaluator,
                collaborators: Collaborators, restoreOptions: RuleGroupEvaluator.RestoreOptions = .init()) {
        self.key = key
        self.language = language
        self.datasource = datasource
        self.evaluator = evaluator
        self.collaborators = collaborators
        self.restoreOptions = restoreOptions
        schedule = RuleGroupSchedule(name: key.name, file: key.file, interval: max(evaluator.interval, 1))
        flushAfter = RuleDependencies.outputsReadLater(evaluator.rules, language: language)
        expandsTemplates = evaluator.rules.map { rule in
            guard case .alerting(let r) = rule else { return false }
            return (r.definition.labels + r.definition.annotations).contains { AlertTemplate.needsExpansion($0.value) }
        }
        templatesMayQuery = evaluator.rules.map { rule in
            guard case .alerting(let r) = rule else { return false }
            return TemplateQueryPrefetch.mayQuery((r.definition.labels + r.definition.annotations).map(\.value))
        }
    }

    /// Evaluates the group every interval until the task is cancelled. Cancellation during an evaluation
    /// abandons it without touching the rules still to evaluate: a shutdown never marks rules unhealthy.
    public func run() async {
        await restoreSavedState()
        let clock = collaborators.clock
        var ts = schedule.firstEvaluation(startedAt: clock.nowNanoseconds())
        while !Task.isCancelled {
            do {
                try await clock.sleep(untilNanoseconds: Self.nanoseconds(ts))
            } catch {
                return
            }
            await evaluate(at: ts)
            do {
                try await clock.sleep(untilNanoseconds: Self.nanoseconds(ts &+ evaluator.interval))
            } catch {
                return
            }
            let next = schedule.nextEvaluation(after: ts, nowNanoseconds: clock.nowNanoseconds())
            if next.missed > 0 { metrics.iterationsMissed += Int(next.missed) }
            ts = next.timestamp
        }
    }

    /// Saves what the last evaluations changed; the ruler calls it when the group stops.
    public func saveIfChanged() async {
        guard let last = lastSave, last.essence == AlertEssence.of(evaluator.state),
              last.at == evaluator.lastEvaluationTimestamp else {
            await saveState()
            return
        }
    }

    /// Looks for a saved state and takes it over (with the outage tolerance and grace period); either
    /// way the alerting rules are marked restored afterwards. Done once, before the first evaluation.
    public func restoreSavedState() async {
        guard !hasRestored else { return }
        defer { hasRestored = true }
        if let store = collaborators.stateStore, let saved = await store.loadState(of: key) {
            let now = collaborators.clock.nowMilliseconds()
            evaluator.restoreAfterRestart(from: saved, at: now, options: restoreOptions)
        } else {
            evaluator.markRestored()
        }
    }

    /// One iteration at `ts` (milliseconds): every rule in order, then the state is saved.
    public func evaluate(at ts: Int64) async {
        let clock = collaborators.clock
        var (report, started) = evaluator.startEvaluation(at: ts)
        for i in evaluator.rules.indices {
            let ruleStarted = clock.nowNanoseconds()
            let expr = evaluator.rules[i].expr
            let result: Result<[InstantSample], RuleEvaluationError>
            do {
                result = .success(try await collaborators.querier.query(expr, at: ts - evaluator.queryOffset))
            } catch {
                if Task.isCancelled { return }
                result = .failure(.query(message: String(describing: error)))
            }
            if Task.isCancelled { return }

            var expander: (any TemplateExpander)?
            if templatesMayQuery[i], case .success(let vector) = result, case .alerting(let rule) = evaluator.rules[i] {
                let makeExpander = collaborators.templateExpander
                let answers = await TemplateQueryPrefetch.fetch(
                    rule: rule, result: vector, at: ts, externalLabels: evaluator.options.externalLabels,
                    externalURL: evaluator.options.externalURL, querier: collaborators.querier,
                    expanderFor: { makeExpander($0) })
                expander = makeExpander(PrefetchedQuerier(answers: answers, recordMisses: false))
            }

            var appender = CollectingAppender()
            let sentBefore = report.notifications.count
            if expandsTemplates[i], case .success(let vector) = result, !vector.isEmpty {
                // Every template parse and execution needs a big stack; giving one to the whole rule makes
                // them all run inline instead of each starting a thread of its own.
                LargeStack.run {
                    evaluator.applyResult(result, toRule: i, at: ts, started: ruleStarted, appender: &appender,
                                          report: &report, templateExpander: expander)
                }
            } else {
                evaluator.applyResult(result, toRule: i, at: ts, started: ruleStarted, appender: &appender,
                                      report: &report, templateExpander: expander)
            }
            metrics.evaluationsTotal += 1
            if report.rules.last?.lastError != nil { metrics.evaluationFailuresTotal += 1 }

            let samples = appender.take()
            if !samples.isEmpty { await collaborators.writer.write(samples) }
            if flushAfter[i] { await collaborators.writer.flush() }

            for batch in report.notifications[sentBefore...] {
                let alerts = notifications(of: batch)
                if !alerts.isEmpty { await collaborators.alerts.send(alerts) }
            }
        }
        evaluator.finishEvaluation(&report, started: started)
        metrics.iterationsTotal += 1
        metrics.lastDurationNanoseconds = report.durationNanoseconds
        metrics.lastEvaluationTimestamp = ts
        metrics.samplesTotal += report.samplesAppended
        // Writing the state costs more than evaluating a small group: only when an alert changed, or
        // when the saved copy is getting old.
        let essence = AlertEssence.of(evaluator.state)
        if let last = lastSave, last.essence == essence, ts - last.at < Self.saveInterval { return }
        await saveState()
    }

    /// Saves the group's state; a failure is counted and retried at the next iteration.
    func saveState() async {
        guard let store = collaborators.stateStore else { return }
        let state = evaluator.state
        do {
            try await store.saveState(state, of: key)
            lastSave = (AlertEssence.of(state), state.lastEvaluationTimestamp ?? 0)
        } catch {
            lastSave = nil
            metrics.stateSaveFailuresTotal += 1
        }
    }

    /// The alerts of one rule as the notifier sends them: external labels added where the alert has no
    /// label of that name (Prometheus's notifier does this), generator URL to the external URL.
    func notifications(of batch: RuleGroupEvaluation.AlertBatch) -> [AlertNotification] {
        let options = evaluator.options
        let isPromQL = language == .prometheus
        var out = batch.notifications(externalURL: options.externalURL) { expr in
            isPromQL ? AlertNotification.printedPromQL(expr) : expr
        }
        if !options.externalLabels.isEmpty {
            for i in out.indices {
                var labels = out[i].labels.dictionary
                for l in options.externalLabels where labels[l.name] == nil { labels[l.name] = l.value }
                out[i].labels = Labels(labels)
            }
        }
        return out
    }

    /// Takes over the state of a previous runner of the same group (a reload), matching rules by name and
    /// labels as Prometheus's `CopyState` does. Returns the series of old rules that have no counterpart
    /// here: the caller marks them stale.
    public func takeOver(_ old: RuleGroupState) -> [Labels] {
        var matched = evaluator
        matched.restore(from: old)
        let kept = Set(matched.state.rules.flatMap(\.previousSeries))
        evaluator = matched
        hasRestored = true
        evaluator.markRestored()
        return old.rules.flatMap(\.previousSeries).filter { !kept.contains($0) }.map(CodableLabels.decodeLabels)
    }

    /// What the APIs show of this group.
    public func snapshot() -> RuleGroupSnapshot {
        RuleGroupSnapshot(key: key, language: language, datasource: datasource, evaluator: evaluator, metrics: metrics)
    }

    static func nanoseconds(_ ms: Int64) -> Int64 {
        let r = ms.multipliedReportingOverflow(by: 1_000_000)
        return r.overflow ? (ms < 0 ? Int64.min : Int64.max) : r.partialValue
    }
}

/// Counters of one group, with the meaning of Prometheus's `prometheus_rule_*` metrics.
public struct RuleGroupMetrics: Sendable, Hashable {
    public var iterationsTotal = 0
    public var iterationsMissed = 0
    /// Rule evaluations (one per rule per iteration) and those that failed.
    public var evaluationsTotal = 0
    public var evaluationFailuresTotal = 0
    public var samplesTotal = 0
    public var stateSaveFailuresTotal = 0
    public var lastDurationNanoseconds: Int64 = 0
    /// The evaluation timestamp of the last iteration (milliseconds).
    public var lastEvaluationTimestamp: Int64?
    public init() {}
}
