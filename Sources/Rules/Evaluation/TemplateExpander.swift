import PromQL
import TimeSeries

/// Expands the Go templates of alerting-rule labels and annotations.
///
/// The GoTemplate engine lives in its own target; the evaluator only needs this seam. For one alert
/// instance, `expand` receives the text as written in the rule, and the data Prometheus hands to
/// `template.AlertTemplateData`:
///
/// - `name`: the template name, `__alert_<alertname>` (it appears in Go's error messages);
/// - `labels`: the series labels of the result sample, `__name__` included (`$labels` / `.Labels`);
/// - `externalLabels`, `externalURL`: `$externalLabels`, `$externalURL`;
/// - `value`: the sample value (`$value` / `.Value`); formatting it is the expander's business;
/// - `at`: the evaluation time in milliseconds (not shifted by `query_offset`), used by template
///   functions such as `query`.
///
/// A conforming expander must behave as `template.NewTemplateExpander(...).Expand()` on the text prefixed
/// with `AlertTemplate.definitions` (Prometheus prepends those four variable definitions, and the prefix
/// counts in the column numbers of Go's error messages). On failure it throws an error whose description
/// is Go's `err.Error()`, e.g. `error executing template __alert_X: template: __alert_X:1:110: executing
/// "__alert_X" at <...>: ...`; the evaluator wraps that text as `<error expanding template: …>` and
/// uses it as the label or annotation value, as upstream does.
public protocol TemplateExpander: Sendable {
    func expand(
        _ text: String, name: String, labels: Labels, externalLabels: Labels, externalURL: String,
        value: Double, at: Int64
    ) throws -> String

    /// The same for a sample that may be a native histogram: upstream's `.Value` is then the histogram
    /// (`AlertTemplateData`). The default ignores the histogram and passes `value` (0 for histogram
    /// samples), so an expander only implements this when it renders histograms.
    func expand(
        _ text: String, name: String, labels: Labels, externalLabels: Labels, externalURL: String,
        value: Double, histogram: NativeHistogram?, at: Int64
    ) throws -> String
}

extension TemplateExpander {
    public func expand(
        _ text: String, name: String, labels: Labels, externalLabels: Labels, externalURL: String,
        value: Double, histogram: NativeHistogram?, at: Int64
    ) throws -> String {
        try expand(text, name: name, labels: labels, externalLabels: externalLabels, externalURL: externalURL,
                   value: value, at: at)
    }
}

/// Constants of Prometheus's alert templating (`rules/alerting.go`).
public enum AlertTemplate {
    /// The variable definitions Prometheus prepends to every label and annotation template (the loader's
    /// template check uses the same text).
    public static let definitions = RuleLoader.prometheusTemplatePreamble

    /// The template name Prometheus gives the labels and annotations of alert `alertName`.
    public static func name(forAlert alertName: String) -> String { "__alert_" + alertName }

    /// The label or annotation value Prometheus stores when expansion fails.
    public static func errorValue(_ error: any Error) -> String {
        "<error expanding template: \(String(describing: error))>"
    }

    /// Whether `text` can need expansion. Text without `{{` has no actions, so Go's template returns it
    /// unchanged (the prepended definitions print nothing and cannot fail): skipping the expander then
    /// is exact, and spares unit tests most template work.
    public static func needsExpansion(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { containsOpenDelimiter($0) } ?? containsOpenDelimiter(Array(text.utf8))
    }

    private static func containsOpenDelimiter<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var previousWasBrace = false
        for b in bytes {
            if b == UInt8(ascii: "{") {
                if previousWasBrace { return true }
                previousWasBrace = true
            } else {
                previousWasBrace = false
            }
        }
        return false
    }
}
