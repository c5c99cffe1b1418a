import GoTemplate

/// Go templates as Vigil runs them: a rule annotation expanded with Prometheus's functions (as the ruler
/// does for each alert), and a notification template executed with Alertmanager's functions over
/// amtool's example data, after the default notification templates (as a receiver field is rendered).
/// The clock and the `query` function are fixed, so a finding replays.
enum TemplateFuzz {
    /// 2026-01-02T03:04:05Z.
    static let now = GoTime(seconds: 1_767_323_045)

    static let prometheus: PrometheusAlertExpander = {
        let samples = [
            PrometheusSample(labels: ["__name__": "up", "job": "api", "instance": "a:9090"], value: 1),
            PrometheusSample(labels: ["__name__": "up", "job": "api", "instance": "b:9090"], value: 0.25),
            PrometheusSample(labels: [:], value: -12345.678),
        ]
        let context = PrometheusTemplateContext(query: { _ in samples }, externalURL: "http://prometheus.example:9090",
                                                timestamp: Double(now.seconds))
        return PrometheusAlertExpander(
            alertName: "FuzzAlert",
            labels: ["alertname": "FuzzAlert", "instance": "host-1.example.com:9100", "job": "node", "severity": "critical"],
            externalLabels: ["cluster": "home"], externalURL: "http://prometheus.example:9090",
            value: 1234.5678, context: context)
    }()

    static let alertmanager: AlertmanagerTemplate = {
        do {
            return try AlertmanagerTemplate(context: AlertmanagerTemplateContext(now: Double(now.seconds)))
        } catch {
            fatalError("template: the default notification templates do not parse: \(error)")
        }
    }()

    static let alertmanagerData = AlertmanagerData.amtoolExample(now: now).templateValue(typeName: "template.Data")

    static func run(_ text: String) {
        switch prometheus.expandResult(text) {
        case .success(let s): _ = s.utf8.count
        case .failure(let e): _ = e.description
        }
        do {
            _ = try alertmanager.executeText(text, value: alertmanagerData)
        } catch {
            _ = error.description
        }
    }
}
