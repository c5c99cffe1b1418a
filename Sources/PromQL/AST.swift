import TimeSeries

/// The type a PromQL expression evaluates to.
public enum ValueType: String, Sendable, Equatable {
    case none, scalar, vector, matrix, string

    /// The name Prometheus uses in error messages (`DocumentedType`).
    public var documentedName: String {
        switch self {
        case .vector: return "instant vector"
        case .matrix: return "range vector"
        default: return rawValue
        }
    }
}

/// A source range that never takes part in `==`, so that trees parsed from differently formatted texts
/// (for example an expression and its printed form) compare equal.
@propertyWrapper
public struct IgnoredInEquality<Value: Sendable>: Equatable, Sendable {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    public static func == (lhs: Self, rhs: Self) -> Bool { true }
}

/// A PromQL expression. Every node records its `SourceRange` (UTF-8 byte offsets into the parsed text).
///
/// Sub-expressions are held in `ExprNode`s (see ExprNode.swift), which cache their type and height and
/// take deep trees apart without recursion; equality is checked without recursion too. Walks that do
/// recurse (parsing, type checking, evaluation, printing) run on a large stack when the tree is deep.
public indirect enum Expr: Sendable, Equatable {
    case number(NumberLiteral)
    case string(StringLiteral)
    case vectorSelector(VectorSelector)
    case matrixSelector(MatrixSelector)
    case subquery(SubqueryExpr)
    case paren(ParenExpr)
    case unary(UnaryExpr)
    case binary(BinaryExpr)
    case aggregate(AggregateExpr)
    case call(Call)

    /// What the expression evaluates to. Constant time: children's types are cached in their nodes.
    public var type: ValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .paren(let p): return p.node.type
        case .unary(let u): return u.node.type
        case .binary(let b): return b.lhsNode.type == .scalar && b.rhsNode.type == .scalar ? .scalar : .vector
        case .aggregate: return .vector
        case .call(let c): return c.function.returnType
        }
    }

    /// The number of nodes on the longest path from this one down to a leaf (1 for a leaf). Constant time.
    public var height: Int {
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector: return 1
        case .subquery(let s): return s.node.height + 1
        case .paren(let p): return p.node.height + 1
        case .unary(let u): return u.node.height + 1
        case .binary(let b): return Swift.max(b.lhsNode.height, b.rhsNode.height) + 1
        case .aggregate(let a): return Swift.max(a.node.height, a.paramNode?.height ?? 0) + 1
        case .call(let c): return (c.argNodes.map(\.height).max() ?? 0) + 1
        }
    }

    /// Where the expression is in the source.
    public var range: SourceRange {
        switch self {
        case .number(let n): return n.range
        case .string(let s): return s.range
        case .vectorSelector(let v): return v.range
        case .matrixSelector(let m): return m.range
        case .subquery(let s): return s.range
        case .paren(let p): return p.range
        case .unary(let u): return u.range
        case .binary(let b): return SourceRange(start: b.lhsNode.range.start, end: b.rhsNode.range.end)
        case .aggregate(let a): return a.range
        case .call(let c): return c.range
        }
    }
}

public struct NumberLiteral: Sendable, Equatable {
    public var value: Double
    /// Written as a duration (`5m`); printed back the same way, the value is in seconds.
    public var isDuration: Bool
    @IgnoredInEquality public var range: SourceRange

    public init(value: Double, isDuration: Bool = false, range: SourceRange) {
        self.value = value
        self.isDuration = isDuration
        self.range = range
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.isDuration == rhs.isDuration && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }
}

