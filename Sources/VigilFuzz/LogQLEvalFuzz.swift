import LogQL
import TimeSeries

/// LogQL evaluation: one input is a query and the log lines it runs over.
///
/// The first line of the input is the query; every further line (at most `maxInputLines`) is a log line,
/// added to four streams in turn beside a fixed set of JSON, logfmt and plain-text lines, so the parsers
/// (`json`, `logfmt`, `regexp`, `pattern`, `unpack`) and the formatters see both well-formed and mutated
/// text. A line may start with `@N ` (N: one to three digits) to put it at N seconds after the data's start
/// instead of its default place, so equal timestamps and window edges are reachable.
///
/// A metric query runs as two instant queries and one range query of 13 steps; a log query runs forward
/// and backward with small limits. The engine's options are tight (few entries scanned, few series, few
/// points, a one-second timeout), so a refusal is an ordinary outcome; libFuzzer's `-timeout` and
/// `-rss_limit_mb` turn anything the engine does not bound into a finding. Results are checked for
/// invariants the engine promises whatever the query: a log query returns at most `limit` entries of its
/// time range in its direction, and no two result series share a label set.
enum LogQLEvalFuzz {
    static let second: Int64 = 1_000_000_000
    /// The data's start: 2023-11-14T22:13:20Z, a realistic time for templates that format it.
    static let base: Int64 = 1_700_000_000 * second
    static let maxInputLines = 160

    static let streams: [Labels] = [
        Labels(["app": "api", "env": "prod", "level": "info"]),
        Labels(["app": "api", "env": "dev", "pod": "api-7f9c"]),
        Labels(["app": "web", "job": "nginx", "namespace": "default", "instance": "10.0.0.1:80"]),
        Labels(["app": "db", "service_name": "postgres", "filename": "/var/log/pg.log"]),
    ]

    /// Lines every input runs over: each parser's well-formed input, its usual errors, and text that is
    /// none of them. Label names collide with stream labels (`level`, `app`) on purpose (`_extracted`).
    static let fixedLines: [String] = [
        #"{"level":"error","msg":"request failed","status":500,"latency":"250ms","size":"1.5KB","user":{"id":7,"name":"ann"},"tags":["a","b"],"ip":"10.0.0.1"}"#,
        #"{"level":"info","msg":"ok \u00e9 \"quoted\"","status":"200","duration":1.25,"nested":{"deep":{"x":null}},"app":"inner"}"#,
        #"{"_entry":"level=warn msg=packed status=404","app":"packed","level":"warn"}"#,
        #"{"n":"7","bad":"#,
        #"[1,2,{"a":3}]"#,
        #"level=error msg="disk full" status=507 latency=1.5s size=20MiB caller=main.go:42"#,
        #"level=info ts=2023-11-14T22:13:20Z msg="hello world" duration=120ms bytes=512 standalone"#,
        #"key="unterminated value"#,
        #"a= b==c ="x" level=debug status=abc n=-1e300 latency=-1h size=0B"#,
        #"192.168.1.10 - - [14/Nov/2023:22:13:20 +0000] "GET /api/v1/query HTTP/1.1" 200 1024 "-" "curl/8.0""#,
        "2023-11-14 22:13:20 ERROR [worker-3] job 42 failed after 3 retries: timeout",
        "\u{1B}[31mERROR\u{1B}[0m coloured line \u{1B}[1;32mok\u{1B}[0m \u{1B}M",
        "",
        "client 2001:db8::1 connected from ::ffff:10.1.2.3 port 8080",
        "ünïcödé ✓ line\twith tabs and \u{0} a NUL",
        "n=1 latency=100ms size=1KB",
        "n=20 latency=2000ms size=20KB traceID=abc123",
        "Killed process 4242 (postgres) total-vm:1024kB",
    ]

    static let engine: LogQLEngine = {
        var options = LogQLEngine.Options()
        options.maxEntriesScanned = 4_000
        options.maxSeries = 300
        options.maxPointsPerSeries = 50
        options.maxEntriesLimit = 100
        options.maxResultSamples = 5_000
        options.timeout = .seconds(1)
        return LogQLEngine(options: options)
    }()

    /// The fixed lines twice, a minute apart, every third entry with structured metadata.
    static let fixedStore: LogStore = {
        var store = LogStore(maxEntries: 1_000)
        for round in 0..<2 {
            for (i, line) in fixedLines.enumerated() {
                let n = round * fixedLines.count + i
                let t = base + Int64(round) * 60 * second + Int64(i) * 5 * second
                let metadata = n % 3 == 0 ? Labels(["trace_id": "t\(n)", "level": "meta"]) : .empty
                add(&store, LogEntry(timestamp: t, line: line, metadata: metadata), to: streams[n % streams.count])
            }
        }
        return store
    }()

