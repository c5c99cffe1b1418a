import Foundation
import Testing
@testable import VigilFuzz

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replays every reproducer the fuzzers found (`Fuzz/regressions/<target>/<file>`) through the same
/// `FuzzTarget.run` the libFuzzer executables call, without sanitizers. Each input runs in a child process
/// (an exit test), so a trap or a stack overflow fails its own case instead of ending the test run; the
/// child is limited in memory and CPU time so a runaway input fails too rather than taking the machine.
///
/// Reproducers whose bug is not fixed yet are listed in `Fuzz/regressions/OPEN` (`target/file`, then an
/// optional `#` note) and are known issues: the case passes while the input still fails, and fails once
/// the input passes, so the fix's author removes the line.
struct RegressionReplayTests {
    static let regressions = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions")

    struct Case: Sendable, CustomTestStringConvertible {
        var target: FuzzTarget
        var file: String
        var id: String { "\(target.rawValue)/\(file)" }
        var testDescription: String { id }
    }

    static let cases: [Case] = FuzzTarget.allCases.flatMap { target -> [Case] in
        let folder = regressions.appendingPathComponent(target.rawValue)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { !$0.hasPrefix(".") }.sorted().map { Case(target: target, file: $0) }
    }

    static let open: Set<String> = {
        guard let text = try? String(contentsOf: regressions.appendingPathComponent("OPEN"), encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").compactMap { line in
            let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            return entry.isEmpty ? nil : entry
        })
    }()

    @Test func everyOpenEntryNamesAReproducer() {
        let ids = Set(Self.cases.map(\.id))
        #expect(Self.open.subtracting(ids).sorted() == [], "Fuzz/regressions/OPEN names files that do not exist")
    }

    @Test(arguments: cases)
    func replay(_ c: Case) async throws {
        let bytes = try [UInt8](Data(contentsOf: Self.regressions.appendingPathComponent(c.id)))
        let target = c.target.rawValue
        if Self.open.contains(c.id) {
            await withKnownIssue("open: \(c.id)") {
                await #expect(processExitsWith: .success) { [target = target as String, bytes = bytes as [UInt8]] in Self.runLimited(target, bytes) }
            }
        } else {
            await #expect(processExitsWith: .success) { [target = target as String, bytes = bytes as [UInt8]] in Self.runLimited(target, bytes) }
        }
    }

    /// Runs in the child process: 4 GiB of address space and 20 s of CPU, then the input. Most inputs run in
    /// well under a second in a debug build; one that the template engine stops at its 10,000,000-step
    /// budget takes about 6 s there (a fraction of a second in release).
    static func runLimited(_ target: String, _ bytes: [UInt8]) {
        var memory = rlimit(rlim_cur: 4 << 30, rlim_max: 4 << 30)
        setrlimit(Int32(RLIMIT_AS.rawValue), &memory)
        var cpu = rlimit(rlim_cur: 20, rlim_max: 20)
        setrlimit(Int32(RLIMIT_CPU.rawValue), &cpu)
        guard let t = FuzzTarget(rawValue: target) else { fatalError("unknown target \(target)") }
        t.run(bytes)
    }

    /// The targets themselves, in process: ordinary inputs and empty input run without trouble.
    @Test(arguments: FuzzTarget.allCases)
    func ordinaryInputs(_ target: FuzzTarget) {
        let inputs: [FuzzTarget: [String]] = [
            .promqlParse: ["", "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) > 0.1", "foo[5m:1m] @ start()"],
            .promqlEval: ["", "sum by (job) (rate(http_requests_total[2m]))", "histogram_quantile(0.9, rate(native_latency[2m]))",
                          "up == bool 1", "count_over_time(up[5m:30s])", "label_replace(up, \"x\", \"$1\", \"job\", \"(.*)\")"],
            .logqlParse: ["", "sum by (app) (rate({app=\"api\"} |= \"error\" | json | level=\"error\" [5m])) > 1"],
            .logqlEval: ["", "sum by (level) (count_over_time({app=\"api\"} | json | __error__=\"\" [1m]))\n{\"level\":\"warn\"}\n@60 plain",
                         "{app=~\".+\"} | logfmt | line_format \"{{.level}} {{ __line__ }}\"\nlevel=error msg=x",
                         "rate({app=\"db\"}[30s] offset 10s) * on() group_left vector(2)"],
            .template: ["", "{{ $labels.instance }} is {{ $value | humanize }}", "{{ range .Alerts }}{{ .Labels.alertname }}{{ end }}"],
            .ruleFile: ["", "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    for: 5m\n    annotations:\n      summary: '{{ $labels.job }}'\n"],
            .unitTestFile: ["", "rule_files: [r.yaml]\ntests:\n- interval: 1m\n  input_series:\n  - series: up{job=\"a\"}\n    values: 1+1x10 _ stale\n"],
        ]
        for input in inputs[target] ?? [] { target.run(Array(input.utf8)) }
    }
}