public struct StringLiteral: Sendable, Equatable {
    public var value: String
    @IgnoredInEquality public var range: SourceRange
    public init(value: String, range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// `@ start()` / `@ end()`.
public enum AtPreprocessor: String, Sendable, Equatable {
    case start, end
}

/// The time modifiers shared by selectors and subqueries.
public struct TimeModifiers: Sendable, Equatable {
    /// `offset <duration>` when written as a literal (negative allowed); zero when absent.
    public var offset: PromDuration = .zero
    /// `offset <duration expression>` (experimental); when set, `offset` is zero.
    public var offsetExpr: DurationExpr?
    /// `@ <timestamp>` in milliseconds.
    public var timestamp: Int64?
    /// `@ start()` / `@ end()`.
    public var atPreprocessor: AtPreprocessor?

    public init() {}

    public var hasOffset: Bool { offset != .zero || offsetExpr != nil }
    public var hasAt: Bool { timestamp != nil || atPreprocessor != nil }
}

public struct VectorSelector: Sendable, Equatable {
    /// The metric name written before the braces ("" when absent).
    public var name: String
    /// All matchers, including the `__name__` matcher for `name`, appended last as upstream does.
    public var matchers: [LabelMatcher]
    public var modifiers = TimeModifiers()
    /// Experimental range modifiers (`anchored` / `smoothed`).
    public var anchored = false
    public var smoothed = false
    /// Set on the label-only selector of `info(v, {...})`, which may match everything.
    public var bypassEmptyMatcherCheck = false
    @IgnoredInEquality public var range: SourceRange

    public init(name: String, matchers: [LabelMatcher], range: SourceRange) {
        self.name = name
        self.matchers = matchers
        self.range = range
    }

    /// Matcher order does not matter (the printer sorts matchers, as upstream does).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.modifiers == rhs.modifiers && lhs.anchored == rhs.anchored
            && lhs.smoothed == rhs.smoothed && lhs.bypassEmptyMatcherCheck == rhs.bypassEmptyMatcherCheck
            && lhs.matchers.map(\.description).sorted() == rhs.matchers.map(\.description).sorted()
    }
}

public struct MatrixSelector: Sendable, Equatable {
    /// The selector; its `modifiers` hold the offset and `@` of the whole range selector.
    public var vectorSelector: VectorSelector
    /// The range when written as a literal; zero when `rangeExpr` is set.
    public var rangeDuration: PromDuration
    public var rangeExpr: DurationExpr?
    @IgnoredInEquality public var range: SourceRange

    public init(vectorSelector: VectorSelector, rangeDuration: PromDuration, rangeExpr: DurationExpr?, range: SourceRange) {
        self.vectorSelector = vectorSelector
        self.rangeDuration = rangeDuration
        self.rangeExpr = rangeExpr
        self.range = range
    }
}

public struct SubqueryExpr: Sendable, Equatable {
    public var expr: Expr {
        get { node.expr }
        set { node = ExprNode(newValue) }
    }
    var node: ExprNode
    public var rangeDuration: PromDuration
    public var rangeExpr: DurationExpr?
    /// Zero when not given (`[1h:]`): the evaluator picks the default step.
    public var step: PromDuration
    public var stepExpr: DurationExpr?
    public var modifiers = TimeModifiers()
    @IgnoredInEquality public var range: SourceRange

    public init(expr: Expr, rangeDuration: PromDuration, rangeExpr: DurationExpr?, step: PromDuration,
                stepExpr: DurationExpr?, range: SourceRange) {
        self.node = ExprNode(expr)
        self.rangeDuration = rangeDuration
        self.rangeExpr = rangeExpr
        self.step = step
        self.stepExpr = stepExpr
        self.range = range
    }
}

public struct ParenExpr: Sendable, Equatable {
    public var expr: Expr {
        get { node.expr }
        set { node = ExprNode(newValue) }
    }
    var node: ExprNode
    @IgnoredInEquality public var range: SourceRange
    public init(expr: Expr, range: SourceRange) {
        self.node = ExprNode(expr)
        self.range = range
    }
}

public enum UnaryOp: String, Sendable, Equatable {
    case plus = "+", minus = "-"
}

public struct UnaryExpr: Sendable, Equatable {
    public var op: UnaryOp
    public var expr: Expr {
        get { node.expr }
        set { node = ExprNode(newValue) }
    }
    var node: ExprNode
    @IgnoredInEquality public var range: SourceRange
    public init(op: UnaryOp, expr: Expr, range: SourceRange) {
        self.op = op
        self.node = ExprNode(expr)
        self.range = range
    }
}

public enum BinaryOp: String, Sendable, Equatable, CaseIterable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", atan2
    case eql = "==", neq = "!=", gtr = ">", lss = "<", gte = ">=", lte = "<="
    case trimUpper = "</", trimLower = ">/"
    case and, or, unless

    public var isComparison: Bool {
        switch self {
        case .eql, .neq, .gtr, .lss, .gte, .lte: return true
        default: return false
        }
    }

    public var isSetOperator: Bool { self == .and || self == .or || self == .unless }

