import PromQL
import TimeSeries

/// One `eval` statement with everything its block expects.
public struct EvalCommand: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `eval instant at <t>`; milliseconds since the epoch.
        case instant(at: Int64)
        /// `eval range from <start> to <end> step <step>`; milliseconds.
        case range(start: Int64, end: Int64, step: Int64)
    }

    /// The old `eval_fail`/`eval_warn`/`eval_info`/`eval_ordered` heading forms.
    public enum LegacyModifier: String, Sendable {
        case fail, warn, info, ordered
    }

    /// 1-based line of the heading.
    public var line: Int
    public var kind: Kind
    /// The query text, as written after the heading.
    public var expression: String
    /// 1-based column (in Unicode scalars) where the expression starts on the heading line, so a parse error
    /// reported by the engine can be placed in the file.
    public var expressionColumn: Int
    public var legacyModifier: LegacyModifier?
    public var expectations: Expectations

    public init(line: Int, kind: Kind, expression: String, expressionColumn: Int, legacyModifier: LegacyModifier? = nil,
                expectations: Expectations = Expectations()) {
        self.line = line
        self.kind = kind
        self.expression = expression
        self.expressionColumn = expressionColumn
        self.legacyModifier = legacyModifier
        self.expectations = expectations
    }

    public var isInstant: Bool { if case .instant = kind { return true } else { return false } }

    /// The time an instant query runs at. With `expect range vector`, upstream runs it at the range's end,
    /// whatever `at` says.
    public var instantEvaluationTime: Int64? {
        guard case .instant(let at) = kind else { return nil }
        return expectations.rangeVector?.value.end ?? at
    }

    public var expectsFailure: Bool { legacyModifier == .fail || expectations.failure != nil || expectations.legacyFailMatcher != nil }
    public var isOrdered: Bool { legacyModifier == .ordered || expectations.ordered }
    /// Upstream leaves these out of the range-mode cross-check: their results are not instant vectors.
    public var excludedFromRangeMode: Bool { expectations.rangeVector != nil || expectations.string != nil }
}

/// The lines of an eval block after the heading.
public struct Expectations: Sendable {
    /// `expect fail [msg:|regex:]` (at most one).
    public var failure: LineExpectation<TextMatcher>?
    /// `expected_fail_message` / `expected_fail_regexp` under an `eval_fail` heading.
    public var legacyFailMatcher: LineExpectation<TextMatcher>?
    public var warnings: [LineExpectation<TextMatcher>] = []
    public var infos: [LineExpectation<TextMatcher>] = []
    public var noWarnings = false
    public var noInfos = false
    /// `expect ordered`.
    public var ordered = false
    public var rangeVector: LineExpectation<RangeVectorExpectation>?
    /// `expect string "<s>"`, unquoted.
    public var string: LineExpectation<String>?
    /// A bare number line: the result must be this scalar.
    public var scalar: LineExpectation<Double>?
    /// The series lines, in file order. A label set listed twice counts once, with its last line.
    public var series: [ExpectedSeries] = []

    public init() {}
}

/// An expectation together with the 1-based line it was written on.
public struct LineExpectation<Value: Sendable>: Sendable {
    public var line: Int
    public var value: Value
    public init(line: Int, value: Value) {
        self.line = line
        self.value = value
    }
}

/// `expect range vector from <t0> to <t1> step <s>`; milliseconds.
public struct RangeVectorExpectation: Sendable, Equatable {
    public var start: Int64
    public var end: Int64
    public var step: Int64
    public init(start: Int64, end: Int64, step: Int64) {
        self.start = start
        self.end = end
        self.step = step
    }
}

/// One expected series line.
public struct ExpectedSeries: Sendable {
    public var labels: Labels
    public var points: [ExpectedPoint]
    /// 1-based line in the file.
    public var line: Int
    /// Position for `expect ordered`: 1 + the number of earlier block lines that are not `expect`
    /// annotation/fail/ordered lines, exactly as upstream counts it.
    public var position: Int

    public init(labels: Labels, points: [ExpectedPoint], line: Int, position: Int) {
        self.labels = labels
        self.points = points
        self.line = line
        self.position = position
    }
}

/// One expected value: a float, a histogram or `_`, and whether a histogram spelled out its
/// `counter_reset_hint` (only then is the hint compared).
public struct ExpectedPoint: Sendable, Equatable {
    public var value: SeriesValues.Value
    public var counterResetHintSet: Bool

    public init(_ value: SeriesValues.Value, counterResetHintSet: Bool = false) {
        self.value = value
        self.counterResetHintSet = counterResetHintSet
    }
}
