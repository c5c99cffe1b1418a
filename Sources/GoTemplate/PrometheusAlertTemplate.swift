/// Expanding an alerting rule's label and annotation templates the way Prometheus's
/// `rules.AlertingRule` does: the `$labels`/`$value`/… definitions are prepended, the template is
/// named `__alert_<alertname>`, `missingkey=zero` applies, and a failure becomes the text
/// `<error expanding template: …>` instead of an error.
public struct PrometheusAlertExpander: Sendable {
    public var alertName: String
    public var data: TemplateValue
    public var functions: FunctionSet

    public init(alertName: String, labels: [String: String], externalLabels: [String: String] = [:],
                externalURL: String = "", value: Double, context: PrometheusTemplateContext = PrometheusTemplateContext()) {
        self.alertName = alertName
        self.data = PrometheusAlertData.make(labels: labels, externalLabels: externalLabels, externalURL: externalURL, value: value)
        var ctx = context
        if ctx.externalURL == nil { ctx.externalURL = externalURL }
        self.functions = .prometheus(ctx)
    }

    public var templateName: String { "__alert_" + alertName }

    /// The expansion result, or the error for it.
    public func expandResult(_ text: String) -> Result<String, TemplateError> {
        let t: Template
        let key = ParsedAlertTemplates.Key(name: templateName, text: text, functionCount: functions.functions.count)
        if let parsed = ParsedAlertTemplates.shared[key] {
            t = parsed.with(functions: functions)
        } else {
            do {
                t = try Template(name: templateName, text: PrometheusFunctions.alertTemplatePrefix + text, functions: functions, missingKey: .zero)
            } catch {
                return .failure(error)
            }
            ParsedAlertTemplates.shared[key] = t
        }
        do {
            return .success(try t.execute(data))
        } catch {
            return .failure(error)
        }
    }

    /// The text Prometheus puts in the label or annotation.
    public func expand(_ text: String) -> String {
        switch expandResult(text) {
        case .success(let s): return s
        case .failure(let e):
            let stage = e.kind == .parse ? "parsing" : "executing"
            return "<error expanding template: error \(stage) template \(templateName): \(e.description)>"
        }
    }

    /// Rule-file validation (`rulefmt`): parses a template as Prometheus does when loading rules.
    public static func validate(_ text: String, alertName: String, functions: FunctionSet = .prometheus) throws(TemplateError) {
        try Template.parse(name: "__alert_" + alertName, text: PrometheusFunctions.alertTemplatePrefix + text, functions: functions)
    }
}

/// The data a Prometheus alerting rule's templates see; Prometheus prepends
/// `PrometheusFunctions.alertTemplatePrefix` to each template so `$labels`, `$value`, … exist.
public enum PrometheusAlertData {
    /// Go's anonymous struct type name (Prometheus 3: `Value interface {}`; 2.x: `Value float64`).
    public static let typeName = "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }"
    public static let legacyTypeName = "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value float64 }"

    public static func make(labels: [String: String], externalLabels: [String: String] = [:], externalURL: String = "",
                            value: Double, typeName: String = PrometheusAlertData.typeName) -> TemplateValue {
        .object(TemplateObject(typeName: typeName, fields: [
            ("Labels", .stringMap(labels)),
            ("ExternalLabels", .stringMap(externalLabels)),
            ("ExternalURL", .string(externalURL)),
            ("Value", .float(value)),
        ]))
    }
}