/// The logql-eval target's data and limits leave room for real answers: a target whose every query the
/// engine refused would fuzz nothing but the refusals.
struct LogQLEvalTargetTests {
    @Test func queriesOverTheTargetsDataAnswer() throws {
        let store = LogQLEvalFuzz.store(["@60 level=error msg=added", "plain"])
        let engine = LogQLEvalFuzz.engine
        let at = LogQLEvalFuzz.base + 60 * LogQLEvalFuzz.second
        // The fixed lines are spread over four streams, twice, a minute apart; the two added lines too.
        let counted = try engine.instantQuery(#"sum(count_over_time({app=~".+"}[5m]))"#, at: at + 120 * LogQLEvalFuzz.second, store: store)
        guard case .vector(let v) = counted else { Issue.record("not a vector: \(counted)"); return }
        #expect(v.map(\.value) == [Double(2 * LogQLEvalFuzz.fixedLines.count + 2)])
        // Parsed labels from the fixed JSON and logfmt lines (stream label `level` makes `level_extracted`).
        let levels = try engine.instantQuery(#"count by (level_extracted) (count_over_time({app="api", env="prod"} | logfmt | __error__="" [1m]))"#,
                                             at: at, store: store)
        guard case .vector(let byLevel) = levels else { Issue.record("not a vector: \(levels)"); return }
        #expect(byLevel.contains { $0.labels["level_extracted"] == "error" })
        let range = try engine.rangeQuery(#"rate({app="web"}[30s])"#, start: LogQLEvalFuzz.base,
                                          end: LogQLEvalFuzz.base + 120 * LogQLEvalFuzz.second, step: 10 * LogQLEvalFuzz.second, store: store)
        guard case .matrix(let m) = range else { Issue.record("not a matrix: \(range)"); return }
        #expect(!m.isEmpty)
        // A log query with the target's forward limit returns that many entries.
        let logs = try engine.rangeQuery(#"{app=~".+"} | json | line_format "{{.msg}}""#, start: LogQLEvalFuzz.base,
                                         end: LogQLEvalFuzz.base + 121 * LogQLEvalFuzz.second, step: LogQLEvalFuzz.second,
                                         limit: 7, direction: .forward, store: store)
        guard case .streams(let streams) = logs else { Issue.record("not streams: \(logs)"); return }
        #expect(streams.flatMap(\.entries).count == 7)
        // The `@N ` prefix places a line at N seconds.
        let placed = try engine.rangeQuery(#"{app="api", env="prod"} |= "msg=added""#, start: at, end: at + 1, step: LogQLEvalFuzz.second,
                                           store: store)
        guard case .streams(let found) = placed else { Issue.record("not streams: \(placed)"); return }
        #expect(found.flatMap(\.entries).map(\.line) == ["level=error msg=added"])
    }
}
