import TimeSeries
import Yams

/// A rule as decoded, before validation: both `record` and `alert` are kept so validation can complain
/// about having both or neither.
struct DecodedRule {
    var record: String
    var alert: String
    var rule: Rule
}

struct DecodedGroup {
    var group: RuleGroup
    var rules: [DecodedRule]
}

/// Decodes Prometheus's rule-file structure (`rulefmt.RuleGroups`, `RuleGroup`, `Rule`) from composed YAML,
/// reporting unknown fields and wrong types the way yaml.v3 does.
struct RuleFileDecoder {
    static let groupsFields: Set<String> = ["groups"]
    static let groupFields: Set<String> = ["name", "interval", "query_offset", "limit", "rules", "labels"]
    static let ruleFields: Set<String> = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]

    /// `true` for PrometheusRule manifests, which also accept the operator's `partial_response_strategy`.
    var operatorExtensions = false

    /// Decodes a whole plain rule file (`groups:` at the top).
    func decodeRuleGroups(_ node: Node, reader: inout YAMLNodeReader) -> [DecodedGroup]? {
        guard let fields = reader.fields(node, type: "rulefmt.RuleGroups", known: Self.groupsFields) else { return nil }
        guard let groups = fields["groups"] else { return [] }
        return decodeGroupList(groups.value, reader: &reader)
    }

    /// Decodes the list under `groups:`.
    func decodeGroupList(_ node: Node, reader: inout YAMLNodeReader) -> [DecodedGroup]? {
        guard let items = reader.sequence(node, of: "rulefmt.RuleGroup") else { return nil }
        var out: [DecodedGroup] = []
        var ok = true
        for item in items {
            if let g = decodeGroup(item, reader: &reader) { out.append(g) } else { ok = false }
        }
        return ok ? out : nil
    }

    private func positions(_ node: Node, _ fields: [String: (keyNode: Node, value: Node)], reader: YAMLNodeReader) -> FieldPositions {
        var p = FieldPositions(start: reader.position(node))
        for (name, f) in fields {
            p.keys[name] = reader.position(f.keyNode)
            p.values[name] = reader.position(f.value)
        }
        return p
    }

    func decodeGroup(_ node: Node, reader: inout YAMLNodeReader) -> DecodedGroup? {
        var known = Self.groupFields
        if operatorExtensions { known.insert("partial_response_strategy") }
        let before = reader.sink.errors.count
        guard let fields = reader.fields(node, type: "rulefmt.RuleGroup", known: known) else { return nil }
        var group = RuleGroup(name: "", positions: positions(node, fields, reader: reader))
        if let f = fields["name"], let v = reader.string(f.value) { group.name = v }
        if let f = fields["interval"], let v = reader.duration(f.value) { group.interval = v }
        if let f = fields["query_offset"], let v = reader.duration(f.value) { group.queryOffset = v }
        if let f = fields["limit"], let v = reader.int(f.value) { group.limit = v }
        if let f = fields["labels"], let v = reader.stringMap(f.value) { group.labels = v }
        if let f = fields["partial_response_strategy"], let v = reader.string(f.value) { group.partialResponseStrategy = v }
        var rules: [DecodedRule] = []
        if let f = fields["rules"], let items = reader.sequence(f.value, of: "rulefmt.Rule") {
            for item in items {
                if let r = decodeRule(item, reader: &reader) { rules.append(r) }
            }
        }
        group.rules = rules.map(\.rule)
        return reader.sink.errors.count == before ? DecodedGroup(group: group, rules: rules) : nil
    }

    func decodeRule(_ node: Node, reader: inout YAMLNodeReader) -> DecodedRule? {
        let before = reader.sink.errors.count
        guard let fields = reader.fields(node, type: "rulefmt.Rule", known: Self.ruleFields) else { return nil }
        var record = "", alert = "", expr = ""
        var exprMap: ScalarSourceMap?
        var forDuration: PromDuration?, keepFiringFor: PromDuration?
        var labels: [LabelEntry] = [], annotations: [LabelEntry] = []
        if let f = fields["record"], let v = reader.string(f.value) { record = v }
        if let f = fields["alert"], let v = reader.string(f.value) { alert = v }
        if let f = fields["expr"], let v = reader.string(f.value) {
            expr = v
            exprMap = reader.document.sourceMap(of: f.value)
        }
        if let f = fields["for"], let v = reader.duration(f.value) { forDuration = v }
        if let f = fields["keep_firing_for"], let v = reader.duration(f.value) { keepFiringFor = v }
        if let f = fields["labels"], let v = reader.stringMap(f.value) { labels = v }
        if let f = fields["annotations"], let v = reader.stringMap(f.value) { annotations = v }
        guard reader.sink.errors.count == before else { return nil }
        let rule = Rule(
            kind: record.isEmpty ? .alerting : .recording, name: record.isEmpty ? alert : record, expr: expr,
            for: forDuration, keepFiringFor: keepFiringFor, labels: labels, annotations: annotations,
            positions: positions(node, fields, reader: reader), exprSourceMap: exprMap)
        return DecodedRule(record: record, alert: alert, rule: rule)
    }
}
