import PromQL
import TimeSeries

/// Runs a script against an engine: commands in file order on one store, each eval checked with upstream's
/// rules, plus (by default) upstream's two hidden cross-checks on instant evals.
public struct ScriptRunner {
    public struct Options: Sendable {
        /// Upstream's hidden checks on every instant eval: step invariance with `@` (only when the engine
        /// can pin selectors, see `PromQLTestEngine.stepInvariantForm`) and range-mode agreement.
        public var crossChecks: Bool
        /// Evals not to run, by 1-based heading line, with the reason to show (e.g. not in the core subset).
        public var skippedEvals: [Int: String]

        public init(crossChecks: Bool = true, skippedEvals: [Int: String] = [:]) {
            self.crossChecks = crossChecks
            self.skippedEvals = skippedEvals
        }
    }

    public let engine: any PromQLTestEngine
    public var options: Options

    public init(engine: any PromQLTestEngine, options: Options = Options()) {
        self.engine = engine
        self.options = options
    }

    public func run(_ script: Script) -> ScriptReport {
        var report = ScriptReport(file: script.file)
        var store = SeriesStore()
        // Upstream stops a file at a failed load; the evals after it are reported as skipped.
        var abortReason: String?
        for command in script.commands {
            switch command {
            case .clear:
                store.removeAll()
            case .load(let load):
                guard abortReason == nil else { continue }
                do {
                    try load.apply(to: &store, file: script.file)
                } catch {
                    report.errors.append(error)
                    abortReason = "the load at line \(load.line) failed"
                }
            case .eval(let eval):
                let status: EvalOutcome.Status
                if let abortReason {
                    status = .skipped(abortReason)
                } else if let reason = options.skippedEvals[eval.line] {
                    status = .skipped(reason)
                } else {
                    var run = EvalRun(engine: engine, eval: eval, store: store, crossChecks: options.crossChecks)
                    switch run.execute() {
                    case .passed: status = .passed
                    case .failed(let m): status = .failed(m)
                    case .parseError(let m):
                        status = .failed("the expression does not parse: \(m)")
                        report.errors.append(ScriptError(
                            file: script.file, line: eval.line,
                            message: "column \(eval.expressionColumn): expression does not parse, upstream rejects the whole file: \(m)"))
                    }
                    if run.stepInvarianceNotRun { report.stepInvarianceChecksNotRun += 1 }
                }
                report.outcomes.append(EvalOutcome(line: eval.line, expression: eval.expression, status: status))
            }
        }
        return report
    }

    /// A `QueryError` the runner takes for a parse error (see `PromQLTestEngine`).
    public static func isParseError(_ error: QueryError) -> Bool {
        error.message.contains("parse error")
    }
}

/// One eval's execution.
struct EvalRun {
    enum Result: Equatable {
        case passed
        case failed(String)
        case parseError(String)
    }

    let engine: any PromQLTestEngine
    let eval: EvalCommand
    let store: SeriesStore
    let crossChecks: Bool
    var stepInvarianceNotRun = false

