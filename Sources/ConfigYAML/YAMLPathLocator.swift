import TimeSeries
import Yams

/// One step of a path into a YAML document: a mapping key or a list index.
public enum YAMLPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)
}

/// Finds where a value sits in a YAML document, for messages about a configuration that has already been
/// decoded (lint findings point at the route or inhibit rule they are about). Parsing only, no I/O.
public struct YAMLPathLocator {
    private let root: Node?

    /// A document that does not parse has no positions.
    public init(text: String) {
        root = try? Yams.compose(yaml: text, .basic)
    }

    /// The position of the node `path` leads to; when the path cannot be followed to its end, the
    /// position of the last node it reached (an inhibit rule written with `source_match` instead of
    /// `source_matchers` is located at the rule).
    public func position(of path: [YAMLPathComponent]) -> SourcePosition? {
        guard var current = root else { return nil }
        for step in path {
            var next: Node?
            switch (current, step) {
            case (.mapping(let m), .key(let k)):
                next = m.first(where: { (key, _) in key.string == k })?.value
            case (.sequence(let s), .index(let i)):
                next = s.indices.contains(i) ? s[i] : nil
            default:
                next = nil
            }
            guard let next else { break }
            current = next
        }
        return YAMLValue.position(current)
    }
}
