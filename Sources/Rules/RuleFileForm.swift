import Yams

/// What a YAML document holds.
public enum RuleFileForm: String, Sendable, Hashable {
    /// A plain Prometheus/Loki rule file: `groups:` at the top (or any mapping without `kind`).
    case plain
    /// `apiVersion: monitoring.coreos.com/v1`, `kind: PrometheusRule`: rule groups under `spec.groups`.
    case prometheusRule
    /// `kind: ConfigMap`: each `data` entry holding a rule file is one.
    case configMap
    /// `kind: List` (or `...List`): manifests under `items`.
    case list
    /// A Kubernetes manifest of some other kind: no rules in it.
    case otherManifest
    /// An empty document.
    case empty

    /// Detects the form of one document (`nil` is an empty document).
    static func detect(_ node: Node?) -> (form: RuleFileForm, kind: String?) {
        guard let node else { return (.empty, nil) }
        guard case let .mapping(mapping) = node else { return (.plain, nil) }
        var kind: String?
        for (key, value) in mapping where key.scalar?.string == "kind" {
            kind = value.scalar?.string
        }
        guard let kind else { return (.plain, nil) }
        switch kind {
        case "PrometheusRule": return (.prometheusRule, kind)
        case "ConfigMap": return (.configMap, kind)
        case "List": return (.list, kind)
        default: return (kind.hasSuffix("List") ? .list : .otherManifest, kind)
        }
    }

    /// Detects the form of the first non-empty document of a text (for callers that only want to know).
    public static func detect(text: String) -> RuleFileForm {
        let (documents, _) = YAMLDocument(text: text).documents()
        return detect(documents.compactMap { $0 }.first).form
    }
}
