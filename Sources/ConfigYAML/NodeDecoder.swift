import Foundation
import Yams

/// `Decoder` over one YAML node.
struct NodeDecoder: Decoder {
    let node: Node
    let codingPath: [any CodingKey]
    let state: DecodingState
    var userInfo: [CodingUserInfoKey: Any] { state.options.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if YAMLValue.kind(node) == .null {
            // A null mapping (`key:` with nothing after it) is an empty one, as in Go.
            state.keyedPaths.insert(DecodingState.pathKey(codingPath))
            return KeyedDecodingContainer(KeyedContainer<Key>(entries: [], node: node, codingPath: codingPath, state: state))
        }
        guard case .mapping(let mapping) = node else {
            throw LocatedError(node: node, message: "expected a mapping\(Self.at(codingPath)), got \(YAMLValue.describe(node))")
        }
        state.keyedPaths.insert(DecodingState.pathKey(codingPath))
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (k, v) in mapping {
            guard case .scalar(let s) = k else {
                throw LocatedError(node: k, message: "mapping keys must be strings\(Self.at(codingPath))")
            }
            if entries.contains(where: { $0.key == s.string }) {
                throw LocatedError(node: k, message: "field \"\(s.string)\" is given twice\(Self.at(codingPath))")
            }
            entries.append((s.string, k, v))
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(entries: entries, node: node, codingPath: codingPath, state: state))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        if YAMLValue.kind(node) == .null { return UnkeyedContainer(items: [], codingPath: codingPath, state: state) }
        guard case .sequence(let sequence) = node else {
            throw LocatedError(node: node, message: "expected a list\(Self.at(codingPath)), got \(YAMLValue.describe(node))")
        }
        return UnkeyedContainer(items: Array(sequence), codingPath: codingPath, state: state)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath, state: state)
    }

    /// ` in datasources[0]`, or nothing at the top level.
    static func at(_ path: [any CodingKey]) -> String {
        let p = DecodingState.readablePath(path)
        return p.isEmpty ? "" : " in \(p)"
    }

    /// Decodes `T` from `node` at `path`, then checks that `T` read every key of the mapping.
    static func decode<T: Decodable>(_ type: T.Type, node: Node, path: [any CodingKey], state: DecodingState) throws -> T {
        if let scalarValue = try ScalarReading.read(type, node: node, path: path) { return scalarValue }
        let value: T
        do {
            value = try T(from: NodeDecoder(node: node, codingPath: path, state: state))
        } catch let error as ConfigValueError {
            throw LocatedError(node: node, message: error.message)
        }
        try state.checkUnknownKeys(of: node, path: path, typeName: String(describing: T.self))
        return value
    }
}

struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ i: Int) { intValue = i }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let entries: [(key: String, keyNode: Node, value: Node)]
    let node: Node
    let codingPath: [any CodingKey]
    let state: DecodingState

    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool {
        markRead(key)
        return entries.contains { $0.key == key.stringValue }
    }

    private func markRead(_ key: Key) {
        state.readKeys[DecodingState.pathKey(codingPath), default: []].insert(key.stringValue)
    }

    private func value(_ key: Key) throws -> Node {
        markRead(key)
        guard let entry = entries.first(where: { $0.key == key.stringValue }) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing field \"\(key.stringValue)\""))
        }
        return entry.value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        YAMLValue.kind(try value(key)) == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try NodeDecoder.decode(type, node: try value(key), path: codingPath + [key], state: state)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        markRead(key)
        guard let entry = entries.first(where: { $0.key == key.stringValue }) else { return nil }
        // `key:` with nothing after it means "not set", as Go leaves the field at its zero value — except
        // for strings, where null reads as "" (yaml.v3) and is better treated as absent too.
        if YAMLValue.kind(entry.value) == .null { return nil }
        return try NodeDecoder.decode(type, node: entry.value, path: codingPath + [key], state: state)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(node: try value(key), codingPath: codingPath + [key], state: state).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(node: try value(key), codingPath: codingPath + [key], state: state).unkeyedContainer()
    }

    /// The same mapping, for a type that reads its fields inline alongside this one's.
    func superDecoder() throws -> any Decoder { NodeDecoder(node: node, codingPath: codingPath, state: state) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(node: try value(key), codingPath: codingPath + [key], state: state)
    }
}

struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [Node]
    let codingPath: [any CodingKey]
    let state: DecodingState
    var currentIndex = 0

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (Node, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the list ends too early"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, YAMLValue.kind(items[currentIndex]) == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (node, path) = try next()
        return try NodeDecoder.decode(type, node: node, path: path, state: state)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (node, path) = try next()
        return try NodeDecoder(node: node, codingPath: path, state: state).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (node, path) = try next()
        return try NodeDecoder(node: node, codingPath: path, state: state).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (node, path) = try next()
        return NodeDecoder(node: node, codingPath: path, state: state)
    }
}

struct SingleValueContainer: SingleValueDecodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    let state: DecodingState

    func decodeNil() -> Bool { YAMLValue.kind(node) == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try NodeDecoder.decode(type, node: node, path: codingPath, state: state)
    }
}
