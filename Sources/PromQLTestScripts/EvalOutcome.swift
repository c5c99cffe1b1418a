/// What happened to one eval statement.
public struct EvalOutcome: Sendable {
    public enum Status: Sendable, Equatable {
        case passed
        /// The message says what was expected and what came back.
        case failed(String)
        case skipped(String)
    }

    /// 1-based line of the eval heading.
    public var line: Int
    public var expression: String
    public var status: Status

    public init(line: Int, expression: String, status: Status) {
        self.line = line
        self.expression = expression
        self.status = status
    }

    public var passed: Bool { status == .passed }
    public var failed: Bool { if case .failed = status { return true } else { return false } }
    public var skipped: Bool { if case .skipped = status { return true } else { return false } }
}

/// The outcome of running one script.
public struct ScriptReport: Sendable {
    public var file: String
    public var outcomes: [EvalOutcome] = []
    /// Problems that make the whole file fail upstream: a `load` that cannot be done, an expression that
    /// does not parse.
    public var errors: [ScriptError] = []
    /// Instant evals whose step-invariance check was left out because the engine cannot pin selectors.
    public var stepInvarianceChecksNotRun = 0

    public init(file: String) { self.file = file }

    public var passed: Int { outcomes.filter(\.passed).count }
    public var failed: Int { outcomes.filter(\.failed).count }
    public var skipped: Int { outcomes.filter(\.skipped).count }

    /// `aggregators.test: 120 passed, 3 failed, 37 skipped`
    public var summaryLine: String { "\(file): \(passed) passed, \(failed) failed, \(skipped) skipped" }
}
