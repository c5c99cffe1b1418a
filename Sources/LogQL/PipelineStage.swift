import TimeSeries

/// One stage of a log pipeline: a line filter, a parser, a label filter or a formatter.
public struct PipelineStage: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// `|= "a" or "b"`, `!~ "re"`, `|> "<_> pattern"`.
        case lineFilter(LineFilter)
        /// `| json`, `| json code="response.code", level`.
        case json([ExtractionParameter])
        /// `| logfmt --strict --keep-empty msg, code="status"`.
        case logfmt(strict: Bool, keepEmpty: Bool, [ExtractionParameter])
        /// `| regexp "(?P<name>...)"`.
        case regexp(String)
        /// `| pattern "<ip> - <_>"`.
        case pattern(String)
        case unpack
        /// `| status >= 500 or level="error"`.
        case labelFilter(LabelFilter)
        /// `| line_format "{{.msg}}"`.
        case lineFormat(String)
        /// `| label_format dst="{{.src}}", renamed=original`.
        case labelFormat([LabelFormatItem])
        /// `| drop a, b="v"`.
        case drop([LabelSelection])
        /// `| keep a, b="v"`.
        case keep([LabelSelection])
        case decolorize
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange = SourceRange(start: 0, end: 0)) {
        self.kind = kind
        self.range = range
    }

    public static func == (lhs: PipelineStage, rhs: PipelineStage) -> Bool { lhs.kind == rhs.kind }
}

/// A line filter; several values joined with `or` match when any of them does.
public struct LineFilter: Sendable, Equatable {
    public enum Operation: String, Sendable, CaseIterable {
        case contains = "|="
        case notContains = "!="
        case matchesRegex = "|~"
        case notMatchesRegex = "!~"
        case matchesPattern = "|>"
        case notMatchesPattern = "!>"
    }

    public enum Value: Sendable, Equatable {
        case string(String)
        /// `ip("10.0.0.0/8")`: the line holds an address in the range.
        case ip(String)
    }

    public var operation: Operation
    public var values: [Value]

    public init(_ operation: Operation, _ values: [Value]) {
        self.operation = operation
        self.values = values
    }
}

/// A parser parameter: the label to fill and, optionally, the expression (JSON path or logfmt key) to read.
public struct ExtractionParameter: Sendable, Equatable {
    public var label: String
    public var expression: String?

    public init(label: String, expression: String? = nil) {
        self.label = label
        self.expression = expression
    }
}

/// `dst="{{.tmpl}}"` (a template) or `dst=src` (a rename) in `label_format`.
public struct LabelFormatItem: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case template(String)
        case rename(String)
    }

    public var label: String
    public var value: Value

    public init(label: String, value: Value) {
        self.label = label
        self.value = value
    }
}

/// A label named in `drop`/`keep`, alone or with a matcher on its value.
public struct LabelSelection: Sendable, Equatable {
    public var name: String
    public var matcher: ValueMatcher?

    public init(name: String, matcher: ValueMatcher? = nil) {
        self.name = name
        self.matcher = matcher
    }
}

/// A label filter: comparisons on extracted labels, combined with `and` (also `,` and juxtaposition) and `or`.
public struct LabelFilter: Sendable, Equatable, CustomStringConvertible {
    public indirect enum Kind: Sendable, Equatable {
        /// `level="error"`, `path!=""`, `msg=~"re"`.
        case matcher(ValueMatcher)
        /// `addr=ip("10.0.0.0/8")`, `addr!=ip(...)`.
        case ip(label: String, negated: Bool, range: String)
        /// `status >= 500`; `status=5` is stored as `==`.
        case number(label: String, ComparisonOperator, Double)
        /// `latency > 250ms`.
        case duration(label: String, ComparisonOperator, LogQLDuration)
        /// `size <= 20MB`, in bytes.
        case bytes(label: String, ComparisonOperator, UInt64)
        case and(LabelFilter, LabelFilter)
        case or(LabelFilter, LabelFilter)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange = SourceRange(start: 0, end: 0)) {
        self.kind = kind
        self.range = range
    }

    /// Comparing recurses once per `and`/`or`: on a large stack (inline when already on one).
    public static func == (lhs: LabelFilter, rhs: LabelFilter) -> Bool { LargeStack.run { lhs.kind == rhs.kind } }
}

public enum ComparisonOperator: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
}

/// A string comparison on an extracted label (`level="error"`, `msg=~"re"`) in a label filter or in
/// `drop`/`keep`. Unlike a stream selector's `LabelMatcher` it holds no compiled regex: pipelines are
/// compiled by the engine, and the parser only checks that the regex is valid.
public struct ValueMatcher: Sendable, Hashable, CustomStringConvertible {
    public var type: LabelMatcher.MatchType
    public var name: String
    public var value: String

    public init(_ type: LabelMatcher.MatchType, _ name: String, _ value: String) {
        self.type = type
        self.name = name
        self.value = value
    }

    /// The compiled matcher (regexes fully anchored, as for stream selectors).
    public func labelMatcher() throws(GoRegex.SyntaxError) -> LabelMatcher {
        try LabelMatcher(type, name, value)
    }

    public var description: String { "\(name)\(type.rawValue)\(quoteGo(value))" }
}
