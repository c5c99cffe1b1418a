import LogQL
import PromQL
import TimeSeries

/// The real parsers behind rule validation: PromQL for Prometheus rule files, LogQL for Loki ruler files.
/// Kept in one place so the loader itself stays independent of the parsers.
extension RuleLoader.Options {
    /// Options that check expressions with Vigil's own parsers, as `promtool check rules` does.
    public static func standard(language: QueryLanguage = .prometheus,
                                promQL: PromQLParser.Options = PromQLParser.Options()) -> RuleLoader.Options {
        RuleLoader.Options(
            language: language,
            expressionValidators: [.prometheus: StandardValidators.promQL(promQL), .loki: StandardValidators.logQL])
    }
}

public enum StandardValidators {
    /// Parses a LogQL expression; a ruler needs a metric query, as Loki's ruler requires.
    public static let logQL: ExpressionValidator = { text in
        do throws(LogQLError) {
            let expr = try LogQLParser.parseExpr(text)
            if !expr.isMetricQuery {
                return ExpressionError(message: "a rule expression must be a metric query, not a log query", position: SourcePosition(line: 1, column: 1))
            }
            return nil
        } catch {
            return ExpressionError(message: error.message, position: error.position)
        }
    }

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
