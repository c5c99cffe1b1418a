import Rules
import TimeSeries

/// A rule unit-test file in promtool's format (Prometheus 3.14), read by `vigil test rules`.
///
/// Inputs and checks are kept as lists of cases, so new kinds (LogQL input streams, routing checks) join
/// as new cases without reshaping the existing ones.
public struct UnitTestFile: Sendable {
    /// Rule files as written (globs, relative to the test file).
    public var ruleFiles: [String] = []
    /// How often the rule groups are evaluated; 1m when not given.
    public var evaluationInterval: PromDuration = PromDuration(milliseconds: 60_000)
    /// Group names in the order they are evaluated at each step; groups not listed come first.
    public var groupEvalOrder: [String] = []
    public var tests: [TestGroup] = []
    /// Compare floats allowing one ULP of difference.
    public var fuzzyCompare = false
    /// The Alertmanager configuration the tests' `exp_notifications` route through (a Vigil extension),
    /// as written, relative to the test file.
    public var alertmanagerConfig: String?
    /// The query language of every rule file (`rule_files_type: loki`, a Vigil extension), as `vigil check
    /// rules --type`; nil: each file's `vigil.dev/query-language` annotation decides, PromQL without one.
    public var ruleFilesType: QueryLanguage?

    public init() {}
}

/// One entry of `tests:`: input data, the settings the rules run with, and the checks.
public struct TestGroup: Sendable {
    public var name: String = ""
    /// The spacing of input series values; the file's `evaluation_interval` when not given.
    public var interval: PromDuration?
    public var inputSeries: [InputSeries] = []
    public var alertRuleTests: [AlertRuleTest] = []
    public var promqlExprTests: [PromQLExprTest] = []
    /// Log streams the LogQL rules read (Vigil extension).
    public var inputStreams: [LogInputStream] = []
    /// LogQL expressions and the samples they must return (Vigil extension; same shape as `promql_expr_test`).
    public var logqlExprTests: [PromQLExprTest] = []
    /// Notification checks, in file order (Vigil extension; needs the file's `alertmanager_config`).
    public var notificationTests: [NotificationTest] = []
    /// Silences the router holds during the test (Vigil extension).
    public var silences: [TestSilence] = []
    public var externalLabels: Labels = .empty
    public var externalURL: String = ""
    /// Time 0 of the test in milliseconds (`start_timestamp`); the Unix epoch when not given.
    public var startTimestamp: Int64 = 0
    /// Where the group starts in the file, for messages.
    public var position: SourcePosition = SourcePosition(line: 1, column: 1)

    public init() {}

    /// The last time any check looks at: evaluation runs from 0 to here.
    public var maxEvalTime: Int64 {
        max(alertRuleTests.map(\.evalTime.milliseconds).max() ?? 0, promqlExprTests.map(\.evalTime.milliseconds).max() ?? 0,
            logqlExprTests.map(\.evalTime.milliseconds).max() ?? 0, notificationTests.map(\.evalTime.milliseconds).max() ?? 0)
    }
}

/// `input_series`: a series and its values in the expanding notation (`1+1x10 _ stale`).
public struct InputSeries: Sendable {
    public var series: String
    public var values: String
    public var position: SourcePosition
}

/// `alert_rule_test`: the alerts of one rule that must be firing at `evalTime`.
public struct AlertRuleTest: Sendable {
    public var evalTime: PromDuration
    public var alertname: String
    public var expAlerts: [ExpectedAlert]
    public var position: SourcePosition
}

public struct ExpectedAlert: Sendable {
    public var labels: [String: String]
    public var annotations: [String: String]
}

/// `promql_expr_test`: an expression and the samples it must return at `evalTime`.
public struct PromQLExprTest: Sendable {
    public var expr: String
    public var evalTime: PromDuration
    public var expSamples: [ExpectedSample]
    public var position: SourcePosition
}

public struct ExpectedSample: Sendable {
    /// The series as written (`up{job="a"}`).
    public var labels: String
    public var value: Double
    /// A native histogram in the test notation (`{{count:1 sum:2}}`); when set, `value` is ignored.
    public var histogram: String
}
