import TimeSeries

/// A metric (sample) query: aggregations, binary operations and literals over log range aggregations.
public struct SampleExpr: Sendable, Equatable, CustomStringConvertible {
    public indirect enum Kind: Sendable, Equatable {
        case rangeAggregation(RangeAggregation)
        case vectorAggregation(VectorAggregation)
        case binary(BinaryOperation)
        /// A number; `-5` is one literal, as LogQL has no other unary minus.
        case literal(Double)
        /// `vector(1)`.
        case vector(Double)
        case labelReplace(LabelReplace)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange = SourceRange(start: 0, end: 0)) {
        self.kind = kind
        self.range = range
    }

    /// Comparing recurses once per level of the tree: on a large stack (inline when already on one).
    public static func == (lhs: SampleExpr, rhs: SampleExpr) -> Bool { LargeStack.run { lhs.kind == rhs.kind } }
}

/// `by (a, b)` or `without (a)`.
public struct Grouping: Sendable, Equatable {
    public var without: Bool
    public var labels: [String]

    public init(without: Bool = false, labels: [String]) {
        self.without = without
        self.labels = labels
    }
}

/// `quantile_over_time(0.99, {app="api"} | unwrap latency [5m]) by (pod)`.
public struct RangeAggregation: Sendable, Equatable {
    public var operation: RangeOperation
    public var parameter: Double?
    public var logRange: LogRange
    public var grouping: Grouping?

    public init(operation: RangeOperation, parameter: Double? = nil, logRange: LogRange, grouping: Grouping? = nil) {
        self.operation = operation
        self.parameter = parameter
        self.logRange = logRange
        self.grouping = grouping
    }
}

/// `topk by (app) (5, expr)`, `sum(expr) without (pod)`.
public struct VectorAggregation: Sendable, Equatable {
    public var operation: VectorOperation
    public var parameter: Double?
    public var expr: SampleExpr
    public var grouping: Grouping?

    public init(operation: VectorOperation, parameter: Double? = nil, expr: SampleExpr, grouping: Grouping? = nil) {
        self.operation = operation
        self.parameter = parameter
        self.expr = expr
        self.grouping = grouping
    }
}

public struct BinaryOperation: Sendable, Equatable {
    public var op: BinaryOperator
    public var lhs: SampleExpr
    public var rhs: SampleExpr
    /// `bool` after a comparison.
    public var returnBool: Bool
    public var matching: VectorMatching?

    public init(op: BinaryOperator, lhs: SampleExpr, rhs: SampleExpr, returnBool: Bool = false, matching: VectorMatching? = nil) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.returnBool = returnBool
        self.matching = matching
    }
}

/// `on (a) group_left (b)`, `ignoring (c)`.
public struct VectorMatching: Sendable, Equatable {
    public enum Card: String, Sendable {
        case groupLeft = "group_left"
        case groupRight = "group_right"
    }

    public var on: Bool
    public var labels: [String]
    public var card: Card?
    public var include: [String]

    public init(on: Bool, labels: [String], card: Card? = nil, include: [String] = []) {
        self.on = on
        self.labels = labels
        self.card = card
        self.include = include
    }
}

/// `label_replace(expr, "dst", "$1", "src", "(.*)")`.
public struct LabelReplace: Sendable, Equatable {
    public var expr: SampleExpr
    public var destination: String
    public var replacement: String
    public var source: String
    public var regex: String

    public init(expr: SampleExpr, destination: String, replacement: String, source: String, regex: String) {
        self.expr = expr
        self.destination = destination
        self.replacement = replacement
        self.source = source
        self.regex = regex
    }
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case or, and, unless
    case equal = "==", notEqual = "!=", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<="
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^"

