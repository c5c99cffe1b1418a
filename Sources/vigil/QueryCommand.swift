import ArgumentParser
import Foundation
import GoTemplate
import PromQL
import TimeSeries

/// `vigil query`: evaluates PromQL locally over series written in the test-file notation.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Evaluate a PromQL expression over series given in test-file notation.",
        discussion: """
            Series are written as in promtool unit tests and promqltest load blocks, one per --series or \
            per line of --series-file: `http_requests_total{job="api"} 0+10x60`, with `_` for a missing \
            sample and `stale` for a staleness marker. The i-th value is at i × --interval from time 0. \
            Times (--time, --start, --end) are durations from time 0 (`10m`, `1h30m`) or seconds (`600`).
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

    @Option(name: .long, help: "Range query end.")
    var end: String?

    @Option(name: .long, help: "Range query step.")
    var step: String = "1m"

    @Option(name: .long, help: "json (as Prometheus's HTTP API) or table.")
    var format: Format = .table

    @Flag(name: .long, help: "Enable experimental functions and syntax.")
    var experimental = false

    @Argument(help: "The PromQL expression.")
    var expression: String

    func run() throws {
        let spacing = try milliseconds(interval, "--interval")
        var lines = series
        if let seriesFile {
            let text = try String(contentsOfFile: seriesFile, encoding: .utf8)
            lines += text.split(separator: "\n").map(String.init)
        }
        var store = SeriesStore()
        var lastTime: Int64 = 0
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                let (labels, end) = try SeriesDescription.parse(prefixOf: line)
                let rest = String(line.unicodeScalars.dropFirst(end))
                for (i, value) in try SeriesValues.parse(rest).enumerated() {
                    let t = Int64(i) * spacing
                    switch value {
                    case .missing: continue
                    case .float(let v): store.append(labels, t: t, v: v)
                    case .histogram(let h): store.append(labels, t: t, histogram: h)
                    }
                    lastTime = max(lastTime, t)
                }
            } catch {
                throw ValidationError("series \(n + 1): \(error): \(line)")
            }
        }
        var options = Engine.Options()
        options.parserOptions = experimental ? .all : PromQLParser.Options()
        let engine = Engine(options: options)
        // Times are read before evaluating, so that only query errors reach the block below.
        let isRange = start != nil || end != nil
        let rangeStart = try milliseconds(start ?? "0", "--start")
        let rangeEnd = try milliseconds(end ?? "\(Double(lastTime) / 1000)", "--end")
        let rangeStep = try milliseconds(step, "--step")
        let instant = try time.map { try milliseconds($0, "--time") } ?? lastTime
        let result: QueryResult
        do throws(QueryError) {
            result = isRange
                ? try engine.rangeQuery(expression, start: rangeStart, end: rangeEnd, step: rangeStep, source: store)
                : try engine.instantQuery(expression, at: instant, source: store)
        } catch {
            if format == .json {
                print(#"{"status":"error","errorType":"bad_data","error":\#(jsonString(error.message))}"#)
            } else {
                FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            }
            throw ExitCode(1)
        }
        print(format == .json ? QueryOutput.json(result) : QueryOutput.table(result))
    }

    private func milliseconds(_ text: String, _ option: String) throws -> Int64 {
        if let seconds = Double(text) { return Int64((seconds * 1000).rounded()) }
        do { return try PromDuration(parsing: text).milliseconds } catch {
            throw ValidationError("\(option): \(error)")
        }
    }
}

/// Prints query results as Prometheus's HTTP API does, or as an aligned table.
enum QueryOutput {
    static func json(_ result: QueryResult) -> String {
        let data: String
        switch result.value {
        case .scalar(let t, let v):
            data = #"{"resultType":"scalar","result":\#(point(t, v))}"#
        case .string(let t, let s):
            data = #"{"resultType":"string","result":[\#(seconds(t)),\#(jsonString(s))]}"#
        case .vector(let samples):
            let items = samples.map { s in
                if let h = s.histogram {
                    return #"{"metric":\#(metric(s.labels)),"histogram":[\#(seconds(s.t)),\#(histogram(h))]}"#
                }
                return #"{"metric":\#(metric(s.labels)),"value":\#(point(s.t, s.value))}"#
            }
            data = #"{"resultType":"vector","result":[\#(items.joined(separator: ","))]}"#
        case .matrix(let series):
            let items = series.map { s -> String in
                var fields = [#""metric":\#(metric(s.labels))"#]
                if !s.floats.isEmpty { fields.append(#""values":[\#(s.floats.map { point($0.t, $0.v) }.joined(separator: ","))]"#) }
                if !s.histograms.isEmpty {
                    fields.append(#""histograms":[\#(s.histograms.map { "[\(seconds($0.t)),\(histogram($0.h))]" }.joined(separator: ","))]"#)
                }
                return "{" + fields.joined(separator: ",") + "}"
            }
            data = #"{"resultType":"matrix","result":[\#(items.joined(separator: ","))]}"#
        }
        var out = #"{"status":"success","data":\#(data)"#
        if !result.annotations.warnings.isEmpty {
            out += #","warnings":[\#(result.annotations.warnings.map(jsonString).joined(separator: ","))]"#
        }
        if !result.annotations.infos.isEmpty {
            out += #","infos":[\#(result.annotations.infos.map(jsonString).joined(separator: ","))]"#
        }
        return out + "}"
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

    static func point(_ t: Int64, _ v: Double) -> String { "[\(seconds(t)),\(jsonString(GoFloat.formatF(v)))]" }

    static func metric(_ labels: Labels) -> String {
        "{" + labels.map { "\(jsonString($0.name)):\(jsonString($0.value))" }.joined(separator: ",") + "}"
    }

    static func histogram(_ h: NativeHistogram) -> String {
        #"{"count":\#(jsonString(GoFloat.formatF(h.count))),"sum":\#(jsonString(GoFloat.formatF(h.sum)))}"#
    }
}

/// A JSON string literal, as Go (and so Prometheus's HTTP API) writes it.
func jsonString(_ s: String) -> String { GoJSON.quote(s) }
