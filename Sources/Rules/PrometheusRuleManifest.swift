import TimeSeries
import Yams

/// prometheus-operator's `PrometheusRule` (`monitoring.coreos.com/v1`): the operator writes `spec` out as one
/// rule file, so `spec.groups` follows the rule-file format (plus `partial_response_strategy`), with group
/// names unique within the manifest. `metadata` only names the rule file; everything else is ignored.
extension RuleLoadContext {
    static let prometheusRuleAPIVersion = "monitoring.coreos.com/v1"

    mutating func loadPrometheusRule(_ node: Node, document: YAMLDocument, documentNumber: Int) {
        var reader = YAMLNodeReader(document: document, sink: sink)
        reader.ignoreUnknownFields = options.ignoreUnknownFields
        defer { sink = reader.sink }
        guard let top = reader.entries(node, type: "v1.PrometheusRule") else { return }
        var apiVersion: (String, Node)?
        var metadata: Node?
        var spec: (key: Node, value: Node)?
        for e in top {
            switch e.key {
            case "apiVersion": apiVersion = (e.value.scalar?.string ?? "", e.value)
            case "metadata": metadata = e.value
            case "spec": spec = (e.keyNode, e.value)
            default: break
            }
        }
        if let (version, at) = apiVersion, version != Self.prometheusRuleAPIVersion {
            reader.error("unsupported apiVersion \(quoteGo(version)) for kind PrometheusRule (want \(Self.prometheusRuleAPIVersion))", at: at)
            return
        }
        if apiVersion == nil {
            reader.error("PrometheusRule has no apiVersion (want \(Self.prometheusRuleAPIVersion))", at: node)
            return
        }
        let (name, namespace) = Self.metadataName(metadata)
        let origin = RuleFile.Origin.prometheusRule(name: name, namespace: namespace, document: documentNumber)
        guard let spec else {
            reader.sink.warning("\(origin) has no spec; no rules loaded from it", at: reader.position(node))
            return
        }
        let before = reader.sink.errors.count
        guard let fields = reader.fields(spec.value, type: "v1.PrometheusRuleSpec", known: ["groups"]) else { return }
        var decoder = RuleFileDecoder()
        decoder.operatorExtensions = true
        var groups: [DecodedGroup] = []
        if let g = fields["groups"] {
            groups = decoder.decodeGroupList(g.value, reader: &reader) ?? []
        }
        guard reader.sink.errors.count == before else { return }
        validation.validate(groups, sink: &reader.sink)
        guard reader.sink.errors.count == before else { return }
        files.append(RuleFile(origin: origin, language: options.language, groups: groups.map(\.group), position: reader.position(fields["groups"]?.keyNode ?? spec.key)))
    }

    /// `metadata.name` and `metadata.namespace`, read leniently.
    static func metadataName(_ metadata: Node?) -> (String?, String?) {
        guard let metadata, case let .mapping(m) = metadata else { return (nil, nil) }
        var name: String?, namespace: String?
        for (k, v) in m {
            if k.scalar?.string == "name" { name = v.scalar?.string }
            if k.scalar?.string == "namespace" { namespace = v.scalar?.string }
        }
        return (name, namespace)
    }
}
