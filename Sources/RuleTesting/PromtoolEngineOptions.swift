import PromQL

extension Engine.Options {
    /// The engine settings of `promtool test rules` (promqltest's `LazyLoader`): at most 10000 samples
    /// per query, a 100 s timeout, subqueries without a step use the test's `evaluation_interval`, the
    /// default 5m lookback, and parser features only as enabled with `--enable-feature` (none by default).
    public static func promtoolRuleTests(
        evaluationInterval: Int64, parserOptions: PromQLParser.Options = PromQLParser.Options(),
        delayedNameRemoval: Bool = false
    ) -> Engine.Options {
        var o = Engine.Options()
        o.maxSamples = 10_000
        o.timeout = .seconds(100)
        o.defaultSubqueryStep = evaluationInterval
        o.parserOptions = parserOptions
        o.delayedNameRemoval = delayedNameRemoval
        return o
    }
}
