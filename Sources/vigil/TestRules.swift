import ArgumentParser
import Foundation
import PromQL
import RuleTesting
import TimeSeries

/// `vigil test`: `vigil test rules` runs promtool-format rule unit tests.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run unit tests.",
        subcommands: [TestRules.self]
    )
}

struct TestRules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Run rule unit tests in promtool's format.",
        discussion: """
            Runs the test files as `promtool test rules` does, with the same verdicts and exit status (0 when \
            every test passes, 1 otherwise). Rule files may also be PrometheusRule manifests or ConfigMaps. \
            Ends with a line `N passed, N failed` counting test groups.
            """
    )

    @Option(name: .customLong("run"), help: "Only run test groups whose name matches this regular expression. Repeatable.")
    var runPatterns: [String] = []

    @Option(name: .long, help: "Write a JUnit XML report to this file.")
    var junit: String?

    @Flag(name: .long, help: "Print the alerts at each evaluation step.")
    var debug = false

    @Flag(name: .long, help: "Show a line diff of expected against got under each failure.")
    var diff = false

    @Flag(name: .long, help: "Ignore unknown fields in test and rule files.")
    var ignoreUnknownFields = false

    @Flag(name: .long, help: "List every rule and how many test groups exercise it.")
    var coverage = false

    @Option(name: .customLong("enable-feature"), help: "promtool features: promql-experimental-functions, promql-delayed-name-removal, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers (comma-separated or repeated).")
    var features: [String] = []

    @Argument(help: "Test files.")
    var files: [String]

    func run() async throws {
        var options = RuleTestOptions()
        options.run = runPatterns
        options.debug = debug
        options.ignoreUnknownFields = ignoreUnknownFields
        for feature in features.flatMap({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }) {
            switch feature {
            case "promql-experimental-functions": options.parserOptions.experimentalFunctions = true
            case "promql-delayed-name-removal": options.delayedNameRemoval = true
            case "promql-duration-expr": options.parserOptions.durationExpressions = true
            case "promql-extended-range-selectors": options.parserOptions.extendedRangeSelectors = true
            case "promql-binop-fill-modifiers": options.parserOptions.binopFillModifiers = true
            case "": break
            default: FileHandle.standardError.write(Data("  WARNING: unknown feature \(feature)\n".utf8))
            }
        }
        do throws(GoRegex.SyntaxError) {
            _ = try RuleTestRunner.runMatchers(runPatterns)
        } catch {
            Terminal.standardError("vigil: error: invalid --run pattern: \(error.description)")
            throw ExitCode(1)
        }
        let runner = RuleTestRunner(options: options)
        let colour = Terminal.supportsColour
        var results: [TestFileResult] = []
        var passed = 0, failed = 0
        for file in files {
            Terminal.standardOutput("Unit Testing:  \(file)")
            let result = await runner.run(file: file) { Terminal.standardError($0) }
            results.append(result)
            for warning in result.warnings { Terminal.standardError(warning) }
            if result.passed {
                Terminal.standardOutput(colour ? "  \u{1B}[32mSUCCESS\u{1B}[0m" : "  SUCCESS")
            } else {
                Terminal.standardError(colour ? "  \u{1B}[31mFAILED:\u{1B}[0m" : "  FAILED:")
                for failure in result.failures {
                    Terminal.standardError(failure)
                    if diff, let d = FailureDiff.diff(failure) { Terminal.standardError(FailureDiff.render(d, colour: colour)) }
                    Terminal.standardOutput()
                }
            }
            Terminal.standardOutput()
            passed += result.groups.filter(\.passed).count
            failed += result.groups.filter { !$0.passed }.count + (result.fileErrors.isEmpty ? 0 : 1)
        }
        if let junit {
            try JUnitReport.xml(results).write(toFile: junit, atomically: true, encoding: .utf8)
        }
        if coverage { Terminal.standardOutput(RuleCoverage(results).report) }
        Terminal.standardOutput("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Output helpers: stderr lines, and colour only on a terminal that wants it.
enum Terminal {
    static var supportsColour: Bool {
        ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) != 0
    }

    /// Both streams are written unbuffered, so they stay in order on a terminal.
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func standardOutput(_ line: String = "") {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// A line diff of the `exp:` and `got:` parts of a promtool failure message.
enum FailureDiff {
    struct Line { var mark: Character; var text: String }

    static func diff(_ failure: String) -> [Line]? {
        guard let e = failure.range(of: "exp:"), let g = failure.range(of: "got:", range: e.upperBound..<failure.endIndex) else { return nil }
        let expected = String(failure[e.upperBound..<g.lowerBound])
        let got = String(failure[g.upperBound...])
        func lines(_ s: String) -> [String] {
            s.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .flatMap { $0.split(separator: ",", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) } }
                .filter { !$0.isEmpty && $0 != "[" && $0 != "]" }
        }
        let a = lines(expected), b = lines(got)
        // Longest common subsequence, so equal lines line up.
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [Line] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] { out.append(Line(mark: " ", text: a[i])); i += 1; j += 1 }
            else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] { out.append(Line(mark: "-", text: a[i])); i += 1 }
            else { out.append(Line(mark: "+", text: b[j])); j += 1 }
        }
        return out
    }

    static func render(_ lines: [Line], colour: Bool) -> String {
        "        diff (- expected, + got):\n" + lines.map { line in
            let text = "          \(line.mark) \(line.text)"
            guard colour else { return text }
            switch line.mark {
            case "-": return "\u{1B}[31m\(text)\u{1B}[0m"
            case "+": return "\u{1B}[32m\(text)\u{1B}[0m"
            default: return text
            }
        }.joined(separator: "\n")
    }
}
