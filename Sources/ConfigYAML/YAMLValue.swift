import TimeSeries
import Yams

/// Reading Yams nodes as values with yaml.v3's resolution of plain scalars.
enum YAMLValue {
    static func kind(_ node: Node) -> YAMLScalarResolution.Kind? {
        guard case .scalar(let s) = node else { return nil }
        return YAMLScalarResolution.kind(of: s)
    }

    static func position(_ node: Node) -> SourcePosition? {
        node.mark.map { SourcePosition(line: $0.line, column: $0.column) }
    }

    /// What a node is, for messages: `a mapping`, `the number 3`, `"abc"`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            let text = s.string.count > 40 ? String(s.string.prefix(37)) + "..." : s.string
            switch YAMLScalarResolution.kind(of: s) {
            case .null: return "nothing (null)"
            case .bool: return "the boolean \(text)"
            case .int, .float: return "the number \(text)"
            case .string: return "\"\(text)\""
            }
        }
    }
}
