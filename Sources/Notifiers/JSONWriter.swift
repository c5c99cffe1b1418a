import GoTemplate

/// Builds JSON text as Go's `encoding/json` writes it: struct fields in declaration order, map keys
/// sorted by bytes, `<`, `>` and `&` escaped, empty structs' `omitempty` fields left out by the caller.
/// Request bodies are written field by field so that their order matches upstream's structs.
struct JSONWriter {
    private(set) var text = ""

    /// A JSON object whose members are added by `body`, in order.
    static func object(_ body: (inout ObjectWriter) -> Void) -> String {
        var o = ObjectWriter()
        body(&o)
        return o.finish()
    }

    struct ObjectWriter {
        private var parts: [String] = []

        mutating func raw(_ key: String, _ json: String) { parts.append(GoJSON.quote(key) + ":" + json) }
        mutating func string(_ key: String, _ value: String) { raw(key, GoJSON.quote(value)) }
        /// A string member with `omitempty`.
        mutating func stringIfNotEmpty(_ key: String, _ value: String) { if !value.isEmpty { string(key, value) } }
        mutating func bool(_ key: String, _ value: Bool) { raw(key, value ? "true" : "false") }
        mutating func int(_ key: String, _ value: some BinaryInteger) { raw(key, String(value)) }
        mutating func object(_ key: String, _ body: (inout ObjectWriter) -> Void) { raw(key, JSONWriter.object(body)) }
        mutating func stringMap(_ key: String, _ map: [String: String]) { raw(key, JSONWriter.stringMap(map)) }

        func finish() -> String { "{" + parts.joined(separator: ",") + "}" }
        var isEmpty: Bool { parts.isEmpty }
    }

    /// `map[string]string`: keys sorted by their bytes, as Go sorts them.
    static func stringMap(_ map: [String: String]) -> String {
        let keys = map.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return "{" + keys.map { GoJSON.quote($0) + ":" + GoJSON.quote(map[$0] ?? "") }.joined(separator: ",") + "}"
    }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}
