import Foundation
import Testing
@testable import PromQLTestScripts

@Suite struct PromQLTestCommandTests {
    func temporaryFolder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("promqltest-\(UUID().uuidString)")
        let testdata = root.appendingPathComponent("testdata")
        try FileManager.default.createDirectory(at: testdata, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: name == "eval-index.tsv" ? root.appendingPathComponent(name) : testdata.appendingPathComponent(name),
                           atomically: true, encoding: .utf8)
        }
        return testdata
    }

    func run(_ arguments: [String], engine: (any PromQLTestEngine)? = FakeEngine()) -> (Int32, [String]) {
        var lines: [String] = []
        let status = PromQLTestCommand.run(arguments: arguments, engine: { engine }) { lines.append($0) }
        return (status, lines)
    }

    @Test func noEngine() {
        let (status, lines) = run(["x.test"], engine: nil)
        #expect(status == 2)
        #expect(lines == ["no PromQL engine is linked"])
    }

    @Test func usage() {
        #expect(run([]).0 == 2)
        #expect(run(["--bogus", "x"]).0 == 2)
    }

    @Test func summaryLinesAndExitStatus() throws {
        let dir = try temporaryFolder([
            "a.test": "eval instant at 0 1\n  1\n\neval instant at 0 2\n  3\n",
            "b.test": "eval instant at 0 1\n  1\n",
            "eval-index.tsv": "file\tline\tkind\tsubset\ttags\na.test\t1\tinstant\tcore\t-\na.test\t4\tinstant\textra\tnh\nb.test\t1\tinstant\tcore\t-\n",
        ])
        let (status, lines) = run([dir.path])
        #expect(status == 1)
        #expect(lines == ["a.test: 1 passed, 1 failed, 0 skipped", "b.test: 1 passed, 0 failed, 0 skipped", "2 passed, 1 failed, 0 skipped"])
        let (coreStatus, coreLines) = run(["--core-only", dir.path])
        #expect(coreStatus == 0)
        #expect(coreLines.last == "2 passed, 0 failed, 1 skipped")
        let (_, verbose) = run(["--verbose", "--no-cross-checks", dir.appendingPathComponent("a.test").path])
        #expect(verbose.contains { $0.contains("FAIL a.test:4: 2") })
    }

    @Test func rejectedFilesAndParseErrorsFailTheRun() throws {
        let dir = try temporaryFolder([
            "bad.test": "bogus\n",
            "unparsable.test": "eval instant at 0 broken(\n",
        ])
        let (status, lines) = run([dir.path])
        #expect(status == 1)
        #expect(lines.first == "bad.test: rejected: bad.test:1: invalid command \"bogus\"")
        #expect(lines.contains { $0.hasPrefix("error: unparsable.test:1: column 19: expression does not parse") })
        #expect(lines.last == "0 passed, 1 failed, 0 skipped")
    }
}
