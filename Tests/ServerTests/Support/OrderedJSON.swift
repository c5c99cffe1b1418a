import VigilTesting
import Foundation

/// JSON parsed with object keys kept in order, so two servers' answers can be compared key order and
/// all (Foundation's parser forgets the order). Numbers keep their text.
indirect enum OrderedJSON: Equatable, CustomStringConvertible {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([OrderedJSON])
    case object([(key: String, value: OrderedJSON)])

    static func == (a: OrderedJSON, b: OrderedJSON) -> Bool { a.description == b.description }

    var description: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .number(let n): return n
        case .bool(let b): return String(b)
        case .null: return "null"
        case .array(let a): return "[" + a.map(\.description).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }

    /// The value's type name: what the comparison with Prometheus checks where values differ by timing.
    var typeName: String {
        switch self {
        case .string: return "string"
        case .number: return "number"
        case .bool: return "bool"
        case .null: return "null"
        case .array: return "array"
        case .object: return "object"
        }
    }

    subscript(key: String) -> OrderedJSON? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.key == key }?.value
    }

    var keys: [String] {
        guard case .object(let fields) = self else { return [] }
        return fields.map(\.key)
    }

    var items: [OrderedJSON] {
        guard case .array(let items) = self else { return [] }
        return items
    }

    var stringValue: String? {
        guard case .string(let s) = self else { return nil }
        return s
    }

    static func parse(_ text: String) throws -> OrderedJSON {
        var reader = Reader(bytes: Array(text.utf8))
        let value = try reader.value()
        reader.skipSpace()
        guard reader.i == reader.bytes.count else { throw ClientError("trailing bytes in JSON") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, [9, 10, 13, 32].contains(bytes[i]) { i += 1 }
        }

        mutating func value() throws -> OrderedJSON {
            skipSpace()
            guard i < bytes.count else { throw ClientError("unexpected end of JSON") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var fields: [(key: String, value: OrderedJSON)] = []
                skipSpace()
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    fields.append((key, try value()))
                    skipSpace()
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    try expect("}")
                    return .object(fields)
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [OrderedJSON] = []
                skipSpace()
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    try expect("]")
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): i += 4; return .bool(true)
            case UInt8(ascii: "f"): i += 5; return .bool(false)
            case UInt8(ascii: "n"): i += 4; return .null
            default:
                let start = i
                while i < bytes.count, "-+.eE0123456789".utf8.contains(bytes[i]) { i += 1 }
                guard i > start else { throw ClientError("unexpected byte \(bytes[i]) in JSON") }
                return .number(String(decoding: bytes[start..<i], as: UTF8.self))
            }
        }

        mutating func expect(_ c: Character) throws {
            guard i < bytes.count, bytes[i] == c.asciiValue else { throw ClientError("expected \(c) in JSON at \(i)") }
            i += 1
        }

        /// A string with its escapes decoded (through Foundation, which knows them all).
        mutating func string() throws -> String {
            try expect("\"")
            let start = i - 1
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
            try expect("\"")
            let literal = Data(bytes[start..<i])
            guard let s = try JSONSerialization.jsonObject(with: literal, options: [.fragmentsAllowed]) as? String else {
                throw ClientError("bad JSON string")
            }
            return s
        }
    }
}
