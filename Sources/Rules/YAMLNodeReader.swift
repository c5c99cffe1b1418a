import TimeSeries
import Yams

/// Strict, position-aware reading of composed YAML nodes, with the semantics (and the error texts) of Go's
/// `yaml.v3` decoding into Prometheus's structs: unknown fields, wrong types, `<<` merge keys. Problems go
/// to the sink; the reader returns `nil` for a value it could not read and carries on, so all of them are
/// reported.
struct YAMLNodeReader {
    let document: YAMLDocument
    var sink: IssueSink
    var ignoreUnknownFields = false

    init(document: YAMLDocument, sink: IssueSink) {
        self.document = document
        self.sink = sink
    }

    func position(_ node: Node) -> SourcePosition { document.position(of: node) }

    mutating func error(_ message: String, at node: Node) {
        sink.error(message, at: position(node))
    }

    // MARK: Tags

    /// The short tag yaml.v3 resolves for a node: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`,
    /// `!!seq` (or an explicit tag as written).
    static func shortTag(_ node: Node) -> String {
        switch node {
        case .mapping: return "!!map"
        case .sequence: return "!!seq"
        case .alias: return "!!str"
        case let .scalar(s):
            let name = s.tag.rawValue
            let plain = s.style == .plain || s.style == .any
            // Yams resolves implicit tags lazily (to `str`, with the basic resolver) when a node is hashed.
            if plain && (name.isEmpty || name == "!" || name == "tag:yaml.org,2002:str") { return resolvePlain(s.string) }
            if name.hasPrefix("tag:yaml.org,2002:") { return "!!" + name.dropFirst("tag:yaml.org,2002:".count) }
            if !name.isEmpty && name != "!" { return name }
            return plain ? resolvePlain(s.string) : "!!str"
        }
    }

    /// yaml.v3's resolution of a plain scalar.
    static func resolvePlain(_ text: String) -> String {
        switch text {
        case "", "~", "null", "Null", "NULL": return "!!null"
        case "true", "True", "TRUE", "false", "False", "FALSE": return "!!bool"
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return "!!float"
        default: break
        }
        if parseInt(text) != nil { return "!!int" }
        let plain = text.replacingOccurrences(of: "_", with: "")
        if let first = plain.unicodeScalars.first, "+-.0123456789".unicodeScalars.contains(first), Double(plain) != nil {
            return "!!float"
        }
        return "!!str"
    }

    /// Integers as yaml.v3 reads them: decimal, `0x`, `0o`, `0b`, with an optional sign and `_` separators.
    static func parseInt(_ text: String) -> Int? {
        var s = Substring(text.replacingOccurrences(of: "_", with: ""))
        var negative = false
        if s.first == "+" || s.first == "-" { negative = s.first == "-"; s = s.dropFirst() }
        guard !s.isEmpty else { return nil }
        var radix = 10
        if s.hasPrefix("0x") { radix = 16; s = s.dropFirst(2) }
        else if s.hasPrefix("0o") { radix = 8; s = s.dropFirst(2) }
        else if s.hasPrefix("0b") { radix = 2; s = s.dropFirst(2) }
        guard !s.isEmpty, s.allSatisfy({ $0.isHexDigit }), let v = Int(s, radix: radix) else { return nil }
        return negative ? -v : v
    }

    static func isNull(_ node: Node) -> Bool {
        if case .scalar = node { return shortTag(node) == "!!null" }
        return false
    }

    /// yaml.v3's text for a value of the wrong type.
    mutating func typeError(_ node: Node, into type: String) {
        let tag = Self.shortTag(node)
        var value = ""
        if case let .scalar(s) = node {
            let scalars = Array(s.string.unicodeScalars)
            value = scalars.count > 10 ? " `" + String(String.UnicodeScalarView(scalars.prefix(7))) + "...`" : " `\(s.string)`"
        }
        error("cannot unmarshal \(tag)\(value) into \(type)", at: node)
    }

