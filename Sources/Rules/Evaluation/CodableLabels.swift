import TimeSeries

/// How evaluation state writes label sets and sample values, since `Labels` and `Label` (TimeSeries) are not
/// `Codable` and JSON has no NaN or infinities.
///
/// Label sets are JSON objects (names are unique); an annotation list is an object too, so empty
/// annotation values survive. Values are strings in Swift's shortest round-tripping form (`"NaN"`-style
/// specials included), as Prometheus's HTTP API writes sample values as strings.
enum CodableLabels {
    static func encode(_ labels: [Label]) -> [String: String] {
        var out: [String: String] = [:]
        for l in labels { out[l.name] = l.value }
        return out
    }

    static func decodeLabels(_ dictionary: [String: String]) -> Labels { Labels(dictionary) }

    /// Sorted by name, empty values kept (upstream keeps them in annotations).
    static func decodeList(_ dictionary: [String: String]) -> [Label] {
        dictionary.map { Label($0.key, $0.value) }.sorted()
    }

    static func encodeValue(_ v: Double) -> String { "\(v)" }

    static func decodeValue(_ s: String, codingPath: [any CodingKey]) throws -> Double {
        guard let v = Double(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "not a number: \(s)"))
        }
        return v
    }
}
