import GoTemplate
import PromQL
import TimeSeries

/// Expands alert label and annotation templates with Vigil's Go template engine and Prometheus's function
/// set; the `query` function runs on the rules' own querier at the evaluation time.
public struct GoTemplateExpander: TemplateExpander {
    /// Answers `query` in templates; nil makes `query` fail, as a Prometheus without a query engine.
    let querier: (any SynchronousQuerier)?

    public init(querier: (any SynchronousQuerier)? = nil) {
        self.querier = querier
    }

    struct ExpansionError: Error, CustomStringConvertible {
        let description: String
    }

    public func expand(_ text: String, name: String, labels: Labels, externalLabels: Labels, externalURL: String,
                       value: Double, at: Int64) throws -> String {
        let querier = self.querier
        let context = PrometheusTemplateContext(
            query: { expr in
                guard let querier else { throw FunctionError("no query engine configured") }
                return try querier.querySynchronously(expr, at: at).map { PrometheusSample(labels: $0.labels.dictionary, value: $0.value) }
            },
            externalURL: externalURL, timestamp: Double(at) / 1000)
        let alertName = name.hasPrefix("__alert_") ? String(name.dropFirst("__alert_".count)) : name
        let expander = PrometheusAlertExpander(alertName: alertName, labels: labels.dictionary,
                                               externalLabels: externalLabels.dictionary, externalURL: externalURL,
                                               value: value, context: context)
        switch expander.expandResult(text) {
        case .success(let s): return s
        case .failure(let e):
            let stage = e.kind == .parse ? "parsing" : "executing"
            throw ExpansionError(description: "error \(stage) template \(name): \(e.description)")
        }
    }
}
