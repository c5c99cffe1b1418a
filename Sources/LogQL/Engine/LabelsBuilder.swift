import TimeSeries

/// The labels of one entry as it goes through a pipeline: the stream's labels and the entry's structured
/// metadata (the "base"), plus what parsers and formatters add, change or remove.
///
/// Values may be empty here (a label filter can test `x=""`, `--keep-empty` keeps standalone logfmt keys);
/// the final label set drops them, as every Prometheus-style label set does.
struct LabelsBuilder {
    /// Stream labels and structured metadata, the labels a parsed name is compared with for `_extracted`.
    let base: [String: String]
    private(set) var current: [String: String]

    static let errorLabel = "__error__"
    static let errorDetailsLabel = "__error_details__"

    init(stream: Labels, metadata: Labels) {
        var b: [String: String] = [:]
        b.reserveCapacity(stream.count + metadata.count)
        for l in stream { b[l.name] = l.value }
        for l in metadata { b[l.name] = l.value }
        base = b
        current = b
    }

    /// Parsers add labels one by one: room for them, made at the first, spares the dictionary's repeated growth.
    private var reserved = false

    subscript(name: String) -> String? { current[name] }

    mutating func set(_ name: String, _ value: String) { current[name] = value }
    mutating func remove(_ name: String) { current[name] = nil }
    mutating func keepOnly(_ keep: (String, String) -> Bool) { current = current.filter { keep($0.key, $0.value) } }

    var hasError: Bool { !(current[Self.errorLabel] ?? "").isEmpty }

    /// Records a pipeline error. Loki keeps the first error an entry meets, so a later stage cannot hide it.
    mutating func setError(_ kind: String, details: String) {
        if hasError { return }
        current[Self.errorLabel] = kind
        if !details.isEmpty { current[Self.errorDetailsLabel] = details }
    }

    /// Adds a label found by a parser: the name is sanitised, and a name the stream (or its structured
    /// metadata) already has gets the `_extracted` suffix, so the original label survives.
    /// https://grafana.com/docs/loki/latest/query/log_queries/ "Parser expression".
    mutating func addParsed(_ rawName: String, _ value: String) {
        var name = LabelsBuilder.sanitize(rawName)
        if name.isEmpty { return }
        if base[name] != nil { name += "_extracted" }
        if !reserved {
            reserved = true
            current.reserveCapacity(current.count + 16)
        }
        current[name] = value
    }

    /// A label name from arbitrary text: every character outside `[a-zA-Z0-9_]` becomes `_`, and a leading
    /// digit gets a `_` before it, so the name is a valid Prometheus label name.
    static func sanitize(_ raw: String) -> String {
        var valid = !raw.isEmpty
        for (i, b) in raw.utf8.enumerated() {
            let letter = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F
            let digit = b >= 0x30 && b <= 0x39
            if !(letter || (digit && i > 0)) { valid = false; break }
        }
        if valid { return raw }
        var out = ""
        for (i, scalar) in raw.unicodeScalars.enumerated() {
            let v = scalar.value
            let letter = (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || v == 0x5F
            let digit = v >= 0x30 && v <= 0x39
            if i == 0 && digit { out += "_" }
            out.unicodeScalars.append(letter || digit ? scalar : "_")
        }
        return out
    }

    /// The final label set (empty values dropped).
    var labels: Labels { LabelsBuilder.labels(current) }

    /// A label set from a dictionary: sorted here, so `Labels` takes its fast path for sorted input.
    static func labels(_ dictionary: [String: String]) -> Labels {
        var list: [Label] = []
        list.reserveCapacity(dictionary.count)
        for (name, value) in dictionary where !value.isEmpty { list.append(Label(name, value)) }
        list.sort { $0.name < $1.name }
        return Labels(list)
    }

    /// The labels as a template's data (`{{.name}}`).
    var stringMap: [String: String] { current }
}
