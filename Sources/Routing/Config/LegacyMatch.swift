import ConfigYAML
import TimeSeries

/// The deprecated `match:` / `match_re:` maps (routes) and `source_match(_re)` / `target_match(_re)`
/// (inhibit rules), turned into matchers as Alertmanager does. A `match_re` value is kept as written
/// (`original`) and matched as `^(?:value)$`; the matcher's value is that anchored text, which is what
/// Alertmanager shows in route keys (`{service=~"^(?:db)$"}`).
public struct LegacyMatch: Sendable, Hashable {
    public var equal: [(name: String, value: String)] = []
    public var regex: [(name: String, original: String)] = []

    public init() {}

    public var isEmpty: Bool { equal.isEmpty && regex.isEmpty }

    /// Equality matchers, then regex matchers, sorted.
    public func matchers() -> [AlertMatcher] {
        var out: [AlertMatcher] = []
        for (n, v) in equal { if let m = try? AlertMatcher(.equal, n, v) { out.append(m) } }
        for (n, v) in regex { if let m = try? AlertMatcher(.regexMatch, n, Self.anchored(v)) { out.append(m) } }
        return out
    }

    static func anchored(_ re: String) -> String { "^(?:" + re + ")$" }

    /// `^[a-zA-Z_][a-zA-Z0-9_]*$`, the label names the legacy maps accept.
    static func isClassicLabelName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || ("a"..."z").contains(f) || ("A"..."Z").contains(f) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    /// Reads the two maps under `equalKey` and `regexKey` of `c`, with Alertmanager's messages.
    static func decode<K: CodingKey>(_ c: KeyedDecodingContainer<K>, equal equalKey: K, regex regexKey: K) throws -> LegacyMatch {
        var m = LegacyMatch()
        if let pairs = try c.decodeStringPairs(forKey: equalKey) {
            for (n, _) in pairs where !isClassicLabelName(n) {
                throw DecodingError.dataCorruptedError(forKey: equalKey, in: c, debugDescription: "invalid label name \"\(n)\"")
            }
            m.equal = pairs.map { (name: $0.0, value: $0.1) }
        }
        if c.contains(regexKey), try !c.decodeNil(forKey: regexKey) {
            let map = try c.nestedContainer(keyedBy: ConfigKey.self, forKey: regexKey)
            for key in map.allKeys {
                let original = try map.decodeIfPresent(String.self, forKey: key)
                if !isClassicLabelName(key.stringValue) {
                    throw DecodingError.dataCorruptedError(forKey: regexKey, in: c, debugDescription: "invalid label name \"\(key.stringValue)\"")
                }
                guard let original else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: map, debugDescription: "invalid regexp value for \"\(key.stringValue)\"")
                }
                do { _ = try GoRegex(anchored(original)) } catch {
                    throw DecodingError.dataCorruptedError(forKey: key, in: map, debugDescription: error.message)
                }
                m.regex.append((name: key.stringValue, original: original))
            }
        }
        return m
    }

    public static func == (a: LegacyMatch, b: LegacyMatch) -> Bool {
        a.equal.map { [$0.name, $0.value] } == b.equal.map { [$0.name, $0.value] }
            && a.regex.map { [$0.name, $0.original] } == b.regex.map { [$0.name, $0.original] }
    }

    public func hash(into h: inout Hasher) {
        for (n, v) in equal { h.combine(n); h.combine(v) }
        for (n, v) in regex { h.combine(n); h.combine(v) }
    }
}

/// A `matchers:` list: each entry is a matcher list in Alertmanager's syntax; the result is sorted.
struct MatcherLines: Decodable {
    let matchers: [AlertMatcher]
    init(from decoder: any Decoder) throws {
        var list = try decoder.unkeyedContainer()
        var out: [AlertMatcher] = []
        while !list.isAtEnd {
            let entry = try list.superDecoder()
            let line = try entry.singleValueContainer().decode(String.self)
            do {
                out += try MatcherParser.matchers(line)
            } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: entry.codingPath, debugDescription: error.message))
            }
        }
        matchers = out.sorted(by: AlertMatcher.ordered)
    }
}