    /// Binding strength, higher binds tighter; `^` is the only right-associative operator.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and, .unless: return 2
        case .eql, .neq, .gtr, .lss, .gte, .lte, .trimUpper, .trimLower: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }
}

public enum VectorMatchCardinality: String, Sendable, Equatable {
    case oneToOne = "one-to-one", manyToOne = "many-to-one", oneToMany = "one-to-many", manyToMany = "many-to-many"
}

/// How the two sides of a vector/vector binary operation are matched.
public struct VectorMatching: Sendable, Equatable {
    public var card: VectorMatchCardinality = .oneToOne
    /// Labels of `on(...)` / `ignoring(...)`.
    public var matchingLabels: [String] = []
    /// True for `on`, false for `ignoring` (or no clause).
    public var on = false
    /// Labels of `group_left(...)` / `group_right(...)`.
    public var include: [String] = []
    /// `fill(v)` / `fill_left(v)` / `fill_right(v)` (experimental): values for missing series per side.
    public var fillLeft: Double?
    public var fillRight: Double?

    public init() {}

    public static func == (lhs: Self, rhs: Self) -> Bool {
        func same(_ a: Double?, _ b: Double?) -> Bool {
            switch (a, b) {
            case (nil, nil): return true
            case let (x?, y?): return x == y || (x.isNaN && y.isNaN)
            default: return false
            }
        }
        return lhs.card == rhs.card && lhs.matchingLabels == rhs.matchingLabels && lhs.on == rhs.on
            && lhs.include == rhs.include && same(lhs.fillLeft, rhs.fillLeft) && same(lhs.fillRight, rhs.fillRight)
    }
}

public struct BinaryExpr: Sendable, Equatable {
    public var op: BinaryOp
    public var lhs: Expr {
        get { lhsNode.expr }
        set { lhsNode = ExprNode(newValue) }
    }
    public var rhs: Expr {
        get { rhsNode.expr }
        set { rhsNode = ExprNode(newValue) }
    }
    var lhsNode: ExprNode
    var rhsNode: ExprNode
    public var returnBool: Bool
    /// Nil unless both sides are instant vectors (set by the type checker, as upstream).
    public var matching: VectorMatching?

    public init(op: BinaryOp, lhs: Expr, rhs: Expr, returnBool: Bool, matching: VectorMatching?) {
        self.op = op
        self.lhsNode = ExprNode(lhs)
        self.rhsNode = ExprNode(rhs)
        self.returnBool = returnBool
        self.matching = matching
    }
}

public enum AggregateOp: String, Sendable, Equatable, CaseIterable {
    case sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk, quantile
    case countValues = "count_values", limitk, limitRatio = "limit_ratio"

    public var hasParam: Bool {
        switch self {
        case .topk, .bottomk, .countValues, .quantile, .limitk, .limitRatio: return true
        default: return false
        }
    }

    public var isExperimental: Bool { self == .limitk || self == .limitRatio }
}

public struct AggregateExpr: Sendable, Equatable {
    public var op: AggregateOp
    public var expr: Expr {
        get { node.expr }
        set { node = ExprNode(newValue) }
    }
    var node: ExprNode
    /// The first argument of `topk`, `bottomk`, `quantile`, `count_values`, `limitk`, `limit_ratio`.
    public var param: Expr? {
        get { paramNode?.expr }
        set { paramNode = newValue.map(ExprNode.init) }
    }
    var paramNode: ExprNode?
    public var grouping: [String]
    /// `without (...)` rather than `by (...)`.
    public var without: Bool
    @IgnoredInEquality public var range: SourceRange

    public init(op: AggregateOp, expr: Expr, param: Expr?, grouping: [String], without: Bool, range: SourceRange) {
        self.op = op
        self.node = ExprNode(expr)
        self.paramNode = param.map(ExprNode.init)
        self.grouping = grouping
        self.without = without
        self.range = range
    }
}

public struct Call: Sendable, Equatable {
    public var function: PromQLFunction
    public var args: [Expr] {
        get { argNodes.map(\.expr) }
        set { argNodes = newValue.map(ExprNode.init) }
    }
    var argNodes: [ExprNode]
    @IgnoredInEquality public var range: SourceRange

    public init(function: PromQLFunction, args: [Expr], range: SourceRange) {
        self.function = function
        self.argNodes = args.map(ExprNode.init)
        self.range = range
    }
}
