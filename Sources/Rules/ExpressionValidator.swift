import TimeSeries

/// An error the injected parser found in an expression or a template.
///
/// `message` is the parser's own text **without** any position prefix (for PromQL:
/// `unexpected character: '|'`). `position` is 1-based and counts Unicode scalars inside the expression or
/// template text; the loader maps it to the outer file.
public struct ExpressionError: Error, Sendable, Hashable {
    public var message: String
    public var position: SourcePosition?

    public init(message: String, position: SourcePosition? = nil) {
        self.message = message
        self.position = position
    }

    /// For parsers that record UTF-8 byte offsets (PromQL's `PositionRange`): the position of the byte at
    /// `utf8Offset` in `text`.
    public init(message: String, utf8Offset: Int, in text: String) {
        self.message = message
        self.position = SourcePosition(utf8Offset: utf8Offset, in: text)
    }
}

/// Checks one expression; `nil` means valid.
public typealias ExpressionValidator = @Sendable (String) -> ExpressionError?

/// Checks one label or annotation template of an alerting rule; `nil` means valid.
///
/// `text` is the value exactly as written. `name` is the template name Prometheus uses, `__alert_<alertname>`.
/// Prometheus parses `RuleLoader.prometheusTemplatePreamble + text`, so `$labels`, `$externalLabels`,
/// `$externalURL` and `$value` count as declared: a real validator should do the same (and subtract the
/// preamble's length from column positions on line 1, or parse with those variables predeclared).
public typealias TemplateValidator = @Sendable (_ text: String, _ name: String) -> ExpressionError?
