/// The outcome of one test group: promtool's failure messages, in order, and what the group exercised.
public struct TestGroupResult: Sendable {
    public var name: String
    public var failures: [String]
    public var seconds: Double
    /// Alerting rules named by `alert_rule_test`s and expressions of `promql_expr_test`s, for coverage.
    public var testedAlerts: Set<String>
    public var testedExpressions: [String]
    public var passed: Bool { failures.isEmpty }
}

/// The outcome of one test file: a file-level error (unreadable, bad YAML, missing rule file) or the
/// results of its test groups.
public struct TestFileResult: Sendable {
    public var file: String
    public var fileErrors: [String] = []
    public var groups: [TestGroupResult] = []
    /// The rules of the file's rule files, for coverage: (file, group, name, kind is alerting, expr).
    public var rules: [CoveredRule] = []
    public var warnings: [String] = []

    public var failures: [String] { fileErrors + groups.flatMap(\.failures) }
    public var passed: Bool { failures.isEmpty }
}

public struct CoveredRule: Sendable, Hashable {
    public var file: String
    public var group: String
    public var name: String
    public var isAlerting: Bool
    public var expr: String
}
