import Foundation
import Yams

/// Strings, numbers and booleans straight from scalar nodes, with messages that say what was expected and
/// what the file holds. Nil for any other type (it decodes itself).
enum ScalarReading {
    static func read<T>(_ type: T.Type, node: Node, path: [any CodingKey]) throws -> T? {
        switch type {
        case is String.Type: return try string(node, path) as? T
        case is Bool.Type: return try bool(node, path) as? T
        case is Double.Type: return try double(node, path) as? T
        case is Float.Type: return try Float(double(node, path)) as? T
        case is Int.Type: return try integer(node, path, Int.self) as? T
        case is Int64.Type: return try integer(node, path, Int64.self) as? T
        case is Int32.Type: return try integer(node, path, Int32.self) as? T
        case is UInt.Type: return try integer(node, path, UInt.self) as? T
        case is UInt64.Type: return try integer(node, path, UInt64.self) as? T
        case is UInt32.Type: return try integer(node, path, UInt32.self) as? T
        case is UInt16.Type: return try integer(node, path, UInt16.self) as? T
        default: return nil
        }
    }

    static func mismatch(_ node: Node, _ expected: String, _ path: [any CodingKey]) -> LocatedError {
        LocatedError(node: node, message: "expected \(expected)\(NodeDecoder.at(path)), got \(YAMLValue.describe(node))")
    }

    /// Any scalar reads as its text (Go reads `port: 80` into a string field as "80").
    static func string(_ node: Node, _ path: [any CodingKey]) throws -> String {
        guard case .scalar(let s) = node else { throw mismatch(node, "a string", path) }
        return YAMLScalarResolution.kind(of: s) == .null ? "" : s.string
    }

    static func bool(_ node: Node, _ path: [any CodingKey]) throws -> Bool {
        guard case .scalar(let s) = node, YAMLScalarResolution.kind(of: s) == .bool else { throw mismatch(node, "true or false", path) }
        return s.string.lowercased() == "true"
    }

    static func double(_ node: Node, _ path: [any CodingKey]) throws -> Double {
        guard case .scalar(let s) = node, [.int, .float].contains(YAMLScalarResolution.kind(of: s)),
              let v = YAMLScalarResolution.double(s.string) else { throw mismatch(node, "a number", path) }
        return v
    }

    static func integer<I: FixedWidthInteger>(_ node: Node, _ path: [any CodingKey], _ type: I.Type) throws -> I {
        guard case .scalar(let s) = node, YAMLScalarResolution.kind(of: s) == .int,
              let v = YAMLScalarResolution.int(s.string) else { throw mismatch(node, "a whole number", path) }
        guard let fitted = I(exactly: v) else {
            throw LocatedError(node: node, message: "\(s.string) is out of range\(NodeDecoder.at(path)) (\(I.min)...\(I.max))")
        }
        return fitted
    }
}
