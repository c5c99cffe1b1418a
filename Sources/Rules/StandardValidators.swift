import PromQL
import TimeSeries

/// The real parsers behind rule validation: PromQL for Prometheus rule files. (LogQL and Go templates join
/// as their targets land.) Kept in one place so the loader itself stays independent of the parsers.
extension RuleLoader.Options {
    /// Options that check expressions with Vigil's own parsers, as `promtool check rules` does.
    public static func standard(language: QueryLanguage = .prometheus,
                                promQL: PromQLParser.Options = PromQLParser.Options()) -> RuleLoader.Options {
        RuleLoader.Options(
            language: language,
            expressionValidators: [.prometheus: StandardValidators.promQL(promQL)])
    }
}

public enum StandardValidators {
    /// Parses a PromQL expression; the error carries the parser's message and its place in the expression.
    public static func promQL(_ options: PromQLParser.Options) -> ExpressionValidator {
        { text in
            do throws(PromQLError) {
                _ = try PromQLParser.parseExpr(text, options: options)
                return nil
            } catch {
                return ExpressionError(message: error.message, utf8Offset: error.range.start, in: text)
            }
        }
    }
}
