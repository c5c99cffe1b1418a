import TimeSeries
import Yams

/// A `ConfigMap` whose `data` entries hold rule files (how Loki's ruler and plain Prometheus deployments get
/// their rules). Each entry whose value is a YAML mapping with `groups` is parsed as a nested rule file; errors
/// inside it are reported at their place in the outer file. Other entries are skipped with a warning.
extension RuleLoadContext {
    mutating func loadConfigMap(_ node: Node, document: YAMLDocument, documentNumber: Int) {
        var reader = YAMLNodeReader(document: document, sink: sink)
        guard let top = reader.entries(node, type: "v1.ConfigMap") else { sink = reader.sink; return }
        sink = reader.sink
        var metadata: Node?
        var data: Node?
        for e in top {
            if e.key == "metadata" { metadata = e.value }
            if e.key == "data" { data = e.value }
        }
        let (name, namespace) = Self.metadataName(metadata)
        let label = "ConfigMap \(namespace.map { "\($0)/" } ?? "")\(name ?? "<unnamed>")"
        guard let data, case let .mapping(entries) = data else {
            sink.warning("\(label) has no data; no rules loaded from it", at: document.position(of: node))
            return
        }
        var found = 0
        for (keyNode, value) in entries {
            let key = keyNode.scalar?.string ?? ""
            guard case let .scalar(scalar) = value else {
                sink.error("cannot unmarshal \(YAMLNodeReader.shortTag(value)) into string", at: document.position(of: value))
                continue
            }
            let nested = YAMLDocument(text: scalar.string, enclosing: document.sourceMap(of: value))
            let (documents, syntaxError) = nested.documents()
            let first = documents.compactMap { $0 }.first
            let looksLikeRules = Self.hasGroupsKey(first) || [".yaml", ".yml", ".rules"].contains { key.hasSuffix($0) } && syntaxError != nil
            guard looksLikeRules else {
                sink.warning("\(label) key \(key) holds no rule groups; skipped", at: document.position(of: keyNode))
                continue
            }
            found += 1
            let origin = RuleFile.Origin.configMap(name: name, namespace: namespace, key: key, document: documentNumber)
            loadPlain(documents: documents, syntaxError: syntaxError, document: nested, origin: origin, position: document.position(of: keyNode))
        }
        if found == 0 {
            sink.warning("\(label) holds no rule files", at: document.position(of: node))
        }
    }

    static func hasGroupsKey(_ node: Node?) -> Bool {
        guard let node, case let .mapping(m) = node else { return false }
        return m.contains { $0.key.scalar?.string == "groups" }
    }
}
