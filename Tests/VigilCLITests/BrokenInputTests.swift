import Foundation
import Testing

/// Each class of broken rule file gives a `file:line:col` error pointing into the file as written, shows the
/// line with a caret, and exits 1, as `promtool check rules` does for invalid files.
@Suite struct BrokenInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var extraArguments: [String] = []
        /// `file:line:col` (col may be left out where only the line is pinned).
        var location: String
        var messageFragment: String
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "bad-yaml.yaml", location: "bad-yaml.yaml:6:", messageFragment: "yaml"),
        Case(file: "unknown-field.yaml", location: "unknown-field.yaml:5:9:", messageFragment: "expresion"),
        Case(file: "bad-promql.yaml", location: "bad-promql.yaml:5:", messageFragment: "parse error"),
        Case(file: "bad-promql-block.yaml", location: "bad-promql-block.yaml:12:", messageFragment: "parse error"),
        Case(file: "bad-logql.yaml", extraArguments: ["--type", "loki"], location: "bad-logql.yaml:11:",
             messageFragment: "parse error"),
        Case(file: "bad-duration.yaml", location: "bad-duration.yaml:7:14:", messageFragment: "duration"),
        Case(file: "bad-label-name.yaml", location: "bad-label-name.yaml:7:11:", messageFragment: "label name"),
    ]

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/broken")

    @Test(arguments: cases)
    func brokenFileGivesLocatedErrorAndExitOne(_ c: Case) throws {
        let result = try VigilProcess.run(["check", "rules"] + c.extraArguments + [c.file], in: Self.fixtures)
        #expect(result.exitCode == 1, "\(result.output)")
        #expect(result.stdout.hasPrefix("Checking \(c.file)\n"))
        let errorLine = result.stderr.split(separator: "\n").first { $0.hasPrefix(c.location) }
        #expect(errorLine != nil, "expected an error at \(c.location), got:\n\(result.stderr)")
        #expect(errorLine?.contains(c.messageFragment) == true, "\(result.stderr)")
        // The offending line is quoted with a caret under the column.
        #expect(result.stderr.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "^" },
                "\(result.stderr)")
    }

    @Test func missingFileIsAnErrorNotACrash() throws {
        let result = try VigilProcess.run(["check", "rules", "does-not-exist.yaml"], in: Self.fixtures)
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("does-not-exist.yaml"))
    }

    @Test func oneBadFileFailsTheRunButTheOthersAreStillChecked() throws {
        let result = try VigilProcess.run(["check", "rules", "unknown-field.yaml", "bad-duration.yaml"], in: Self.fixtures)
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("Checking unknown-field.yaml"))
        #expect(result.stdout.contains("Checking bad-duration.yaml"))
    }
}
