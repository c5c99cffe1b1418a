import ArgumentParser
import Foundation
import GoTemplate
import PromQL
import Server
import TimeSeries

/// `vigil query`: evaluates PromQL locally over series written in the test-file notation.
///
/// The time and duration options read what Prometheus's query API reads for the same parameters, and
/// errors are reported as the API reports them: `error: <errorType>: <error>` (or the API's JSON with
/// `--format json`), exit status 1.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Evaluate a PromQL expression over series given in test-file notation, or LogQL over log streams.",
        discussion: """
            Series are written as in promtool unit tests and promqltest load blocks, one per --series or \
            per line of --series-file: `http_requests_total{job="api"} 0+10x60`, with `_` for a missing \
            sample and `stale` for a staleness marker. The i-th value is at i × --interval from time 0. \
            Times (--time, --start, --end) are what Prometheus's query API accepts, Unix seconds (`600`, \
            `1.5`) or RFC 3339 (`2024-01-02T03:04:05Z`), or a duration after time 0 (`10m`, `1h30m`). \
            Durations (--step, --interval, --timeout) are seconds or Prometheus durations. A range query may \
            have at most 11,000 steps, as in Prometheus.

            With --logql the expression is LogQL, evaluated by Vigil's LogQL engine over the streams of \
            --streams-file, a YAML list written as input_streams in rule unit tests: \
            `- {labels: '{job="a"}', lines: ['0s x10 "GET /"', '5m "error"']}` (a line is \
            TIME[+STEP] [xCOUNT] "TEXT"; STEP defaults to --interval). A metric query is evaluated at --time \
            (default: the last line's time) or over --start/--end/--step; a log query reads [--start, --end) \
            (default: all lines) and returns --limit entries in --direction. --format json prints Loki's \
            query API response.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, table }

    @Option(name: .long, help: "A series and its values, e.g. 'up{job=\"a\"} 1x10'. Repeatable.")
    var series: [String] = []

    @Option(name: .long, help: "A file of series, one per line (blank lines and # comments ignored).")
    var seriesFile: String?

    @Option(name: .long, help: "Spacing of the values of each series.")
    var interval: String = "1m"

    @Option(name: .long, help: "Evaluate once at this time (default: the last sample's time).")
    var time: String?

    @Option(name: .long, help: "Range query start.")
    var start: String?

    @Option(name: .long, help: "Range query end (default: the last sample's time).")
    var end: String?

    @Option(name: .long, help: "Range query step.")
    var step: String = "1m"

    @Option(name: .long, help: "Stop the query after this long (Prometheus's --query.timeout).")
    var timeout: String = "2m"

    @Option(name: .customLong("max-samples"), help: "The most samples the query may hold in memory at once (Prometheus's --query.max-samples).")
    var maxSamples: Int = 50_000_000

    @Option(name: .long, help: "json (as Prometheus's HTTP API) or table.")
    var format: Format = .table

    @Flag(name: .long, help: "Enable experimental functions and syntax.")
    var experimental = false

    @Flag(name: .long, help: "The expression is LogQL, evaluated over the log streams of --streams-file.")
    var logql = false

    @Option(name: .long, help: "With --logql: a YAML list of log streams in the notation of input_streams in rule unit tests.")
    var streamsFile: String?

    @Option(name: .long, help: "With --logql: the most entries a log query returns.")
    var limit: Int = 100

    @Option(name: .long, help: "With --logql: forward or backward (newest first), the order of a log query's entries.")
    var direction: String = "backward"

    @Argument(help: "The PromQL (or, with --logql, LogQL) expression.")
    var expression: String

    func run() throws {
        if logql { return try runLogQL() }
        if streamsFile != nil {
            FileHandle.standardError.write(Data("error: --streams-file needs --logql\n".utf8))
            throw ExitCode(1)
        }
        do throws(QueryError) {
            let result = try evaluate()
            print(format == .json ? QueryOutput.json(result) : QueryOutput.table(result))
        } catch {
            if format == .json {
                print(QueryOutput.jsonError(error))
            } else {
                FileHandle.standardError.write(Data("error: \(error.type.rawValue): \(error.apiMessage)\n".utf8))
            }
            throw ExitCode(1)
        }
    }

    /// Reads the options and series, then runs the query, in the order upstream's API checks its parameters.
    private func evaluate() throws(QueryError) -> QueryResult {
        let spacing = try Self.milliseconds(durationParameter(interval, "interval"))
        guard spacing > 0 else {
            throw QueryError("zero or negative intervals between series values are not accepted", type: .badData, parameter: "interval")
        }
        let timeoutNanoseconds = try durationParameter(timeout, "timeout")
        let (store, lastTime) = try loadSeries(spacing: spacing)

        var options = Engine.Options()
        options.parserOptions = experimental ? .all : PromQLParser.Options()
        options.maxSamples = maxSamples
        options.timeout = .nanoseconds(timeoutNanoseconds)
        let engine = Engine(options: options)

        if start != nil || end != nil {
            let rangeStart = try start.map { text throws(QueryError) in try timeParameter(text, "start") } ?? 0
            let rangeEnd = try end.map { text throws(QueryError) in try timeParameter(text, "end") } ?? lastTime
            let rangeStep = try Self.milliseconds(durationParameter(step, "step"))
            try engine.checkRange(start: rangeStart, end: rangeEnd, step: rangeStep)
            return try engine.rangeQuery(expression, start: rangeStart, end: rangeEnd, step: rangeStep, source: store)
        }
        let instant = try time.map { text throws(QueryError) in try timeParameter(text, "time") } ?? lastTime
        return try engine.instantQuery(expression, at: instant, source: store)
    }

    private func loadSeries(spacing: Int64) throws(QueryError) -> (SeriesStore, lastTime: Int64) {
        var lines = series
        if let seriesFile {
            do {
                let text = try String(contentsOfFile: seriesFile, encoding: .utf8)
                lines += text.split(separator: "\n").map(String.init)
            } catch {
                throw QueryError("cannot read \(seriesFile): \(error.localizedDescription)", type: .badData, parameter: "series-file")
            }
        }
        var store = SeriesStore()
        var lastTime: Int64 = 0
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let values: [SeriesValues.Value]
            let labels: Labels
            do {
                let (parsedLabels, end) = try SeriesDescription.parse(prefixOf: line)
                labels = parsedLabels
                values = try SeriesValues.parse(String(line.unicodeScalars.dropFirst(end)))
            } catch {
                throw QueryError("series \(n + 1): \(error): \(line)", type: .badData, parameter: "series")
            }
            for (i, value) in values.enumerated() {
                // The i-th value's time, which must stay within the timestamps Prometheus accepts.
                let (t, overflow) = Int64(i).multipliedReportingOverflow(by: spacing)
                guard !overflow, t <= APITimeParameters.maxTime else {
                    throw QueryError("series \(n + 1): value \(i + 1) would be at more than \(APITimeParameters.maxTime) ms; "
                                     + "use a shorter interval or fewer values", type: .badData, parameter: "series")
                }
                switch value {
                case .missing: continue
                case .float(let v): store.append(labels, t: t, v: v)
                case .histogram(let h): store.append(labels, t: t, histogram: h)
                }
                lastTime = max(lastTime, t)
            }
        }
        return (store, lastTime)
    }

    /// A time as the API reads it, or else a duration after time 0.
    func timeParameter(_ text: String, _ name: String) throws(QueryError) -> Int64 {
        do {
            return try APITimeParameters.timestamp(text)
        } catch {
            if let d = try? PromDuration(parsing: text) { return d.milliseconds }
            throw QueryError(error.message, type: .badData, parameter: name)
        }
    }

    /// A duration as the API reads it, in nanoseconds.
    func durationParameter(_ text: String, _ name: String) throws(QueryError) -> Int64 {
        do {
            return try APITimeParameters.durationNanoseconds(text)
        } catch {
            throw QueryError(error.message, type: .badData, parameter: name)
        }
    }

    /// Nanoseconds to the engine's milliseconds, truncating as upstream's `durationMilliseconds`.
    private static func milliseconds(_ nanoseconds: Int64) -> Int64 { nanoseconds / 1_000_000 }
}

/// Prints query results as Prometheus's HTTP API does, or as an aligned table.
enum QueryOutput {
    static func json(_ result: QueryResult) -> String { PrometheusQueryJSON.success(result) }

    /// An error response of Prometheus's HTTP API.
    static func jsonError(_ error: QueryError) -> String {
        #"{"status":"error","errorType":\#(jsonString(error.type.rawValue)),"error":\#(jsonString(error.apiMessage))}"#
    }

    static func table(_ result: QueryResult) -> String {
        var rows: [(String, String)] = []
        switch result.value {
        case .scalar(_, let v): rows = [("scalar", GoFloat.formatF(v))]
        case .string(_, let s): rows = [("string", s)]
        case .vector(let samples):
            rows = samples.map { ($0.labels.metricStyle, $0.histogram.map { "\($0)" } ?? GoFloat.formatF($0.value)) }
        case .matrix(let series):
            rows = series.map { s in
                (s.labels.metricStyle, s.floats.map { "\(GoFloat.formatF($0.v)) @\(seconds($0.t))" }.joined(separator: "  "))
            }
        }
        let width = rows.map(\.0.count).max() ?? 0
        var out = rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        out += result.annotations.warnings.map { "warning: \($0)" }
        out += result.annotations.infos.map { "info: \($0)" }
        return out.isEmpty ? "(empty result)" : out.joined(separator: "\n")
    }

    /// Seconds with millisecond precision, as the API prints timestamps (`1.5`, `60`).
    static func seconds(_ t: Int64) -> String { GoFloat.formatF(Double(t) / 1000) }

}

/// A JSON string literal, as Go (and so Prometheus's HTTP API) writes it.
func jsonString(_ s: String) -> String { GoJSON.quote(s) }
