import TimeSeries

/// `{app="api", env=~"prod|staging"}`: the streams a query reads.
public struct StreamSelector: Sendable, Equatable, CustomStringConvertible {
    public var matchers: [LabelMatcher]
    public var range: SourceRange

    public init(matchers: [LabelMatcher], range: SourceRange = SourceRange(start: 0, end: 0)) {
        self.matchers = matchers
        self.range = range
    }

    public static func == (lhs: StreamSelector, rhs: StreamSelector) -> Bool { lhs.matchers == rhs.matchers }
}

/// A log query: a stream selector and the pipeline its lines go through.
public struct LogExpr: Sendable, Equatable, CustomStringConvertible {
    public var selector: StreamSelector
    public var pipeline: [PipelineStage]
    public var range: SourceRange

    public init(selector: StreamSelector, pipeline: [PipelineStage] = [], range: SourceRange = SourceRange(start: 0, end: 0)) {
        self.selector = selector
        self.pipeline = pipeline
        self.range = range
    }

    public static func == (lhs: LogExpr, rhs: LogExpr) -> Bool {
        lhs.selector == rhs.selector && lhs.pipeline == rhs.pipeline
    }
}

/// The argument of a range aggregation: a log query over a window, `{app="api"} | json | unwrap latency [5m] offset 1h`.
public struct LogRange: Sendable, Equatable, CustomStringConvertible {
    public var log: LogExpr
    public var interval: LogQLDuration
    public var offset: LogQLDuration?
    public var unwrap: Unwrap?
    public var range: SourceRange

    public init(log: LogExpr, interval: LogQLDuration, offset: LogQLDuration? = nil, unwrap: Unwrap? = nil,
                range: SourceRange = SourceRange(start: 0, end: 0)) {
        self.log = log
        self.interval = interval
        self.offset = offset
        self.unwrap = unwrap
        self.range = range
    }

    public static func == (lhs: LogRange, rhs: LogRange) -> Bool {
        lhs.log == rhs.log && lhs.interval == rhs.interval && lhs.offset == rhs.offset && lhs.unwrap == rhs.unwrap
    }
}

/// `| unwrap duration(latency) | __error__=""`: the label whose value becomes the sample, with the label
/// filters that may follow it (only label filters can).
public struct Unwrap: Sendable, Equatable, CustomStringConvertible {
    public enum Conversion: String, Sendable {
        case none = ""
        case bytes
        case duration
        case durationSeconds = "duration_seconds"
    }

    public var label: String
    public var conversion: Conversion
    public var postFilters: [LabelFilter]
    public var range: SourceRange

    public init(label: String, conversion: Conversion = .none, postFilters: [LabelFilter] = [],
                range: SourceRange = SourceRange(start: 0, end: 0)) {
        self.label = label
        self.conversion = conversion
        self.postFilters = postFilters
        self.range = range
    }

    public static func == (lhs: Unwrap, rhs: Unwrap) -> Bool {
        lhs.label == rhs.label && lhs.conversion == rhs.conversion && lhs.postFilters == rhs.postFilters
    }
}
