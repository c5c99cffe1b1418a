import PromQL

/// How `vigil test rules` runs: promtool's flags.
public struct RuleTestOptions: Sendable {
    /// `--run`: only test groups whose name matches one of these regular expressions (RE2, unanchored).
    public var run: [String] = []
    /// `--ignore-unknown-fields` in test and rule files.
    public var ignoreUnknownFields = false
    /// `--enable-feature=promql-delayed-name-removal` and the parser features of `--enable-feature`.
    public var delayedNameRemoval = false
    public var parserOptions = PromQLParser.Options()
    /// `--debug`: report the series and alerts at each evaluation step.
    public var debug = false

    public init() {}
}
