import Foundation
import Testing
@testable import PromQLTestScripts

/// Vigil's engine on upstream's PromQL test scripts, with the cross-checks on. The evals that fail must be
/// exactly those of `ExpectedEngineFailures` (each with its reason); any other failure, skip or file error
/// fails the test, and so does a listed eval that passes.
@Suite struct EngineConformanceTests {
    static var testdata: URL? {
        guard let dir = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"] else {
            print("SKIPPED EngineConformanceTests: VIGIL_CONFORMANCE_DIR is not set")
            return nil
        }
        let url = URL(fileURLWithPath: dir).appendingPathComponent("promql/testdata")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    @Test(.enabled(if: testdata != nil, "needs VIGIL_CONFORMANCE_DIR"))
    func failuresAreExactlyTheExpectedOnes() throws {
        let dir = try #require(Self.testdata)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".test") }.sorted()
        #expect(files.count == 21, "upstream's test scripts: \(files)")
        var passed = 0, failed = 0, skipped = 0
        var failing: [String: String] = [:]
        for name in files {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            let script = try ScriptParser.parse(text, file: name)
            let report = ScriptRunner(engine: VigilPromQLTestEngine()).run(script)
            print(report.summaryLine)
            #expect(report.errors.isEmpty, "\(name): \(report.errors)")
            passed += report.passed
            failed += report.failed
            skipped += report.skipped
            for outcome in report.outcomes where !outcome.passed {
                failing["\(name):\(outcome.line)"] = "\(outcome.expression): \(outcome.status)"
            }
        }
        print("PromQL conformance: \(passed) passed, \(failed) failed, \(skipped) skipped")
        let unexpected = failing.filter { ExpectedEngineFailures.list[$0.key] == nil }
        let nowPassing = ExpectedEngineFailures.list.keys.filter { failing[$0] == nil }
        #expect(unexpected.isEmpty, "new failures: \(unexpected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })")
        #expect(nowPassing.isEmpty, "listed as failing but passing now, remove them from ExpectedEngineFailures: \(nowPassing.sorted())")
    }
}