    /// Upstream skips range-mode agreement for expressions calling these (text match, as upstream).
    static let queryContextFunctions = HeadingPattern(#"(start|end|range|step)\(\)"#)

    mutating func execute() -> Result {
        switch eval.kind {
        case .range(let start, let end, let step):
            let result = engine.rangeQuery(eval.expression, start: start, end: end, step: step, source: store)
            if case .failure(let e) = result, ScriptRunner.isParseError(e) { return .parseError(e.message) }
            return check(result, query: eval.expression, window: .of(eval)).map(Result.failed) ?? .passed
        case .instant:
            let t = eval.instantEvaluationTime!
            var runs: [(query: String, t: Int64, label: String?)] = [(eval.expression, t, nil)]
            if crossChecks {
                switch engine.stepInvariantForm(of: eval.expression, at: t) {
                case .pinned(let pinned):
                    let times: [Int64] = t == 0 ? [-1000, 0, 1000] : [-10 * t, 0, t / 5, t, 10 * t]
                    for other in times {
                        runs.append((pinned, other, "step-invariance check (\(pinned) at \(other)ms)"))
                    }
                case .notStepInvariant:
                    break
                case .unsupported:
                    stepInvarianceNotRun = true
                }
            }
            for run in runs {
                let result = engine.instantQuery(run.query, at: run.t, source: store)
                if run.label == nil, case .failure(let e) = result, ScriptRunner.isParseError(e) { return .parseError(e.message) }
                if let failure = checkInstant(result, query: run.query, at: run.t) {
                    return .failed(run.label.map { "\($0): \(failure)" } ?? failure)
                }
            }
            return .passed
        }
    }

    /// Checks a query result: the expected failure, then annotations, then the value.
    func check(_ result: Swift.Result<QueryResult, QueryError>, query: String, window: ResultComparison.Window) -> String? {
        switch result {
        case .failure(let error):
            if eval.expectsFailure { return expectedFailureMessage(error) }
            return "error evaluating query \(AnnotationCheck.quoted(query)) (line \(eval.line)): \(error.message)"
        case .success(let r):
            if eval.expectsFailure {
                return "expected error evaluating query \(AnnotationCheck.quoted(query)) (line \(eval.line)) but got none"
            }
            if let m = AnnotationCheck.check(r.annotations, for: eval, query: query) { return m }
            return ResultComparison.compare(r.value, with: eval, window: window)
        }
    }

    /// One instant query, and unless left out, its range-mode agreement check.
    func checkInstant(_ result: Swift.Result<QueryResult, QueryError>, query: String, at t: Int64) -> String? {
        if let failure = check(result, query: query, window: .instant(eval)) { return failure }
        guard case .success(let instant) = result else { return nil } // an expected failure
        guard crossChecks, !eval.excludedFromRangeMode, !EvalRun.queryContextFunctions.matches(query) else { return nil }
        let prefix = "range-mode check (range query from \(t - 60_000)ms to \(t + 60_000)ms step 1m)"
        let ranged = engine.rangeQuery(query, start: t - 60_000, end: t + 60_000, step: 60_000, source: store)
        let value: QueryValue
        switch ranged {
        case .failure(let e):
            return "\(prefix): error evaluating query \(AnnotationCheck.quoted(query)) (line \(eval.line)) in range mode: \(e.message)"
        case .success(let r):
            value = r.value
        }
        // Range results are always sorted by labels, so an ordered eval's order cannot be checked this way.
        if eval.isOrdered { return nil }
        guard case .matrix(let matrix) = value else { return "\(prefix): the range query returned \(kind(value)), not a matrix" }
        if let unsorted = ResultComparison.unsortedMessage(matrix) { return "\(prefix): \(unsorted)" }
        var vector: [InstantSample] = []
        for series in matrix {
            if let p = series.floats.first(where: { $0.t == t }) {
                vector.append(InstantSample(labels: series.labels, t: t, value: p.v))
            }
            if let p = series.histograms.first(where: { $0.t == t }) {
                vector.append(InstantSample(labels: series.labels, t: t, value: 0, histogram: p.h))
            }
        }
        let atT: QueryValue
        if case .scalar = instant.value {
            guard let first = vector.first else { return "\(prefix): no point at \(t)ms for the scalar result" }
            atT = .scalar(t: t, value: first.value)
        } else {
            atT = .vector(vector)
        }
        return ResultComparison.compare(atT, with: eval, window: .instant(eval)).map { "\(prefix): \($0)" }
    }

    /// Upstream's `checkExpectedFailure`: every given message or pattern must match the error text.
    func expectedFailureMessage(_ error: QueryError) -> String? {
        let text = error.message
        if let legacy = eval.expectations.legacyFailMatcher?.value, !legacy.matches(text) {
            let what = legacy.kind == "message" ? "error \(AnnotationCheck.quoted(legacy.description))" : "error matching pattern \(AnnotationCheck.quoted(legacy.description))"
            return "expected \(what) evaluating query \(AnnotationCheck.quoted(eval.expression)) (line \(eval.line)), but got: \(text)"
        }
        if let expect = eval.expectations.failure?.value, !expect.matches(text) {
            return "expected error matching \(AnnotationCheck.quoted(expect.description)) evaluating query \(AnnotationCheck.quoted(eval.expression)) (line \(eval.line)), but got: \(text)"
        }
        return nil
    }

    func kind(_ value: QueryValue) -> String {
        switch value {
        case .scalar: return "a scalar"
        case .string: return "a string"
        case .vector: return "an instant vector"
        case .matrix: return "a matrix"
        }
    }
}
