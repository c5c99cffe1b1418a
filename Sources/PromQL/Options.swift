extension PromQLParser {
    /// Feature flags of the parser. All default to off, as in `promtool`.
    public struct Options: Sendable, Equatable {
        /// `--enable-feature=promql-experimental-functions`: experimental functions and `limitk`/`limit_ratio`.
        public var experimentalFunctions = false
        /// `--enable-feature=promql-duration-expr`: arithmetic, `step()`, `range()`, `min_of`/`max_of` in durations.
        public var durationExpressions = false
        /// `--enable-feature=promql-extended-range-selectors`: the `anchored` and `smoothed` modifiers.
        public var extendedRangeSelectors = false
        /// `--enable-feature=promql-binop-fill-modifiers`: `fill(...)`, `fill_left(...)`, `fill_right(...)`.
        public var binopFillModifiers = false
        /// The tallest expression tree accepted: nested parentheses, calls, aggregations and unary operators,
        /// and chains of binary operators (`a + a + ... + a` is as tall as it has terms) and subqueries. Not a
        /// Prometheus limit (Go's stacks grow until 1 GiB): it sizes the large stack that deep trees are
        /// parsed, evaluated and printed on (see `DeepRecursion`). Real queries are a few levels tall; a
        /// 50,000-term sum is already far beyond any use.
        public var maxNestingDepth = 50_000
        /// The deepest duration expression (`[1m + 1m + ...]`, `offset -(-(...))`) accepted. Duration
        /// expressions are compared and released recursively on the caller's stack, so they get a much
        /// smaller limit; real ones are one or two operators.
        public var maxDurationDepth = 100

        public init() {}

        /// Everything enabled, as the promqltest runner does.
        public static let all: Options = {
            var o = Options()
            o.experimentalFunctions = true
            o.durationExpressions = true
            o.extendedRangeSelectors = true
            o.binopFillModifiers = true
            return o
        }()
    }
}
