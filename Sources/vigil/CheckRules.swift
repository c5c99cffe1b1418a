import ArgumentParser
import Foundation
import Rules
import RuleTesting
import TimeSeries

/// `vigil check rules`: promtool's `check rules`, for every form a rule file takes.
struct CheckRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check rule files (plain, PrometheusRule, ConfigMap) for syntax and semantic errors.",
        discussion: """
            Exit status: 0 when every file is valid, 1 when any has errors, 3 when only lint findings were \
            reported and --lint-fatal is set (promtool's contract). Folders are searched for .yml/.yaml files; \
            unit-test files (with a top-level `tests:`) found that way are skipped.
            """
    )

    enum LanguageChoice: String, ExpressibleByArgument, CaseIterable {
        case prometheus, loki
    }

    enum Lint: String, ExpressibleByArgument, CaseIterable {
        case none
        case duplicateRules = "duplicate-rules"
        case all
    }

    @Option(name: .long, help: "The query language of the rules' expressions. A manifest can instead declare it with the annotation vigil.dev/query-language.")
    var type: LanguageChoice?

    @Option(name: .long, help: "Lint checks to apply: none, duplicate-rules, all.")
    var lint: Lint = .duplicateRules

    @Flag(name: .long, help: "Make lint findings exit with status 3.")
    var lintFatal = false

    @Argument(help: "Rule files or folders.")
    var paths: [String]

    func run() throws {
        var anyErrors = false
        var anyLint = false
        for file in RuleFilePaths.expand(paths, skippingUnitTests: true) {
            let language = type.map { $0 == .loki ? QueryLanguage.loki : .prometheus } ?? declaredLanguage(of: file)
            let loader = RuleLoader(options: .standard(language: language))
            let result = loader.load(contentsOf: file)
            var output = PromtoolRulesSummary.render(result, lintDuplicates: lint != .none)
            if !result.errors.isEmpty {
                // The full form: file:line:col, the offending line and a caret.
                output.stderr = "  FAILED:\n" + result.errors.map { $0.description + "\n" }.joined()
            }
            FileHandle.standardOutput.write(Data(output.stdout.utf8))
            FileHandle.standardError.write(Data(output.stderr.utf8))
            if output.hasErrors { anyErrors = true } else if output.failed { anyLint = true }
        }
        if anyErrors { throw ExitCode(1) }
        if anyLint && lintFatal { throw ExitCode(3) }
    }

    /// A manifest may say which language its rules use, so one command checks a mixed folder:
    /// `metadata.annotations["vigil.dev/query-language"]: loki`. Without it, rules are PromQL.
    private func declaredLanguage(of file: String) -> QueryLanguage {
        guard let text = try? SourceFile.read(file) else { return .prometheus }
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("vigil.dev/query-language:") {
                let value = trimmed.dropFirst("vigil.dev/query-language:".count)
                    .trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                return value == "loki" ? .loki : .prometheus
            }
        }
        return .prometheus
    }
}
