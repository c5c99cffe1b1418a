import TimeSeries

/// The kinds of LogQL tokens.
///
/// Raw values are the terminal names of Loki's grammar, so the lexer can be checked against Loki's own
/// token lists (`lexer-tokens.tsv` in the conformance data) without a translation table.
public enum TokenKind: String, Sendable, CaseIterable {
    // Literals and names.
    case identifier = "IDENTIFIER"
    case string = "STRING"
    case number = "NUMBER"
    case duration = "DURATION"
    case bytes = "BYTES"
    /// `[5m]`: the whole bracketed range is one token, as in Loki.
    case range = "RANGE"
    /// `--strict`, `--keep-empty` after `logfmt`.
    case functionFlag = "FUNCTION_FLAG"

    // Punctuation.
    case openBrace = "OPEN_BRACE"
    case closeBrace = "CLOSE_BRACE"
    case openParenthesis = "OPEN_PARENTHESIS"
    case closeParenthesis = "CLOSE_PARENTHESIS"
    case comma = "COMMA"

    // Matchers, line filters and comparisons.
    case eq = "EQ"
    case neq = "NEQ"
    case re = "RE"
    case nre = "NRE"
    case cmpEq = "CMP_EQ"
    case gt = "GT"
    case gte = "GTE"
    case lt = "LT"
    case lte = "LTE"
    case pipe = "PIPE"
    case pipeExact = "PIPE_EXACT"
    case pipeMatch = "PIPE_MATCH"
    case pipePattern = "PIPE_PATTERN"
    case notPipePattern = "NPA"

    // Arithmetic.
    case add = "ADD"
    case sub = "SUB"
    case mul = "MUL"
    case div = "DIV"
    case mod = "MOD"
    case pow = "POW"

    // Keywords that are keywords wherever they stand (unless followed by a comparison, see Lexer).
    case by = "BY"
    case without = "WITHOUT"
    case bool = "BOOL"
    case on = "ON"
    case ignoring = "IGNORING"
    case groupLeft = "GROUP_LEFT"
    case groupRight = "GROUP_RIGHT"
    case offset = "OFFSET"
    case or = "OR"
    case and = "AND"
    case unless = "UNLESS"
    case json = "JSON"
    case logfmt = "LOGFMT"
    case unpack = "UNPACK"
    case regexp = "REGEXP"
    case pattern = "PATTERN"
    case unwrap = "UNWRAP"
    case lineFormat = "LINE_FMT"
    case labelFormat = "LABEL_FMT"
    case decolorize = "DECOLORIZE"
    case drop = "DROP"
    case keep = "KEEP"

    // Function names: keywords only when followed by `(` (or `by`/`without` for aggregations).
    case ip = "IP"
    case bytesConv = "BYTES_CONV"
    case durationConv = "DURATION_CONV"
    case durationSecondsConv = "DURATION_SECONDS_CONV"
    case labelReplace = "LABEL_REPLACE"
    case vector = "VECTOR"
    case rate = "RATE"
    case rateCounter = "RATE_COUNTER"
    case countOverTime = "COUNT_OVER_TIME"
    case bytesRate = "BYTES_RATE"
    case bytesOverTime = "BYTES_OVER_TIME"
    case absentOverTime = "ABSENT_OVER_TIME"
    case sumOverTime = "SUM_OVER_TIME"
    case avgOverTime = "AVG_OVER_TIME"
    case maxOverTime = "MAX_OVER_TIME"
    case minOverTime = "MIN_OVER_TIME"
    case firstOverTime = "FIRST_OVER_TIME"
    case lastOverTime = "LAST_OVER_TIME"
    case stdvarOverTime = "STDVAR_OVER_TIME"
    case stddevOverTime = "STDDEV_OVER_TIME"
    case quantileOverTime = "QUANTILE_OVER_TIME"
    case sum = "SUM"
    case avg = "AVG"
    case min = "MIN"
    case max = "MAX"
    case count = "COUNT"
    case stddev = "STDDEV"
    case stdvar = "STDVAR"
    case topk = "TOPK"
    case bottomk = "BOTTOMK"
    case sort = "SORT"
    case sortDesc = "SORT_DESC"
    case approxTopk = "APPROX_TOPK"

    case eof = "EOF"

    /// Words that are keywords in any position (unless they are used as a label name in a comparison).
    static let plainKeywords: [String: TokenKind] = [
        "by": .by, "without": .without, "bool": .bool, "on": .on, "ignoring": .ignoring,
        "group_left": .groupLeft, "group_right": .groupRight, "offset": .offset,
        "or": .or, "and": .and, "unless": .unless,
        "json": .json, "logfmt": .logfmt, "unpack": .unpack, "regexp": .regexp, "pattern": .pattern,
        "unwrap": .unwrap, "line_format": .lineFormat, "label_format": .labelFormat,
        "decolorize": .decolorize, "drop": .drop, "keep": .keep,
    ]

    /// Pipeline stage names: right after `|` they stay keywords before `!=`/`!~` (a line filter follows,
    /// as in `| unpack != "x"`), while other keywords before any comparison are label names.
    static let stageKeywords: Set<TokenKind> = [
        .json, .logfmt, .unpack, .regexp, .pattern, .unwrap, .lineFormat, .labelFormat, .decolorize, .drop, .keep,
    ]

    /// Functions that are keywords only before `(`.
    static let callKeywords: [String: TokenKind] = [
        "ip": .ip, "bytes": .bytesConv, "duration": .durationConv, "duration_seconds": .durationSecondsConv,
        "label_replace": .labelReplace, "vector": .vector,
    ]

    /// Aggregations: keywords before `(`, `by` or `without`.
    static let aggregationKeywords: [String: TokenKind] = {
        var out: [String: TokenKind] = [:]
        for op in RangeOperation.allCases { out[op.rawValue] = op.token }
        for op in VectorOperation.allCases { out[op.rawValue] = op.token }
        return out
    }()

    /// Whether the token's text can serve as a label name (keywords used as names: `| drop json`).
    var isWord: Bool {
        switch self {
        case .string, .number, .duration, .bytes, .range, .functionFlag, .openBrace, .closeBrace,
             .openParenthesis, .closeParenthesis, .comma, .eq, .neq, .re, .nre, .cmpEq, .gt, .gte, .lt, .lte,
             .pipe, .pipeExact, .pipeMatch, .pipePattern, .notPipePattern, .add, .sub, .mul, .div, .mod, .pow, .eof:
            return false
        default:
            return true
        }
    }
}

/// One token: its kind, its text (decoded for strings), and where it stands in the query.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    /// Identifiers and keywords: as written. Strings: the decoded value. Numbers, durations, bytes, ranges
    /// and flags: the literal text (a range without its brackets).
    public var text: String
    /// UTF-8 byte offsets into the query, half-open.
    public var start: Int
    public var end: Int

    public var range: SourceRange { SourceRange(start: start, end: end) }
}
