import ArgumentParser
import Foundation
import LogQL
import PromQL
import RuleTesting
import Server
import TimeSeries

/// `vigil query --logql`: LogQL over a file of log streams, with the same time options and output forms as
/// the PromQL path. Times in the options are milliseconds as there; the LogQL engine takes nanoseconds.
extension QueryCommand {
    func runLogQL() throws {
        do throws(QueryError) {
            let result = try evaluateLogQL()
            print(format == .json ? LogQLQueryOutput.json(result) : LogQLQueryOutput.table(result))
        } catch {
            if format == .json {
                print(QueryOutput.jsonError(error))
            } else {
                FileHandle.standardError.write(Data("error: \(error.type.rawValue): \(error.apiMessage)\n".utf8))
            }
            throw ExitCode(1)
        }
    }

    private func evaluateLogQL() throws(QueryError) -> LogQLResult {
        if !series.isEmpty || seriesFile != nil {
            throw QueryError("--series and --series-file hold PromQL series; --logql reads --streams-file", type: .badData, parameter: "series")
        }
        guard let logDirection = LogDirection(rawValue: direction) else {
            throw QueryError("invalid direction \(quoteGo(direction)): forward or backward", type: .badData, parameter: "direction")
        }
        let spacing = try durationParameter(interval, "interval") / 1_000_000
        guard spacing > 0 else {
            throw QueryError("zero or negative intervals between repeated lines are not accepted", type: .badData, parameter: "interval")
        }
        let timeoutNanoseconds = try durationParameter(timeout, "timeout")
        let store = try loadStreams(spacing: spacing)
        // The newest line's time; 0 for an empty store.
        let lastLine = store.streams.values.compactMap { $0.entries.last?.timestamp }.max() ?? 0

        var options = LogQLEngine.Options()
        options.timeout = .nanoseconds(timeoutNanoseconds)
        let engine = LogQLEngine(options: options)
        let expr: LogQLExpr
        do { expr = try LogQLEngine.parse(expression) } catch { throw Self.queryError(error) }

        if start != nil || end != nil || expr.isLogQuery {
            let rangeStart = try start.map { text throws(QueryError) in try nanoseconds(timeParameter(text, "start"), "start") } ?? 0
            // A log query reads [start, end): by default it ends just after the last line, so that line is included.
            let defaultEnd = expr.isLogQuery && lastLine < .max ? lastLine + 1 : lastLine
            let rangeEnd = try end.map { text throws(QueryError) in try nanoseconds(timeParameter(text, "end"), "end") } ?? defaultEnd
            let rangeStep = try durationParameter(step, "step")
            do {
                return try engine.rangeQuery(expr, start: rangeStart, end: rangeEnd, step: rangeStep, limit: limit,
                                             direction: logDirection, store: store)
            } catch { throw Self.queryError(error) }
        }
        let instant = try time.map { text throws(QueryError) in try nanoseconds(timeParameter(text, "time"), "time") } ?? lastLine
        do { return try engine.instantQuery(expr, at: instant, store: store) } catch { throw Self.queryError(error) }
    }

    private func loadStreams(spacing: Int64) throws(QueryError) -> LogStore {
        guard let streamsFile else { return LogStore() }
        do {
            let streams = try UnitTestFileReader().readStreams(text: try SourceFile.read(streamsFile), file: streamsFile)
            return try LogInputStream.store(streams, start: 0, defaultStep: spacing)
        } catch let error as UnitTestFileReader.Failure {
            throw QueryError(error.description, type: .badData, parameter: "streams-file")
        } catch let error as NotationError {
            throw QueryError("\(streamsFile): \(error.message)", type: .badData, parameter: "streams-file")
        } catch let error as SourceFile.ReadError {
            throw QueryError("cannot read \(streamsFile): \(error.reason)", type: .badData, parameter: "streams-file")
        } catch {
            throw QueryError("\(streamsFile): \(error)", type: .badData, parameter: "streams-file")
        }
    }

    /// Milliseconds (the API's time parameters) to the LogQL engine's nanoseconds.
    private func nanoseconds(_ milliseconds: Int64, _ name: String) throws(QueryError) -> Int64 {
        let (ns, overflow) = milliseconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { throw QueryError("\(name) is out of range for nanosecond timestamps", type: .badData, parameter: name) }
        return ns
    }

    private static func queryError(_ error: LogQLQueryError) -> QueryError {
        let type: QueryError.ErrorType
        switch error.kind {
        case .badData, .limit: type = .badData
        case .execution: type = .execution
        case .timeout: type = .timeout
        case .canceled: type = .canceled
        }
        return QueryError(error.message, type: type)
    }
}

extension LogQLExpr {
    var isLogQuery: Bool {
        if case .log = self { return true }
        return false
    }
}

/// LogQL results as Loki's query API prints them (`--format json`), or as the PromQL path's table.
enum LogQLQueryOutput {
    /// The answer of Loki's query API (the same encoder as `vigil logstore`'s), without its `stats`.
    static func json(_ result: LogQLResult) -> String { LokiQueryJSON.success(result).text }

    static func table(_ result: LogQLResult) -> String {
        var rows: [(String, String)] = []
        switch result {
        case .scalar(_, let v): rows = [("scalar", GoFloat.formatF(v))]
        case .vector(let samples): rows = samples.map { ($0.labels.metricStyle, GoFloat.formatF($0.value)) }
        case .matrix(let series):
            rows = series.map { s in
                (s.labels.metricStyle, s.floats.map { "\(GoFloat.formatF($0.v)) @\(seconds($0.t))" }.joined(separator: "  "))
            }
        case .streams(let streams):
            rows = streams.flatMap { s in s.entries.map { (s.labels.metricStyle, "\(seconds($0.timestamp))  \($0.line)") } }
        }
        let width = rows.map(\.0.count).max() ?? 0
        let out = rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        return out.isEmpty ? "(empty result)" : out.joined(separator: "\n")
    }

    /// Nanoseconds as seconds, exactly (`90`, `1.5`, `0.000000001`), as Loki prints sample times.
    static func seconds(_ t: Int64) -> String {
        let whole = t / 1_000_000_000, fraction = abs(t % 1_000_000_000)
        let sign = t < 0 && whole == 0 ? "-" : ""
        if fraction == 0 { return "\(sign)\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 9 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(sign)\(whole).\(digits)"
    }
}
