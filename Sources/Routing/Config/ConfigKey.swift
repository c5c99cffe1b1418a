/// A coding key for any name or index: map keys, and coding paths built for error positions.
struct ConfigKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) { stringValue = s }
    init(_ i: Int) { stringValue = "\(i)"; intValue = i }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.init(intValue) }
}

extension KeyedDecodingContainer {
    /// A `key: value` mapping of strings in file order (a `[String: String]` would lose the order).
    func decodeStringPairs(forKey key: Key) throws -> [(String, String)]? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        let map = try nestedContainer(keyedBy: ConfigKey.self, forKey: key)
        return try map.allKeys.map { k in (k.stringValue, try map.decodeIfPresent(String.self, forKey: k) ?? "") }
    }

    func decodeStringMap(forKey key: Key) throws -> [String: String]? {
        guard let pairs = try decodeStringPairs(forKey: key) else { return nil }
        return Dictionary(pairs, uniquingKeysWith: { a, _ in a })
    }

    /// A secret given either inline under `key` or as a file under `fileKey`.
    func decodeSecret(_ key: Key, file fileKey: Key) throws -> SecretSource {
        SecretSource(inline: try decodeIfPresent(Secret.self, forKey: key), file: try decodeIfPresent(String.self, forKey: fileKey))
    }
}

/// Any YAML value, for the free-form fields (`payload`, PagerDuty `details`, Jira `fields`, OAuth2 `claims`).
public indirect enum ConfigAnyValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([ConfigAnyValue])
    /// Keys in file order.
    case map([String], [String: ConfigAnyValue])

    public init(from decoder: any Decoder) throws {
        if try decoder.singleValueContainer().decodeNil() { self = .null; return }
        if let map = try? decoder.container(keyedBy: ConfigKey.self) {
            var keys: [String] = []
            var values: [String: ConfigAnyValue] = [:]
            for k in map.allKeys {
                keys.append(k.stringValue)
                values[k.stringValue] = try map.decode(ConfigAnyValue.self, forKey: k)
            }
            self = .map(keys, values)
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [ConfigAnyValue] = []
            while !list.isAtEnd { items.append(try list.decode(ConfigAnyValue.self)) }
            self = .list(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if let b = try? single.decode(Bool.self) { self = .bool(b) }
        else if let i = try? single.decode(Int64.self) { self = .int(i) }
        else if let d = try? single.decode(Double.self) { self = .double(d) }
        else { self = .string(try single.decode(String.self)) }
    }
}
