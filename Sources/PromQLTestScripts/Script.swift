import PromQL
import TimeSeries

/// A parsed promqltest script: its commands in file order.
public struct Script: Sendable {
    /// The name used in messages (usually the file name).
    public var file: String
    public var commands: [ScriptCommand]

    public init(file: String, commands: [ScriptCommand]) {
        self.file = file
        self.commands = commands
    }

    /// Every eval statement, in file order.
    public var evals: [EvalCommand] {
        commands.compactMap { if case .eval(let e) = $0 { return e } else { return nil } }
    }
}

public enum ScriptCommand: Sendable {
    case load(LoadCommand)
    /// `clear`, with its 1-based line.
    case clear(line: Int)
    case eval(EvalCommand)
}

/// `load <step>` / `load_with_nhcb <step>` and its series lines.
public struct LoadCommand: Sendable {
    /// 1-based line of the heading.
    public var line: Int
    /// Milliseconds between consecutive values.
    public var step: Int64
    public var withNHCB: Bool
    /// The series in the order they first appear; a series written twice keeps the values of its last line
    /// (upstream keys the block by label set).
    public var series: [LoadedSeries]

    public init(line: Int, step: Int64, withNHCB: Bool, series: [LoadedSeries]) {
        self.line = line
        self.step = step
        self.withNHCB = withNHCB
        self.series = series
    }
}

/// One series line of a `load` block.
public struct LoadedSeries: Sendable {
    public var labels: Labels
    /// The i-th value belongs at `i × step` (missing positions included).
    public var values: [SeriesValues.Value]
    /// From a preceding `metric@st …` line: for each value, the start timestamp as an offset in milliseconds
    /// from that sample's timestamp, or nil where the line has `_`. Nil when the series has no `@st` line.
    public var startTimestampOffsets: [Int64?]?
    /// 1-based line of the values line.
    public var line: Int

    public init(labels: Labels, values: [SeriesValues.Value], startTimestampOffsets: [Int64?]? = nil, line: Int) {
        self.labels = labels
        self.values = values
        self.startTimestampOffsets = startTimestampOffsets
        self.line = line
    }

    /// Samples as stored, with their timestamps: `_` positions are dropped.
    public func samples(step: Int64) -> [(t: Int64, value: SeriesValues.Value, startTimestamp: Int64?)] {
        var out: [(t: Int64, value: SeriesValues.Value, startTimestamp: Int64?)] = []
        for (i, v) in values.enumerated() {
            if case .missing = v { continue }
            let t = Int64(i) * step
            let st = startTimestampOffsets.flatMap { $0[i] }.map { t + $0 }
            out.append((t, v, st))
        }
        return out
    }
}