    // MARK: Values

    /// A Go `string` field: any scalar is read as its text; null gives the empty string.
    mutating func string(_ node: Node) -> String? {
        guard case let .scalar(s) = node else {
            typeError(node, into: "string")
            return nil
        }
        return Self.isNull(node) ? "" : s.string
    }

    /// A Go `int` field.
    mutating func int(_ node: Node) -> Int? {
        if Self.isNull(node) { return 0 }
        guard case let .scalar(s) = node, Self.shortTag(node) == "!!int", let v = Self.parseInt(s.string) else {
            typeError(node, into: "int")
            return nil
        }
        return v
    }

    /// A `model.Duration` field: read as a string, then parsed; null means unset.
    mutating func duration(_ node: Node) -> PromDuration?? {
        if Self.isNull(node) { return .some(nil) }
        guard let text = string(node) else { return nil }
        do {
            return .some(try PromDuration(parsing: text))
        } catch {
            self.error(error.message, at: node)
            return nil
        }
    }

    /// A sequence field; null is an empty sequence.
    mutating func sequence(_ node: Node, of elementType: String) -> [Node]? {
        if Self.isNull(node) { return [] }
        guard case let .sequence(seq) = node else {
            typeError(node, into: "[]\(elementType)")
            return nil
        }
        return Array(seq)
    }

    /// The entries of a mapping, `<<` merges expanded (explicit keys win), in file order; nil (after a type
    /// error) when the node is not a mapping. Null gives no entries.
    mutating func entries(_ node: Node, type: String) -> [(key: String, keyNode: Node, value: Node)]? {
        if Self.isNull(node) { return [] }
        guard case let .mapping(mapping) = node else {
            typeError(node, into: type)
            return nil
        }
        var out: [(key: String, keyNode: Node, value: Node)] = []
        var merged: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            if case let .scalar(k) = keyNode, k.string == "<<", k.style == .plain || k.style == .any {
                let sources: [Node]
                if case let .sequence(seq) = value { sources = Array(seq) } else { sources = [value] }
                for source in sources {
                    guard case .mapping = source else {
                        error("map merge requires map or sequence of maps as the value", at: source)
                        continue
                    }
                    if let inner = entries(source, type: type) {
                        for e in inner where !merged.contains(where: { $0.key == e.key }) { merged.append(e) }
                    }
                }
                continue
            }
            guard case let .scalar(k) = keyNode else {
                typeError(keyNode, into: "string")
                continue
            }
            out.append((k.string, keyNode, value))
        }
        for m in merged where !out.contains(where: { $0.key == m.key }) { out.append(m) }
        return out
    }

    /// The fields of a Go struct: unknown ones are reported as yaml.v3 does (`field x not found in type T`)
    /// unless `ignoreUnknownFields` is set.
    mutating func fields(_ node: Node, type: String, known: Set<String>) -> [String: (keyNode: Node, value: Node)]? {
        guard let list = entries(node, type: type) else { return nil }
        var out: [String: (keyNode: Node, value: Node)] = [:]
        for e in list {
            guard known.contains(e.key) else {
                if !ignoreUnknownFields { error("field \(e.key) not found in type \(type)", at: e.keyNode) }
                continue
            }
            out[e.key] = (e.keyNode, e.value)
        }
        return out
    }

    /// A Go `map[string]string`, kept in file order with positions.
    mutating func stringMap(_ node: Node) -> [LabelEntry]? {
        guard let list = entries(node, type: "map[string]string") else { return nil }
        var out: [LabelEntry] = []
        var ok = true
        for e in list {
            guard let value = string(e.value) else { ok = false; continue }
            out.append(LabelEntry(
                name: e.key, value: value, namePosition: position(e.keyNode), valuePosition: position(e.value),
                valueSourceMap: document.sourceMap(of: e.value)))
        }
        return ok ? out : nil
    }
}
