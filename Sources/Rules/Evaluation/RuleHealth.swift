/// The health of a rule after its last evaluation, spelled as in Prometheus's rules API.
public enum RuleHealth: String, Sendable, Hashable, Codable {
    /// Not evaluated yet.
    case unknown
    /// The last evaluation succeeded and every resulting sample was stored.
    case ok
    /// The last evaluation failed, or storing one of its samples did.
    case err
}

/// What the last evaluation of one rule left behind: Prometheus's `Health()`, `LastError()`,
/// `GetEvaluationTimestamp()` and `GetEvaluationDuration()`.
public struct RuleStatus: Sendable, Hashable, Codable {
    public var health: RuleHealth
    public var lastError: RuleEvaluationError?
    /// When the last evaluation started, by the injected clock, in milliseconds since the epoch.
    public var lastEvaluation: Int64?
    /// The evaluation timestamp (milliseconds) the last evaluation was for.
    public var lastEvaluationTimestamp: Int64?
    /// How long the last evaluation took by the injected clock, in nanoseconds.
    public var evaluationDurationNanoseconds: Int64
    /// How many samples the last successful evaluation produced.
    public var samples: Int

    public init(
        health: RuleHealth = .unknown, lastError: RuleEvaluationError? = nil, lastEvaluation: Int64? = nil,
        lastEvaluationTimestamp: Int64? = nil, evaluationDurationNanoseconds: Int64 = 0, samples: Int = 0
    ) {
        self.health = health
        self.lastError = lastError
        self.lastEvaluation = lastEvaluation
        self.lastEvaluationTimestamp = lastEvaluationTimestamp
        self.evaluationDurationNanoseconds = evaluationDurationNanoseconds
        self.samples = samples
    }
}
