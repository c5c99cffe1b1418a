import Foundation
import Testing
import TimeSeries
@testable import LogQL

/// Random LogQL from the grammar, over random small streams: the engine answers or refuses, never traps, and
/// every query finishes. The generator follows the grammar (selectors, every pipeline stage, unwrap, range
/// and vector aggregations, binary operators, label_replace, vector, offset) with values chosen to provoke
/// edge cases: empty and huge numbers, bad durations, invalid JSON, ANSI codes, IPs, Unicode.
private struct QueryGenerator {
    var rng: SplitMix64

    mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }

    mutating func selector() -> String {
        pick([#"{app="a"}"#, #"{app=~"a|b"}"#, #"{app=~".+", pod!="p1"}"#, #"{pod=~"p.*", app!~"z"}"#, #"{app="none"}"#])
    }

    mutating func literal() -> String {
        pick([#""error""#, #""""#, #""(?i)ERR""#, #""a.*b""#, #""<_> x <_>""#, #""n=1""#, #""é""#, #"`\d+`"#, #""[""#])
    }

    mutating func lineFilter() -> String {
        let op = pick(["|=", "!=", "|~", "!~", "|>", "!>"])
        var values = [op == "|>" || op == "!>" ? pick([#""<_> x <_>""#, #""<_>=<_>""#, #""a<_>""#]) : literal()]
        if chance(30) { values.append(pick([#"ip("10.0.0.0/8")"#, #"ip("::1")"#, #"ip("1.2.3.4-1.2.3.9")"#, literal()])) }
        if (op == "|~" || op == "!~") { values = values.filter { !$0.hasPrefix("ip(") } }
        if (op == "|>" || op == "!>") { values = values.filter { !$0.hasPrefix("ip(") } }
        return op + " " + values.joined(separator: " or ")
    }

    mutating func labelName() -> String { pick(["n", "level", "status", "latency", "size", "a", "app", "__error__", "msg", "b_c", "ip"]) }

    mutating func labelFilter() -> String {
        let name = labelName()
        let single: String
        switch rng.next() % 6 {
        case 0: single = "\(name) \(pick([">", ">=", "<", "<=", "==", "!="])) \(pick(["0", "-1", "1.5", "1e300", "5"]))"
        case 1: single = "\(name) \(pick([">", "<=", "=="])) \(pick(["1s", "250ms", "-1h", "1h30m"]))"
        case 2: single = "\(name) \(pick([">", "<", "=="])) \(pick(["1KB", "20MiB", "0B"]))"
        case 3: single = "\(name)\(pick(["=", "!=", "=~", "!~"]))\(pick([#""""#, #""error""#, #"".+""#, #""e.*""#]))"
        case 4: single = "\(name)\(pick(["=", "!="]))ip(\(pick([#""10.0.0.0/8""#, #""::/0""#])))"
        default: single = "(\(labelFilterLeaf()) \(pick(["and", "or", ","])) \(labelFilterLeaf()))"
        }
        return single
    }

    mutating func labelFilterLeaf() -> String { "\(labelName()) \(pick([">", "<"])) \(pick(["1", "2s", "3KB"]))" }

    mutating func stage() -> String {
        switch rng.next() % 12 {
        case 0, 1: return lineFilter()
        case 2: return pick(["| json", #"| json x="a.b", y="c[0]", z="[\"k\"]""#, "| json n"])
        case 3: return pick(["| logfmt", "| logfmt --strict", "| logfmt --keep-empty", "| logfmt --strict --keep-empty n, s=\"status\""])
        case 4: return pick([#"| regexp "(?P<n>\\d+)""#, #"| regexp "(?P<level>\\w+)=(?P<v>.*)""#])
        case 5: return pick([#"| pattern "<a> <b>""#, #"| pattern "<_>=<v>""#, "| unpack"])
        case 6, 7: return "| " + labelFilter()
        case 8: return pick([#"| line_format "{{.n}} {{ __line__ | upper }}""#, #"| line_format "{{ repeat 3 .a }}""#,
                             #"| line_format "{{ unixToTime .n }}""#, #"| line_format "{{ div 1 0 }}""#])
        case 9: return pick([#"| label_format x="{{.n}}", moved=level"#, "| label_format app=n"])
        case 10: return pick(["| drop n, level=\"info\"", "| keep app, n", "| drop __error__, __error_details__"])
        default: return "| decolorize"
        }
    }

    mutating func logQuery() -> String {
        var q = selector()
        for _ in 0..<Int(rng.next() % 5) { q += " " + stage() }
        return q
    }

    mutating func range() -> String {
        "[\(pick(["1s", "10s", "1m", "5m", "1h"]))]" + (chance(20) ? " offset \(pick(["10s", "-1m", "1h"]))" : "")
    }

    mutating func rangeAggregation() -> String {
        if chance(50) {
            let op = pick(["count_over_time", "rate", "bytes_over_time", "bytes_rate", "absent_over_time"])
            return "\(op)(\(logQuery()) \(range()))"
        }
        let op = pick(["sum_over_time", "avg_over_time", "min_over_time", "max_over_time", "first_over_time", "last_over_time",
                       "stddev_over_time", "stdvar_over_time", "quantile_over_time", "rate", "rate_counter"])
        let unwrap = pick(["n", "duration(latency)", "duration_seconds(latency)", "bytes(size)", "status"])
        let post = chance(50) ? #" | __error__="""# : ""
        let parameter = op == "quantile_over_time" ? pick(["0.5", "0.99", "2", "-1"]) + ", " : ""
        var out = "\(op)(\(parameter)\(logQuery()) | logfmt | unwrap \(unwrap)\(post) \(range()))"
        if ["avg_over_time", "min_over_time", "max_over_time", "first_over_time", "last_over_time", "stddev_over_time",
            "stdvar_over_time", "quantile_over_time"].contains(op), chance(30) {
            out += pick([" by (app)", " without (pod)", " by ()"])
        }
        return out
    }

    mutating func metric(depth: Int = 0) -> String {
        if depth > 3 { return rangeAggregation() }
        switch rng.next() % 8 {
        case 0, 1, 2: return rangeAggregation()
        case 3:
            let op = pick(["sum", "avg", "min", "max", "count", "stddev", "stdvar", "sort", "sort_desc"])
            let grouping = op.hasPrefix("sort") ? "" : pick(["", " by (app)", " without (pod)", " by (app, n)"])
            return "\(op)\(grouping) (\(metric(depth: depth + 1)))"
        case 4:
            return "\(pick(["topk", "bottomk"]))(\(pick(["1", "3", "0", "1e20"])), \(metric(depth: depth + 1)))"
        case 5:
            let op = pick(["+", "-", "*", "/", "%", "^", "==", "!=", ">", ">=", "<", "<=", "and", "or", "unless"])
            let isSet = ["and", "or", "unless"].contains(op)
            let isCmp = ["==", "!=", ">", ">=", "<", "<="].contains(op)
            let modifier = isCmp && chance(50) ? " bool" : ""
            let matching = chance(40) ? pick([" on (app)", " ignoring (pod)", " on (app) group_left", " ignoring (n) group_right", " on ()"]) : ""
            let rhs = !isSet && chance(40) ? pick(["2", "0", "-1", "1e308"]) : metric(depth: depth + 1)
            let m = rhs.first?.isNumber == true || rhs.hasPrefix("-") ? "" : (isSet ? matching.replacingOccurrences(of: " group_left", with: "").replacingOccurrences(of: " group_right", with: "") : matching)
            return "\(metric(depth: depth + 1)) \(op)\(modifier)\(m) \(rhs)"
        case 6:
            return #"label_replace(\#(metric(depth: depth + 1)), "dst", "$1-$2", "\#(labelName())", "\#(pick(["(.*)", "p(\\d)", "(a)|(b)", ""]))")"#
        default:
            return "vector(\(pick(["1", "-0", "NaN", "Inf", "1e308"])))"
        }
    }
}

private func randomStore(_ rng: inout SplitMix64) throws -> LogStore {
    let lines = [
        #"{"n":"5","level":"error","status":503,"latency":"250ms","size":"2KB","a":{"b":[1,{"c":2}]}}"#,
        #"{"n":1e400,"app":"x","msg":"caf\u00e9"}"#, "{", "[1,2]", "null", #"{"_entry":"inner","level":"info"}"#,
        "n=1 level=info latency=1s size=10MB status=200", "n=NaN latency=-5m size=-1KB", "n=9999999999999999999999 =x \"q",
        "level=error msg=\"unterminated", "\u{1B}[31mred\u{1B}[0m n=3", "from 10.1.2.3 to ::1", "é ü 😀 n=2", "", " ",
        "a=b=c", "latency=1y size=1EB status=abc",
    ]
    var s = LogStore()
    let streams: [Labels] = [Labels(["app": "a", "pod": "p1"]), Labels(["app": "a", "pod": "p2"]), Labels(["app": "b"])]
    for labels in streams {
        var entries: [LogEntry] = []
        for _ in 0..<Int(rng.next() % 12) {
            let t = Int64(rng.next() % 120) * second + Int64(rng.next() % 3)
            let metadata = rng.next() % 4 == 0 ? Labels(["n": "7", "trace": "t"]) : .empty
            entries.append(LogEntry(timestamp: t, line: lines[Int(rng.next() % UInt64(lines.count))], metadata: metadata))
        }
        try s.append(entries, to: labels)
    }
    return s
}

@Test func randomQueriesOverRandomStreamsNeverTrap() throws {
    var gen = QueryGenerator(rng: SplitMix64(state: 0xC0FFEE))
    var data = SplitMix64(state: 0xDA7A)
    var options = LogQLEngine.Options()
    options.maxEntriesScanned = 100_000
    options.maxResultSamples = 100_000
    let engine = LogQLEngine(options: options)
    let deadline = Date().addingTimeInterval(15)
    var runs = 0, parsed = 0, answered = 0, refused = 0
    var reasons: [String: Int] = [:]
    while runs < 20_000, Date() < deadline {
        runs += 1
        let s = try randomStore(&data)
        let query = gen.chance(25) ? gen.logQuery() : gen.metric()
        guard let expr = try? LogQLEngine.parse(query) else { continue }
        parsed += 1
        let t = Int64(gen.rng.next() % 150) * second
        do {
            if expr.isMetricQuery {
                _ = try engine.instantQuery(expr, at: t, store: s)
                _ = try engine.rangeQuery(expr, start: t, end: t + 60 * second, step: 7 * second, store: s)
            } else {
                _ = try engine.rangeQuery(expr, start: 0, end: t, step: second, limit: 50, direction: gen.chance(50) ? .forward : .backward, store: s)
            }
            answered += 1
        } catch {
            refused += 1
            reasons[String(error.message.prefix(48)), default: 0] += 1
        }
    }
    print("LogQL engine random test: \(runs) queries, \(parsed) parsed, \(answered) answered, \(refused) refused")
    for (reason, n) in reasons.sorted(by: { $0.value > $1.value }).prefix(8) { print("  refused \(n)×: \(reason)") }
    #expect(parsed > runs / 2)
    #expect(answered > parsed / 3)
}
