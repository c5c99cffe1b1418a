import Foundation
import Yams

/// Pulls every `expr:` value out of YAML files with a real YAML parser, so anchors, aliases, block scalars
/// and any layout a real project uses are read as promtool reads them. Rule files, manifests and promtool
/// test files (`promql_expr_test`) all name PromQL `expr`; a string that is itself a YAML rule file (a
/// ConfigMap's `data` entry) is searched too.
enum RuleExprExtractor {
    static func exprs(inYAML text: String) -> [String] {
        guard let documents = try? Yams.compose_all(yaml: text) else { return [] }
        var out: [String] = []
        for document in documents { collect(document, into: &out) }
        return out
    }

    private static func collect(_ node: Node, into out: inout [String]) {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if key.string == "expr", let expr = value.string {
                    out.append(expr)
                } else {
                    collect(value, into: &out)
                }
            }
        case .sequence(let sequence):
            for item in sequence { collect(item, into: &out) }
        case .scalar(let scalar):
            // A ConfigMap wraps rule files as strings.
            if scalar.string.contains("groups:"), scalar.string.contains("expr:") {
                out += exprs(inYAML: scalar.string)
            }
        case .alias:
            break
        }
    }
}