    static func add(_ store: inout LogStore, _ entry: LogEntry, to labels: Labels) {
        do { try store.append(entry, to: labels) } catch {
            fatalError("logql-eval: the fixed store refused an entry: \(error)")
        }
    }

    static func run(_ text: String) {
        let lines = text.split(separator: "\n", maxSplits: maxInputLines + 1, omittingEmptySubsequences: false)
        let query = String(lines.first ?? "")
        let expr: LogQLExpr
        do { expr = try LogQLEngine.parse(query) } catch { return }
        let store = store(lines.dropFirst().prefix(maxInputLines))
        switch expr {
        case .sample:
            for t in [base + 60 * second, base + 120 * second] {
                if let r = try? engine.instantQuery(expr, at: t, store: store) { check(r, query) }
            }
            if let r = try? engine.rangeQuery(expr, start: base, end: base + 120 * second, step: 10 * second, store: store) {
                check(r, query)
            }
        case .log:
            for (start, end, limit, direction) in [(base, base + 121 * second, 7, LogDirection.forward),
                                                  (base + 30 * second, base + 90 * second, 3, .backward)] {
                if let r = try? engine.rangeQuery(expr, start: start, end: end, step: second, limit: limit,
                                                  direction: direction, store: store) {
                    checkLogs(r, query, start: start, end: end, limit: limit, direction: direction)
                }
            }
        }
    }

    /// The fixed store plus the input's lines, given to the streams in turn; every fourth line has
    /// structured metadata.
    static func store(_ lines: some Sequence<Substring>) -> LogStore {
        var store = fixedStore
        for (i, raw) in lines.enumerated() {
            var line = raw
            // Default place: spread over the two minutes, out of order within each stream.
            var t = base + Int64((i * 37) % 250) * (second / 2)
            if let (seconds, rest) = timePrefix(line) {
                t = base + seconds * second
                line = rest
            }
            let metadata = i % 4 == 3 ? Labels(["trace_id": "i\(i)"]) : .empty
            add(&store, LogEntry(timestamp: t, line: String(line), metadata: metadata), to: streams[i % streams.count])
        }
        return store
    }

    /// `@N rest`: N seconds (one to three digits) and the line after the space.
    static func timePrefix(_ line: Substring) -> (Int64, Substring)? {
        guard line.first == "@" else { return nil }
        let digits = line.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard (1...3).contains(digits.count), let n = Int64(digits) else { return nil }
        let rest = line.dropFirst(1 + digits.count)
        guard rest.first == " " else { return nil }
        return (n, rest.dropFirst())
    }

    static func check(_ result: LogQLResult, _ query: String) {
        switch result {
        case .vector(let v):
            if Set(v.map(\.labels)).count != v.count {
                invariantFailed(.logqlEval, "an instant vector holds two samples with one label set: \(query.debugDescription)")
            }
        case .matrix(let m):
            if Set(m.map(\.labels)).count != m.count {
                invariantFailed(.logqlEval, "a matrix holds two series with one label set: \(query.debugDescription)")
            }
            for s in m where zip(s.floats, s.floats.dropFirst()).contains(where: { $0.t >= $1.t }) {
                invariantFailed(.logqlEval, "a series' samples are not in strictly increasing time order: \(query.debugDescription)")
            }
        case .scalar, .streams:
            break
        }
    }

    static func checkLogs(_ result: LogQLResult, _ query: String, start: Int64, end: Int64, limit: Int, direction: LogDirection) {
        guard case .streams(let streams) = result else {
            invariantFailed(.logqlEval, "a log query did not return streams: \(query.debugDescription)")
        }
        if Set(streams.map(\.labels)).count != streams.count {
            invariantFailed(.logqlEval, "a log query returned two streams with one label set: \(query.debugDescription)")
        }
        let entries = streams.flatMap(\.entries)
        if entries.count > limit {
            invariantFailed(.logqlEval, "a log query returned \(entries.count) entries, more than its limit \(limit): \(query.debugDescription)")
        }
        if entries.contains(where: { $0.timestamp < start || $0.timestamp >= end }) {
            invariantFailed(.logqlEval, "a log query returned an entry outside [start, end): \(query.debugDescription)")
        }
        for s in streams {
            let misordered = zip(s.entries, s.entries.dropFirst()).contains { a, b in
                direction == .forward ? a.timestamp > b.timestamp : a.timestamp < b.timestamp
            }
            if misordered {
                invariantFailed(.logqlEval, "a log stream's entries are not in the \(direction.rawValue) direction: \(query.debugDescription)")
            }
        }
    }
}
