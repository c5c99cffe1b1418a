// Times Vigil's LogQL engine on generated logs: 1,000,000 JSON lines in 10 streams over one hour.
//
//     swift run -c release LogQLBenchmark [--lines 1000000] [--query Q]...
//
// Prints, per query, the wall time and the lines the engine read per second.
import Foundation
import LogQL
import TimeSeries

var lineCount = 1_000_000
var queries: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    switch a {
    case "--lines": lineCount = Int(arguments.popFirst() ?? "") ?? lineCount
    case "--query": queries.append(arguments.popFirst() ?? "")
    default: print("usage: LogQLBenchmark [--lines N] [--query Q]..."); exit(2)
    }
}
if queries.isEmpty {
    queries = [
        #"sum(count_over_time({app="bench"} |= "request" | json [1h]))"#,
        #"sum by (level) (count_over_time({app="bench"} |= "request" | json | status >= 500 [1h]))"#,
        #"count_over_time({app="bench"} |= "error" [1h])"#,
        #"sum(count_over_time({app="bench"} | logfmt [1h]))"#,
        #"sum(count_over_time({app="bench"} |~ "status\":5\\d\\d" [1h]))"#,
    ]
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

let second: Int64 = 1_000_000_000
let hour = 3_600 * second
let streams = 10
let levels = ["info", "info", "info", "warn", "error"]
let methods = ["GET", "GET", "POST", "PUT", "DELETE"]
let statuses = [200, 200, 200, 201, 404, 500, 503]
let loadStart = now()
var store = LogStore(maxEntries: lineCount)
var rng = SystemRandomNumberGenerator()
let perStream = lineCount / streams
for s in 0..<streams {
    var entries: [LogEntry] = []
    entries.reserveCapacity(perStream)
    for i in 0..<perStream {
        let t = Int64(i) * (hour / Int64(perStream)) + Int64(s)
        let level = levels.randomElement(using: &rng) ?? "info"
        let line = #"{"msg":"request handled","level":"\#(level)","method":"\#(methods.randomElement(using: &rng) ?? "GET")","status":\#(statuses.randomElement(using: &rng) ?? 200),"path":"/api/v1/items","detail":"\#(level == "error" ? "error: upstream timeout" : "ok")"}"#
        entries.append(LogEntry(timestamp: t, line: line))
    }
    try store.append(entries, to: Labels(["app": "bench", "pod": "pod-\(s)"]))
}
print("loaded \(store.entryCount) lines in \(String(format: "%.2f", now() - loadStart)) s")

var options = LogQLEngine.Options()
options.maxEntriesScanned = lineCount
let engine = LogQLEngine(options: options)
for q in queries {
    let start = now()
    do {
        let result = try engine.instantQuery(q, at: hour, store: store)
        let seconds = now() - start
        var size = 0
        if case .vector(let v) = result { size = v.count }
        print(String(format: "%8.3f s  %10.0f lines/s  %3d series  %@", seconds, Double(store.entryCount) / seconds, size, q))
    } catch {
        print("error: \(error)  \(q)")
    }
}
