import TimeSeries

/// The kinds of token the PromQL lexer produces. Grouped the way Prometheus groups them, because error
/// messages describe a token differently depending on its group (`<op:+>`, `<aggr:sum>`, `<by>`).
enum TokenKind: Equatable, Sendable {
    case eof
    case error(String)
    case identifier, metricIdentifier, number, duration, string
    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket, comma, colon, eql
    // Operators.
    case add, sub, mul, div, mod, pow, eqlc, neq, lss, lte, gtr, gte, trimUpper, trimLower
    case eqlRegex, neqRegex, at, atan2, land, lor, lunless
    // Aggregators.
    case aggregator(AggregateOp)
    // Keywords.
    case bool, by, groupLeft, groupRight, fill, fillLeft, fillRight, ignoring, offset, smoothed, anchored, on, without
    // Preprocessors: only special right after `@`, inside `[...]` and after `offset`.
    case start, end, step, range, maxOf, minOf

    var isOperator: Bool {
        switch self {
        case .add, .sub, .mul, .div, .mod, .pow, .eqlc, .neq, .lss, .lte, .gtr, .gte, .trimUpper, .trimLower,
             .eqlRegex, .neqRegex, .at, .atan2, .land, .lor, .lunless:
            return true
        default: return false
        }
    }

    var isKeyword: Bool {
        switch self {
        case .bool, .by, .groupLeft, .groupRight, .fill, .fillLeft, .fillRight, .ignoring, .offset, .smoothed,
             .anchored, .on, .without:
            return true
        default: return false
        }
    }

    /// Whether upstream lists the kind in its item-type string table (so it is described by its text only).
    var hasFixedText: Bool {
        switch self {
        case .eof, .error, .identifier, .metricIdentifier, .number, .duration, .string: return false
        default: return true
        }
    }

    /// Tokens that may name a metric at the start of a selector (upstream's `metric_identifier`).
    var canBeMetricName: Bool {
        switch self {
        case .identifier, .metricIdentifier, .by, .fill, .fillLeft, .fillRight, .land, .lor, .lunless, .offset,
             .without, .start, .end, .step, .range, .anchored, .smoothed, .maxOf, .minOf, .aggregator:
            return true
        default: return false
        }
    }

    /// Tokens accepted as a label name inside `by (...)`, `on (...)` etc. (upstream's `maybe_label`).
    var canBeGroupingLabel: Bool {
        switch self {
        case .identifier, .metricIdentifier, .aggregator, .bool, .by, .groupLeft, .groupRight, .fill, .fillLeft,
             .fillRight, .ignoring, .land, .lor, .lunless, .offset, .on, .without, .start, .end, .atan2, .step,
             .range, .anchored, .smoothed, .maxOf, .minOf:
            return true
        default: return false
        }
    }
}

/// One token: its kind and the half-open UTF-8 byte range of its text in the input.
struct Token: Sendable {
    var kind: TokenKind
    var start: Int
    var end: Int
}

/// Keywords, looked up in lower case like upstream (`SUM(x)` and `Offset` work); `inf` and `nan` are numbers.
let promqlKeywords: [String: TokenKind] = [
    "and": .land, "or": .lor, "unless": .lunless, "atan2": .atan2,
    "sum": .aggregator(.sum), "avg": .aggregator(.avg), "count": .aggregator(.count), "min": .aggregator(.min),
    "max": .aggregator(.max), "group": .aggregator(.group), "stddev": .aggregator(.stddev),
    "stdvar": .aggregator(.stdvar), "topk": .aggregator(.topk), "bottomk": .aggregator(.bottomk),
    "count_values": .aggregator(.countValues), "quantile": .aggregator(.quantile),
    "limitk": .aggregator(.limitk), "limit_ratio": .aggregator(.limitRatio),
    "offset": .offset, "smoothed": .smoothed, "anchored": .anchored, "by": .by, "without": .without,
    "on": .on, "ignoring": .ignoring, "group_left": .groupLeft, "group_right": .groupRight,
    "fill": .fill, "fill_left": .fillLeft, "fill_right": .fillRight, "bool": .bool,
    "start": .start, "end": .end, "step": .step, "range": .range, "max_of": .maxOf, "min_of": .minOf,
    "inf": .number, "nan": .number,
]

/// Keywords recognised inside `[...]`, where other words are errors.
let durationKeywords: [String: TokenKind] = ["step": .step, "range": .range, "max_of": .maxOf, "min_of": .minOf]