    /// Binding strength, loosest first, as in Loki (and Prometheus).
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and, .unless: return 2
        case .equal, .notEqual, .greater, .greaterOrEqual, .less, .lessOrEqual: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod: return 5
        case .pow: return 6
        }
    }

    public var isRightAssociative: Bool { self == .pow }
    public var isComparison: Bool { precedence == 3 }
    public var isSetOperator: Bool { precedence <= 2 }

    static func from(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .or: return .or
        case .and: return .and
        case .unless: return .unless
        case .cmpEq: return .equal
        case .neq: return .notEqual
        case .gt: return .greater
        case .gte: return .greaterOrEqual
        case .lt: return .less
        case .lte: return .lessOrEqual
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        default: return nil
        }
    }
}

/// Range aggregations over log ranges.
public enum RangeOperation: String, Sendable, CaseIterable {
    case rate
    case rateCounter = "rate_counter"
    case countOverTime = "count_over_time"
    case bytesRate = "bytes_rate"
    case bytesOverTime = "bytes_over_time"
    case absentOverTime = "absent_over_time"
    case sumOverTime = "sum_over_time"
    case avgOverTime = "avg_over_time"
    case maxOverTime = "max_over_time"
    case minOverTime = "min_over_time"
    case firstOverTime = "first_over_time"
    case lastOverTime = "last_over_time"
    case stdvarOverTime = "stdvar_over_time"
    case stddevOverTime = "stddev_over_time"
    case quantileOverTime = "quantile_over_time"

    public enum UnwrapRule: Sendable { case required, forbidden, optional }

    /// Counting lines or bytes makes no use of an unwrapped value; the value aggregations need one.
    public var unwrapRule: UnwrapRule {
        switch self {
        case .countOverTime, .bytesRate, .bytesOverTime: return .forbidden
        case .rate, .absentOverTime: return .optional
        default: return .required
        }
    }

    public var takesParameter: Bool { self == .quantileOverTime }

    /// Loki's documentation: "Except for sum_over_time, absent_over_time, rate and rate_counter, unwrapped
    /// range aggregations support grouping"; log range aggregations do not.
    public var allowsGrouping: Bool {
        switch self {
        case .avgOverTime, .stddevOverTime, .stdvarOverTime, .quantileOverTime, .maxOverTime, .minOverTime,
             .firstOverTime, .lastOverTime:
            return true
        default:
            return false
        }
    }

    var token: TokenKind {
        switch self {
        case .rate: return .rate
        case .rateCounter: return .rateCounter
        case .countOverTime: return .countOverTime
        case .bytesRate: return .bytesRate
        case .bytesOverTime: return .bytesOverTime
        case .absentOverTime: return .absentOverTime
        case .sumOverTime: return .sumOverTime
        case .avgOverTime: return .avgOverTime
        case .maxOverTime: return .maxOverTime
        case .minOverTime: return .minOverTime
        case .firstOverTime: return .firstOverTime
        case .lastOverTime: return .lastOverTime
        case .stdvarOverTime: return .stdvarOverTime
        case .stddevOverTime: return .stddevOverTime
        case .quantileOverTime: return .quantileOverTime
        }
    }
}

/// Aggregations across series.
public enum VectorOperation: String, Sendable, CaseIterable {
    case sum, avg, min, max, count, stddev, stdvar, topk, bottomk, sort
    case sortDesc = "sort_desc"
    case approxTopk = "approx_topk"

    public var takesParameter: Bool { self == .topk || self == .bottomk || self == .approxTopk }

    /// Sorting keeps every series, and approx_topk is computed by a sketch that cannot be regrouped.
    public var allowsGrouping: Bool { !(self == .sort || self == .sortDesc || self == .approxTopk) }

    var token: TokenKind {
        switch self {
        case .sum: return .sum
        case .avg: return .avg
        case .min: return .min
        case .max: return .max
        case .count: return .count
        case .stddev: return .stddev
        case .stdvar: return .stdvar
        case .topk: return .topk
        case .bottomk: return .bottomk
        case .sort: return .sort
        case .sortDesc: return .sortDesc
        case .approxTopk: return .approxTopk
        }
    }
}
