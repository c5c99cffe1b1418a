import GoTemplate
import LogQL
import PromQL
import TimeSeries

/// The real parsers behind rule validation: PromQL for Prometheus rule files, LogQL for Loki ruler files,
/// Go templates with Prometheus's functions for alert labels and annotations. Kept in one place so the
/// loader itself stays independent of the parsers.
extension RuleLoader.Options {
    /// Options that check expressions with Vigil's own parsers, as `promtool check rules` does.
    public static func standard(language: QueryLanguage = .prometheus,
                                promQL: PromQLParser.Options = PromQLParser.Options()) -> RuleLoader.Options {
        RuleLoader.Options(
            language: language,
            expressionValidators: [.prometheus: StandardValidators.promQL(promQL), .loki: StandardValidators.logQL],
            templateValidator: StandardValidators.template)
    }
}

public enum StandardValidators {
    /// Parses an alert label or annotation template as Prometheus does when it loads rules: with the
    /// `$labels`/`$value`/… definitions in front and the rule template functions known.
    public static let template: TemplateValidator = { text, name in
        let alertName = name.hasPrefix("__alert_") ? String(name.dropFirst("__alert_".count)) : name
        do throws(TemplateError) {
            try PrometheusAlertExpander.validate(text, alertName: alertName)
            return nil
        } catch {
            // Go's columns are bytes from the line start; on line 1 they include the definitions.
            let preamble = RuleLoader.prometheusTemplatePreamble.utf8.count
            let column = error.line == 1 ? max(0, error.column - preamble) : error.column
            let line = max(1, error.line)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let lineText = line <= lines.count ? String(lines[line - 1]) : ""
            let prefix = String(decoding: lineText.utf8.prefix(column), as: UTF8.self)
            return ExpressionError(message: error.message,
                                   position: SourcePosition(line: line, column: prefix.unicodeScalars.count + 1))
        }
    }

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
