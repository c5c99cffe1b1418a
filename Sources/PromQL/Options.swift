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
        /// Maximum nesting of parentheses, calls, unary operators and duration expressions. Not a Prometheus
        /// limit: it keeps recursion (parsing, checking, printing, comparing, evaluating) far from the stack
        /// limit, which is 512 KiB on secondary threads. Real queries nest a few levels.
        public var maxNestingDepth = 128
        /// Maximum number of binary operators, range selectors and subqueries in one expression, for the same
        /// reason: chains like `a + b + c ...` deepen the tree without recursion in the parser. A debug build
        /// overflows a 512 KiB stack at around 2,000 levels; this leaves room for the evaluator's frames.
        public var maxOperators = 512

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
