import Rules

/// What `promtool check rules` prints for one file, for a promtool-compatible CLI.
public enum PromtoolRulesSummary {
    public struct Output: Sendable, Equatable {
        public var stdout: String
        public var stderr: String
        /// Errors or lint findings: promtool's `failed`.
        public var failed: Bool
        /// Real errors, not only lint findings (promtool exits 1 for these, 3 for lint with `--lint-fatal`).
        public var hasErrors: Bool
    }

    /// `Checking <file>`, then `  SUCCESS: N rules found`, or `  FAILED:` with the errors (one per line,
    /// `file:line:col: message`) or with the duplicate-rule lint report (`lint error N duplicate rule(s) found.` ...).
    public static func render(_ result: RuleLoadResult, lintDuplicates: Bool = true) -> Output {
        var out = Output(stdout: "Checking \(result.fileName)\n", stderr: "", failed: false, hasErrors: false)
        if !result.errors.isEmpty {
            out.stderr = "  FAILED:\n" + result.errors.map { $0.shortDescription + "\n" }.joined()
            out.failed = true
            out.hasErrors = true
            return out
        }
        let duplicates = lintDuplicates ? result.duplicateRules : []
        if !duplicates.isEmpty {
            out.stderr = "  FAILED:\nlint error " + DuplicateRuleLint.report(duplicates) + "\n"
            out.failed = true
        } else {
            out.stdout += "  SUCCESS: \(result.ruleCount) rules found\n"
        }
        out.stdout += "\n"
        return out
    }
}
