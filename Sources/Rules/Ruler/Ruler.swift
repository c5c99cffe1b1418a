import TimeSeries

/// The scheduled ruler: one `RuleGroupRunner` task per group, replaced on reload as Prometheus's rule
/// manager replaces them (rules/manager.go `Update`).
///
/// On `apply`, a group whose definition did not change keeps running untouched; a changed group's new
/// runner takes over the old one's state (rules matched by name and labels); the series of rules that
/// disappeared, and of removed groups, get staleness markers so they vanish from queries at once instead of
/// lingering for the lookback delta.
public actor Ruler {
    /// One group to run: where it came from, what it holds, and which datasource evaluates it.
    public struct GroupDefinition: Sendable {
        public var key: RuleGroupKey
        public var group: RuleGroup
        public var language: QueryLanguage
        public var datasource: String
        /// Set for the synthetic group that watches the datasource's freshness (see `DatasourceHeartbeat`).
        public var heartbeat: HeartbeatSettings?
        /// Identifies the clients behind the group's datasource (its URL, credentials, remote write and
        /// alerting targets): when it changes on a reload, the group restarts with the new clients and
        /// keeps its state.
        public var backendFingerprint: Int = 0

        public init(file: String, group: RuleGroup, language: QueryLanguage, datasource: String) {
            key = RuleGroupKey(file: file, name: group.name)
            self.group = group
            self.language = language
            self.datasource = datasource
        }
    }

    /// Builds the collaborators (querier, writer, alert sender, state store, clock) for a datasource;
    /// nil when there is no such datasource.
    public typealias CollaboratorsProvider = @Sendable (_ datasource: String) -> RuleGroupRunner.Collaborators?

    private struct Running {
        var runner: RuleGroupRunner
        var task: Task<Void, Never>
        var signature: GroupSignature
    }

    /// What makes two definitions of a group the same for evaluation (positions and comments aside).
    struct GroupSignature: Hashable {
        var datasource: String
        var language: QueryLanguage
        var interval: Int64
        var queryOffset: Int64
        var limit: Int
        var rules: [RuleEvaluator]
        var heartbeat: HeartbeatSettings?
        var backendFingerprint: Int
        var optionsGeneration: Int
    }

    private var options: RuleGroupEvaluator.Options
    /// Bumped by `update(options:)`, so every group restarts with the new options.
    private var optionsGeneration = 0
    private let restoreOptions: RuleGroupEvaluator.RestoreOptions
    private let collaborators: CollaboratorsProvider
    private var running: [RuleGroupKey: Running] = [:]
    /// The last heartbeat of each datasource, for `/metrics`.
    public nonisolated let heartbeats = HeartbeatObservations()

    /// - Parameter options: the evaluator options every group starts from (global `evaluation_interval`,
    ///   query offset, external labels and URL, resend delay, clock); alerting rules start unrestored and
    ///   are restored by their runner before the first evaluation.
    public init(options: RuleGroupEvaluator.Options, restoreOptions: RuleGroupEvaluator.RestoreOptions = .init(),
                collaborators: @escaping CollaboratorsProvider) {
        var o = options
        o.restored = false
        self.options = o
        self.restoreOptions = restoreOptions
        self.collaborators = collaborators
    }

    /// Replaces the running groups with `definitions`. Returns one message per group that could not be
    /// started (its datasource is unknown); every other group runs.
    @discardableResult
    public func apply(_ definitions: [GroupDefinition]) async -> [String] {
        var problems: [String] = []
        var wanted: Set<RuleGroupKey> = []
        for definition in definitions {
            guard wanted.insert(definition.key).inserted else {
                problems.append("\(definition.key.file): group \"\(definition.key.name)\" is defined more than once")
                continue
            }
            guard var collaborators = collaborators(definition.datasource) else {
                problems.append("\(definition.key.file): group \"\(definition.key.name)\": unknown datasource \"\(definition.datasource)\"")
                continue
            }
            if let heartbeat = definition.heartbeat {
                // Its alerts only: writing `ALERTS` to a datasource that stopped ingesting is pointless.
                collaborators.querier = HeartbeatQuerier(datasource: definition.datasource, settings: heartbeat, upstream: collaborators.querier,
                                                         observations: heartbeats)
                collaborators.writer = DiscardingSampleWriter()
            }
            let evaluator = RuleGroupEvaluator(group: definition.group, file: definition.key.file, options: options)
            let signature = GroupSignature(datasource: definition.datasource, language: definition.language,
                                           interval: evaluator.interval, queryOffset: evaluator.queryOffset,
                                           limit: evaluator.limit, rules: evaluator.rules, heartbeat: definition.heartbeat,
                                           backendFingerprint: definition.backendFingerprint, optionsGeneration: optionsGeneration)
            if let current = running[definition.key], current.signature == signature { continue }

            let runner = RuleGroupRunner(key: definition.key, language: definition.language, datasource: definition.datasource,
                                         evaluator: evaluator, collaborators: collaborators, restoreOptions: restoreOptions)
            if let old = running[definition.key] {
                let oldState = await stop(old)
                let orphaned = await runner.takeOver(oldState)
                await markStale(orphaned, writer: collaborators.writer, clock: collaborators.clock)
            }
            running[definition.key] = Running(runner: runner, task: Task { await runner.run() }, signature: signature)
        }
        for (key, old) in running where !wanted.contains(key) {
            running[key] = nil
            let state = await stop(old)
            if let c = collaborators(old.signature.datasource) {
                await markStale(state.rules.flatMap(\.previousSeries).map(CodableLabels.decodeLabels), writer: c.writer, clock: c.clock)
                await c.stateStore?.removeState(of: key)
            }
        }
        heartbeats.keep(only: Set(definitions.filter { $0.heartbeat != nil }.map(\.datasource)))
        return problems
    }

    /// Replaces the evaluator options (global interval, query offset, external labels and URL, resend
    /// delay). Takes effect at the next `apply`, which restarts every group with its state.
    public func update(options: RuleGroupEvaluator.Options) {
        var o = options
        o.restored = false
        self.options = o
        optionsGeneration += 1
    }

    /// Stops every group (a shutdown: no staleness markers, states stay saved).
    public func stop() async {
        for (_, r) in running { _ = await stop(r) }
        running = [:]
    }

    /// Whether every group has restored its saved state (or found none): the ruler's readiness.
    public func isReady() async -> Bool {
        for (_, r) in running where !(await r.runner.hasRestored) { return false }
        return true
    }

    public func snapshots() async -> [RuleGroupSnapshot] {
        var out: [RuleGroupSnapshot] = []
        for key in running.keys.sorted() {
            if let r = running[key] { out.append(await r.runner.snapshot()) }
        }
        return out
    }

    /// The runner of a group, for tests and for evaluating a group on demand.
    public func runner(_ key: RuleGroupKey) -> RuleGroupRunner? { running[key]?.runner }

    private func stop(_ r: Running) async -> RuleGroupState {
        r.task.cancel()
        await r.task.value
        await r.runner.saveIfChanged()
        return await r.runner.evaluator.state
    }

    private func markStale(_ series: [Labels], writer: any RuleSampleWriter, clock: any ServiceClock) async {
        guard !series.isEmpty else { return }
        let now = clock.nowMilliseconds()
        await writer.write(series.map { InstantSample(labels: $0, t: now, value: StaleNaN.value) })
    }
}
