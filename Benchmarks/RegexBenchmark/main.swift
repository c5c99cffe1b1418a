// Times GoRegex on typical Prometheus label matchers against the previous ICU-based implementation, and the
// pathological `(x+x+)+y` on long values. Run: swift run -c release RegexBenchmark
import Foundation
import TimeSeries

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Realistic label values: jobs, instances, pods, status codes, log levels, paths.
func labelValues() -> [String] {
    var rng = SystemRandomNumberGenerator()
    var values: [String] = []
    let jobs = ["api", "web", "db", "node-exporter", "kube-state-metrics", "prometheus", "alertmanager", "loki",
                "grafana", "coredns", "etcd", "kubelet", "cadvisor", "ingress-nginx", "cert-manager"]
    for _ in 0..<200 {
        values.append(jobs.randomElement(using: &rng)!)
        values.append("node-\(Int.random(in: 1...12, using: &rng))")
        values.append("\(["2", "3", "4", "5"].randomElement(using: &rng)!)\(Int.random(in: 0...9, using: &rng))\(Int.random(in: 0...9, using: &rng))")
        values.append(["error", "ERROR: disk full", "warn", "info", "Error connecting to db", "debug"].randomElement(using: &rng)!)
        values.append("web-\(Int.random(in: 1000...99999, using: &rng))-\(["abcde", "fghij", "klmno"].randomElement(using: &rng)!)")
        values.append("10.0.\(Int.random(in: 0...255, using: &rng)).\(Int.random(in: 0...255, using: &rng)):9100")
        values.append(["/api/v1/query", "/metrics", "/healthz", "/api/v1/foo/bar", "/ready"].randomElement(using: &rng)!)
    }
    return values
}

let thirtyWay = (1...30).map { "service-\($0)" }.joined(separator: "|")
let patterns = ["api|web|db", ".*foo.*", "(?i)error.*", "5..", "[a-z]+-[0-9]+", "node-(1|2|3)", ".+", thirtyWay,
                "web-[0-9]+-.*", ".*-(abcde|klmno)", "10\\.0\\.[0-9]+\\.[0-9]+:9100", "/api/v1/.*"]

func time(_ iterations: Int, _ body: () -> Int) -> (Double, Int) {
    _ = body()  // warm up
    let start = now()
    var sink = 0
    for _ in 0..<iterations { sink &+= body() }
    return (Double(now() - start), sink)
}

// `RegexBenchmark --compile PATTERN` only compiles PATTERN in a loop, for profiling.
if let i = CommandLine.arguments.firstIndex(of: "--compile"), i + 1 < CommandLine.arguments.count {
    let p = CommandLine.arguments[i + 1]
    let t = now()
    for _ in 0..<100_000 { _ = try GoRegex(p, anchored: true, dotMatchesNewline: true) }
    print(String(format: "%.1f µs per compile", Double(now() - t) / 100_000 / 1000))
    exit(0)
}

let values = labelValues()
let rounds = 200
print("Label matching, anchored as Prometheus compiles matchers (^(?s:PATTERN)$), \(values.count) values x \(rounds) rounds")
print("pattern".padding(toLength: 34, withPad: " ", startingAt: 0) + "   ICU ns/match   GoRegex ns/match   LabelMatcher ns/match   matched")
for p in patterns {
    let icu = try ICURegex(p, anchored: true, dotMatchesNewline: true)
    let new = try GoRegex(p, anchored: true, dotMatchesNewline: true)
    let matcher = try LabelMatcher(.regexMatch, "l", p)
    for v in values where icu.matches(v) != new.matches(v) {
        print("  DISAGREE on \(p) \(v)")
    }
    let n = Double(values.count * rounds)
    let (tOld, a) = time(rounds) { values.reduce(0) { $0 + (icu.matches($1) ? 1 : 0) } }
    let (tNew, b) = time(rounds) { values.reduce(0) { $0 + (new.matches($1) ? 1 : 0) } }
    let (tMatcher, c) = time(rounds) { values.reduce(0) { $0 + (matcher.matches($1) ? 1 : 0) } }
    precondition(a == b && b == c)
    let name = p.count > 32 ? String(p.prefix(29)) + "..." : p
    print(name.padding(toLength: 34, withPad: " ", startingAt: 0)
          + String(format: "   %13.1f   %16.1f   %21.1f   %7d", tOld / n, tNew / n, tMatcher / n, b / rounds))
}

print("")
/// The best of five runs, in milliseconds, and the answer.
func best(_ body: () -> Bool) -> (Double, Bool) {
    var fastest = Double.infinity
    var answer = false
    for _ in 0..<5 {
        let t = now()
        answer = body()
        fastest = min(fastest, Double(now() - t) / 1e6)
    }
    return (fastest, answer)
}

print("Compiling (µs per pattern, anchored as above)")
for p in patterns {
    let count = 2000
    var t = now()
    for _ in 0..<count { _ = try ICURegex(p, anchored: true, dotMatchesNewline: true) }
    let old = Double(now() - t) / Double(count) / 1000
    t = now()
    for _ in 0..<count { _ = try GoRegex(p, anchored: true, dotMatchesNewline: true) }
    let new = Double(now() - t) / Double(count) / 1000
    let name = p.count > 32 ? String(p.prefix(29)) + "..." : p
    print(name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "   ICU %7.1f   GoRegex %7.1f", old, new))
}

print("")
print("Pathological (x+x+)+y on n x's (no match exists), best of 5 runs")
for n in [100_000, 200_000] {
    let text = String(repeating: "x", count: n)
    let anchored = try GoRegex("(x+x+)+y", anchored: true, dotMatchesNewline: true)
    let search = try GoRegex("(x+x+)+y")
    let (tAnchored, m1) = best { anchored.matches(text) }
    let (tSearch, m2) = best { search.matches(text) }
    let (tGroups, m3) = best { search.firstMatchGroups(text) != nil }
    let (tAnchoredGroups, m4) = best { anchored.firstMatchGroups(text) != nil }
    print(String(format: "n=%7d  label matcher (DFA) %7.2f ms   search (DFA) %7.2f ms   search with groups (Pike VM) %7.2f ms   anchored with groups (Pike VM) %7.2f ms", n, tAnchored, tSearch, tGroups, tAnchoredGroups)
          + "   matched: \(m1 || m2 || m3 || m4)")
}
print("ICU (old implementation) on the same pattern, anchored, for small n:")
for n in [18, 20, 22, 24] {
    let text = String(repeating: "x", count: n)
    let icu = try ICURegex("(x+x+)+y", anchored: true, dotMatchesNewline: true)
    let t = now()
    let m = icu.matches(text)
    print(String(format: "n=%3d  %10.2f ms", n, Double(now() - t) / 1e6) + "   matched: \(m)")
}
