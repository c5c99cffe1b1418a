/// A label set, kept sorted by name with unique names, as Prometheus keeps it.
///
/// Sorting once on construction makes equality, hashing, printing and fingerprints order-independent.
public struct Labels: Hashable, Sendable, Comparable, CustomStringConvertible, Sequence {
    public private(set) var labels: [Label]

    public static let empty = Labels()

    public init() { labels = [] }

    /// Builds a label set; a later label with the same name replaces an earlier one. Empty values are dropped,
    /// because Prometheus treats a label with an empty value as absent.
    public init(_ labels: [Label]) {
        // Fast path: already sorted by name, unique, no empty values (what label operations produce).
        var ordered = true
        for (i, label) in labels.enumerated() where label.value.isEmpty || (i > 0 && labels[i - 1].name >= label.name) {
            ordered = false
            break
        }
        if ordered {
            self.labels = labels
            return
        }
        var byName: [String: String] = [:]
        for label in labels { byName[label.name] = label.value }
        self.labels = byName.filter { !$0.value.isEmpty }.map { Label($0.key, $0.value) }.sorted()
    }

    public init(_ dictionary: [String: String]) {
        self.init(dictionary.map { Label($0.key, $0.value) })
    }

    public init(dictionaryLiteral pairs: (String, String)...) {
        self.init(pairs.map { Label($0.0, $0.1) })
    }

    public func makeIterator() -> IndexingIterator<[Label]> { labels.makeIterator() }

    public var count: Int { labels.count }
    public var isEmpty: Bool { labels.isEmpty }

    public subscript(name: String) -> String? {
        labels.first { $0.name == name }?.value
    }

    /// The metric name, if the set has one.
    public var metricName: String? { self[Label.metricName] }

    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: labels.map { ($0.name, $0.value) })
    }

    /// Returns the set with `name` set to `value` (or removed when `value` is empty).
    public func setting(_ name: String, to value: String) -> Labels {
        var copy = self
        let i = labels.firstIndex { $0.name >= name } ?? labels.count
        if i < labels.count, labels[i].name == name {
            if value.isEmpty { copy.labels.remove(at: i) } else { copy.labels[i].value = value }
        } else if !value.isEmpty {
            copy.labels.insert(Label(name, value), at: i)
        }
        return copy
    }

    public func removing(_ names: Set<String>) -> Labels {
        var copy = self
        copy.labels.removeAll { names.contains($0.name) }
        return copy
    }

    public func keeping(_ names: Set<String>) -> Labels {
        var copy = self
        copy.labels.removeAll { !names.contains($0.name) }
        return copy
    }

    /// Prometheus's `labels.String()`: `{__name__="up", job="api"}`, every label inside the braces.
    public var description: String {
        "{" + labels.map { "\(Labels.formatName($0.name))=\(quoteGo($0.value))" }.joined(separator: ", ") + "}"
    }

    /// The metric style of `model.Metric.String()`: `up{job="api"}`, the metric name outside the braces.
    public var metricStyle: String {
        guard let name = metricName, LabelNames.isValidLegacyMetricName(name) else { return description }
        let rest = labels.filter { $0.name != Label.metricName }
        if rest.isEmpty { return name }
        return name + "{" + rest.map { "\(Labels.formatName($0.name))=\(quoteGo($0.value))" }.joined(separator: ", ") + "}"
    }

    /// A name is written bare when it fits the legacy pattern, and quoted otherwise (Prometheus 3).
    public static func formatName(_ name: String) -> String {
        LabelNames.isValidLegacyLabelName(name) ? name : quoteGo(name)
    }

    public static func < (lhs: Labels, rhs: Labels) -> Bool {
        // Prometheus's labels.Compare: name by name, then value, then length.
        for (l, r) in zip(lhs.labels, rhs.labels) {
            if l.name != r.name { return l.name < r.name }
            if l.value != r.value { return l.value < r.value }
        }
        return lhs.labels.count < rhs.labels.count
    }

    /// Hashing feeds the FNV fingerprint to the hasher: one pass over the bytes, much cheaper than hashing
    /// every name and value as a String, and label sets are hashed on every sample appended and every
    /// vector matched.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
    }

    /// A stable 64-bit hash of the label set: FNV-1a over names and values, each followed by a 0xff
    /// separator, the scheme of Prometheus's `model.LabelsToSignature`. It does not change between runs.
    public var fingerprint: UInt64 {
        var hash: UInt64 = 14695981039346656037
        @inline(__always) func add(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 1099511628211
        }
        for label in labels {
            for byte in label.name.utf8 { add(byte) }
            add(0xff)
            for byte in label.value.utf8 { add(byte) }
            add(0xff)
        }
        return hash
    }
}
