import Rules
import RuleTesting

/// Rule-file loading in every form (plain, `PrometheusRule`, `ConfigMap`, several documents, `kind: List`)
/// with the standard validators — PromQL with every feature, LogQL, alert templates — for both query
/// languages, then what `vigil check rules` prints: located errors with their source line, warnings, and
/// the duplicate-rule lint.
enum RuleFileFuzz {
    static let loaders = [
        RuleLoader(options: .standard(language: .prometheus, promQL: .all)),
        RuleLoader(options: .standard(language: .loki)),
    ]

    static func run(_ text: String) {
        for loader in loaders {
            let result = loader.load(text: text, fileName: "fuzz.yaml")
            for issue in result.errors + result.warnings {
                _ = issue.description
            }
            _ = PromtoolRulesSummary.render(result, lintDuplicates: true)
        }
    }
}
