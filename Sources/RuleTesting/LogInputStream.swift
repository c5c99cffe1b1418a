import Foundation
import LogQL
import PromQL
import TimeSeries

/// `input_streams`: one log stream of a LogQL rule test (a Vigil extension of promtool's format), and the
/// file of streams `vigil query --logql --streams-file` reads.
///
///     - labels: '{job="talos-kernel", node="talos-1"}'
///       lines:
///         - '0s "eth0: Link is Up"'                      # one line at 0s
///         - '2m x3 "BTRFS error (device sdb): ..."'       # three lines: 2m, 3m, 4m (the group's interval)
///         - '30s+10s x6 `iscsid: connection1:0 error`'   # six lines: 30s, 40s, … 80s
///
/// A line is `TIME[+STEP] [xCOUNT] TEXT`: TIME and STEP are Prometheus durations from the test's start,
/// COUNT (default 1) is how many lines are written, STEP apart (the test group's `interval` when not
/// given), and TEXT is a Go string literal, double-quoted with escapes or in backticks without.
public struct LogInputStream: Sendable {
    public var labels: Labels
    public var lines: [LogLineRun]
    public var position: SourcePosition

    public init(labels: Labels, lines: [LogLineRun], position: SourcePosition) {
        self.labels = labels
        self.lines = lines
        self.position = position
    }

    /// The stream's labels as written (`{job="a"}`); a stream needs at least one, as in Loki.
    public static func parseLabels(_ text: String) throws(NotationError) -> Labels {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let labels: Labels
        let end: Int
        do { (labels, end) = try SeriesDescription.parse(prefixOf: trimmed) } catch {
            throw NotationError("stream labels \(quoteGo(text)): \(error.message)")
        }
        if !String(trimmed.unicodeScalars.dropFirst(end)).trimmingCharacters(in: .whitespaces).isEmpty {
            throw NotationError("stream labels \(quoteGo(text)): unexpected text after the closing brace")
        }
        if labels.isEmpty { throw NotationError("stream labels \(quoteGo(text)): a stream needs at least one label") }
        if labels["__name__"] != nil { throw NotationError("stream labels \(quoteGo(text)): a log stream has no metric name") }
        return labels
    }
}

/// One entry of `lines:`: the same text written `count` times, `step` apart from `offset`.
public struct LogLineRun: Sendable, Equatable {
    /// Milliseconds from the test's start.
    public var offset: Int64
    /// Milliseconds between the lines; nil: the test group's interval.
    public var step: Int64?
    public var count: Int
    public var text: String

    /// The most lines one entry may write: a typo such as `x10000000000` must not exhaust memory.
    public static let maxCount = 1_000_000

    public init(offset: Int64, step: Int64? = nil, count: Int = 1, text: String) {
        self.offset = offset
        self.step = step
        self.count = count
        self.text = text
    }

    public static func parse(_ written: String) throws(NotationError) -> LogLineRun {
        let scalars = Array(written.unicodeScalars)
        guard let quote = scalars.firstIndex(where: { $0 == "\"" || $0 == "`" || $0 == "'" }) else {
            throw NotationError("log line \(quoteGo(written)): expected TIME[+STEP] [xCOUNT] followed by a quoted line")
        }
        let head = String(String.UnicodeScalarView(scalars[..<quote])).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let literal = String(String.UnicodeScalarView(scalars[quote...])).trimmingCharacters(in: .whitespaces)
        guard head.count == 1 || head.count == 2 else {
            throw NotationError("log line \(quoteGo(written)): expected TIME[+STEP] [xCOUNT] before the quoted line")
        }
        let timeParts = head[0].split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let offset = try duration(timeParts[0], in: written)
        let step = try timeParts.count == 2 ? duration(timeParts[1], in: written) : nil
        if let step, step <= 0 { throw NotationError("log line \(quoteGo(written)): the step must be positive") }
        var count = 1
        if head.count == 2 {
            guard head[1].hasPrefix("x"), let n = Int(head[1].dropFirst()) else {
                throw NotationError("log line \(quoteGo(written)): expected xCOUNT, got \(quoteGo(head[1]))")
            }
            guard n >= 1, n <= maxCount else {
                throw NotationError("log line \(quoteGo(written)): the count must be between 1 and \(maxCount)")
            }
            count = n
        }
        let text: String
        do { text = try GoUnquote.unquote(literal) } catch {
            throw NotationError("log line \(quoteGo(written)): the line must be one Go string literal: \(error.message)")
        }
        return LogLineRun(offset: offset, step: step, count: count, text: text)
    }

    private static func duration(_ text: String, in written: String) throws(NotationError) -> Int64 {
        do { return try PromDuration(parsing: text).milliseconds } catch {
            throw NotationError("log line \(quoteGo(written)): \(error.message)")
        }
    }

    /// The lines' times in milliseconds, `start` being the test's time 0; nil when one is out of range.
    func times(start: Int64, defaultStep: Int64) -> [Int64]? {
        let step = self.step ?? defaultStep
        var out: [Int64] = []
        out.reserveCapacity(count)
        for i in 0..<Int64(count) {
            let (delta, o1) = step.multipliedReportingOverflow(by: i)
            let (rel, o2) = offset.addingReportingOverflow(delta)
            let (t, o3) = start.addingReportingOverflow(rel)
            if o1 || o2 || o3 { return nil }
            out.append(t)
        }
        return out
    }
}

public struct NotationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension LogInputStream {
    /// A log store holding `streams`: times are milliseconds from `start` (the test's time 0, in
    /// milliseconds since the epoch), stored in nanoseconds as the LogQL engine keeps them.
    public static func store(_ streams: [LogInputStream], start: Int64, defaultStep: Int64,
                             maxEntries: Int = 10_000_000) throws(NotationError) -> LogStore {
        var store = LogStore(maxEntries: maxEntries)
        for stream in streams {
            for run in stream.lines {
                guard let times = run.times(start: start, defaultStep: defaultStep) else {
                    throw NotationError("input_streams \(stream.labels): a line's time is out of range")
                }
                var entries: [LogEntry] = []
                entries.reserveCapacity(times.count)
                for t in times {
                    let (ns, overflow) = t.multipliedReportingOverflow(by: 1_000_000)
                    if overflow { throw NotationError("input_streams \(stream.labels): a line's time is out of range") }
                    entries.append(LogEntry(timestamp: ns, line: run.text))
                }
                do { try store.append(entries, to: stream.labels) } catch {
                    throw NotationError("input_streams \(stream.labels): \(error.message)")
                }
            }
        }
        return store
    }
}
