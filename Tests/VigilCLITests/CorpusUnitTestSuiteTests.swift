import Foundation
import Testing

/// The promtool test suites that real projects keep beside their rules (`corpus/unit-tests`), run with
/// `vigil test rules` from each test file's own folder as their harnesses run promtool. Each file must give
/// the exit code `expected.tsv` records for Prometheus 3.x semantics.
@Suite struct CorpusUnitTestSuiteTests {
    static var verdicts: [UnitTestSuiteVerdicts.Entry] {
        guard let corpus = SharedData.corpus else {
            SharedData.noteSkip("CorpusUnitTestSuiteTests", "VIGIL_CORPUS_DIR")
            return []
        }
        return (try? UnitTestSuiteVerdicts.load(corpus)) ?? []
    }

    @Test(.enabled(if: SharedData.corpus != nil, "needs VIGIL_CORPUS_DIR"))
    func theVerdictListIsComplete() throws {
        let corpus = try #require(SharedData.corpus)
        let entries = try UnitTestSuiteVerdicts.load(corpus)
        // The README of the folder promises 43 files; a shorter list would hide suites from this test.
        #expect(entries.count == 43)
    }

    @Test(arguments: verdicts)
    func suiteGivesItsExpectedVerdict(_ entry: UnitTestSuiteVerdicts.Entry) throws {
        let corpus = try #require(SharedData.corpus)
        let file = corpus.appendingPathComponent("unit-tests").appendingPathComponent(entry.file)
        let result = try VigilProcess.run(["test", "rules", file.lastPathComponent],
                                          in: file.deletingLastPathComponent())
        #expect(result.exitCode == entry.expectedExitCode, "\(entry.file):\n\(result.output.suffix(4000))")
    }
}

/// `corpus/unit-tests/expected.tsv`: suite, test file (relative to that folder), expected exit code.
enum UnitTestSuiteVerdicts {
    struct Entry: Sendable, CustomTestStringConvertible {
        var suite: String
        var file: String
        var expectedExitCode: Int32
        var testDescription: String { file }
    }

    static func load(_ corpus: URL) throws -> [Entry] {
        let url = corpus.appendingPathComponent("unit-tests/expected.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Entry? in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 3, let code = Int32(fields[2]) else { return nil }
            return Entry(suite: fields[0], file: fields[1], expectedExitCode: code)
        }
    }
}
