/// A PromQL function: its argument types, how many optional trailing arguments it takes, and its result.
public struct PromQLFunction: Sendable, Equatable, Hashable {
    public let name: String
    public let argTypes: [ValueType]
    /// 0: exactly `argTypes.count` arguments. n > 0: the last argument type may appear 0...n times.
    /// -1: the last argument type may repeat without limit.
    public let variadic: Int
    public let returnType: ValueType
    /// Needs `Options.experimentalFunctions`.
    public let experimental: Bool

    public init(name: String, argTypes: [ValueType], variadic: Int = 0, returnType: ValueType, experimental: Bool = false) {
        self.name = name
        self.argTypes = argTypes
        self.variadic = variadic
        self.returnType = returnType
        self.experimental = experimental
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Every function of Prometheus 3.14, by name.
    public static let all: [String: PromQLFunction] = Dictionary(
        uniqueKeysWithValues: functionTable.map { ($0.name, $0) })

    public static func named(_ name: String) -> PromQLFunction? { all[name] }
}

/// The table from Prometheus 3.14's `promql/parser/functions.go`.
private let functionTable: [PromQLFunction] = [
    PromQLFunction(name: "abs", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "absent", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "absent_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "acos", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "acosh", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "asin", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "asinh", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "atan", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "atanh", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "avg_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "ceil", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "changes", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "clamp", argTypes: [.vector, .scalar, .scalar], variadic: 0, returnType: .vector),
    PromQLFunction(name: "clamp_max", argTypes: [.vector, .scalar], variadic: 0, returnType: .vector),
    PromQLFunction(name: "clamp_min", argTypes: [.vector, .scalar], variadic: 0, returnType: .vector),
    PromQLFunction(name: "cos", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "cosh", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "count_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "days_in_month", argTypes: [.vector], variadic: 1, returnType: .vector),
    PromQLFunction(name: "day_of_month", argTypes: [.vector], variadic: 1, returnType: .vector),
    PromQLFunction(name: "day_of_week", argTypes: [.vector], variadic: 1, returnType: .vector),
    PromQLFunction(name: "day_of_year", argTypes: [.vector], variadic: 1, returnType: .vector),
    PromQLFunction(name: "deg", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "end", argTypes: [], variadic: 0, returnType: .scalar, experimental: true),
    PromQLFunction(name: "delta", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "deriv", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "exp", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "first_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "floor", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "histogram_avg", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "histogram_count", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "histogram_sum", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "histogram_stddev", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "histogram_stdvar", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "histogram_fraction", argTypes: [.scalar, .scalar, .vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "histogram_quantile", argTypes: [.scalar, .vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "histogram_quantiles", argTypes: [.vector, .string, .scalar, .scalar], variadic: 9, returnType: .vector, experimental: true),
    PromQLFunction(name: "double_exponential_smoothing", argTypes: [.matrix, .scalar, .scalar], variadic: 0, returnType: .vector, experimental: true),
    PromQLFunction(name: "hour", argTypes: [.vector], variadic: 1, returnType: .vector),
    PromQLFunction(name: "idelta", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "increase", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "info", argTypes: [.vector, .vector], variadic: 1, returnType: .vector, experimental: true),
    PromQLFunction(name: "irate", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "label_replace", argTypes: [.vector, .string, .string, .string, .string], variadic: 0, returnType: .vector),
    PromQLFunction(name: "label_join", argTypes: [.vector, .string, .string, .string], variadic: -1, returnType: .vector),
    PromQLFunction(name: "max_of", argTypes: [.scalar, .scalar], variadic: 0, returnType: .scalar, experimental: true),
    PromQLFunction(name: "last_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "min_of", argTypes: [.scalar, .scalar], variadic: 0, returnType: .scalar, experimental: true),
    PromQLFunction(name: "ln", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "log10", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "log2", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "mad_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector, experimental: true),
    PromQLFunction(name: "max_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "min_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "ts_of_first_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector, experimental: true),
    PromQLFunction(name: "ts_of_max_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector, experimental: true),
    PromQLFunction(name: "ts_of_min_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector, experimental: true),
    PromQLFunction(name: "ts_of_last_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector, experimental: true),
    PromQLFunction(name: "minute", argTypes: [.vector], variadic: 1, returnType: .vector),
    PromQLFunction(name: "month", argTypes: [.vector], variadic: 1, returnType: .vector),
    PromQLFunction(name: "pi", argTypes: [], variadic: 0, returnType: .scalar),
    PromQLFunction(name: "predict_linear", argTypes: [.matrix, .scalar], variadic: 0, returnType: .vector),
    PromQLFunction(name: "present_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "quantile_over_time", argTypes: [.scalar, .matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "rad", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "range", argTypes: [], variadic: 0, returnType: .scalar, experimental: true),
    PromQLFunction(name: "rate", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "resets", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "round", argTypes: [.vector, .scalar], variadic: 1, returnType: .vector),
    PromQLFunction(name: "scalar", argTypes: [.vector], variadic: 0, returnType: .scalar),
    PromQLFunction(name: "sgn", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "sin", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "sinh", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "sort", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "sort_desc", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "sort_by_label", argTypes: [.vector, .string], variadic: -1, returnType: .vector, experimental: true),
    PromQLFunction(name: "sort_by_label_desc", argTypes: [.vector, .string], variadic: -1, returnType: .vector, experimental: true),
    PromQLFunction(name: "sqrt", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "start", argTypes: [], variadic: 0, returnType: .scalar, experimental: true),
    PromQLFunction(name: "start_timestamp", argTypes: [.vector], variadic: 0, returnType: .vector, experimental: true),
    PromQLFunction(name: "step", argTypes: [], variadic: 0, returnType: .scalar, experimental: true),
    PromQLFunction(name: "stddev_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "stdvar_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "sum_over_time", argTypes: [.matrix], variadic: 0, returnType: .vector),
    PromQLFunction(name: "tan", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "tanh", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "time", argTypes: [], variadic: 0, returnType: .scalar),
    PromQLFunction(name: "timestamp", argTypes: [.vector], variadic: 0, returnType: .vector),
    PromQLFunction(name: "vector", argTypes: [.scalar], variadic: 0, returnType: .vector),
    PromQLFunction(name: "year", argTypes: [.vector], variadic: 1, returnType: .vector),
]
