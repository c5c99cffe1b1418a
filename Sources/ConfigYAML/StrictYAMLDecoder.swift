import Foundation
import TimeSeries
import Yams

/// Decodes a configuration file into `Decodable` types, strictly and with positions.
///
/// Swift's `Decodable` ignores keys a type does not read and reports errors by coding path; a configuration
/// file deserves better. This decoder remembers which keys of each mapping were read, and after a type has
/// decoded itself from a mapping, any key it did not read is an error at that key's line and column (as
/// Go's strict YAML decoding reports unknown fields). Type mismatches and `ConfigValueError`s thrown by a
/// type's `init(from:)` are placed at the offending value. A type may decode itself and another type from
/// the same mapping (a datasource holding the HTTP settings inline): keys read by either count as known.
public struct StrictYAMLDecoder: Sendable {
    /// Reports unknown fields: the key, the Swift type that was decoded, and the path (`datasources[0]`).
    public var unknownFieldMessage: @Sendable (_ key: String, _ typeName: String, _ path: String) -> String = { key, _, path in
        path.isEmpty ? "unknown field \"\(key)\"" : "unknown field \"\(key)\" in \(path)"
    }
    public var ignoreUnknownFields = false
    /// Passed to every `init(from:)` as the decoder's `userInfo` (for example the file's folder, so
    /// relative paths can be resolved).
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// Decodes the first YAML document of `text`; an empty document decodes as an empty mapping, so a
    /// type whose fields are all optional accepts an empty file. `file` names the file in errors.
    public func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(ConfigFileError) -> T {
        let root: Node
        do {
            root = try Yams.compose(yaml: text, .basic) ?? Node.mapping(Node.Mapping([]))
        } catch let error as YamlError {
            throw Self.describe(error, file: file, text: text)
        } catch {
            throw ConfigFileError(file: file, position: nil, message: "yaml: \(error)")
        }
        let nullDocument = (YAMLValue.kind(root) == .null)
        let node = nullDocument ? Node.mapping(Node.Mapping([])) : root
        let state = DecodingState(options: self, file: file)
        do {
            let value = try T(from: NodeDecoder(node: node, codingPath: [], state: state))
            try state.checkUnknownKeys(of: node, path: [], typeName: String(describing: T.self))
            return value
        } catch {
            throw state.located(error, root: node)
        }
    }

    static func describe(_ error: YamlError, file: String, text: String) -> ConfigFileError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            var message = "yaml: \(problem)"
            if let context, !context.text.isEmpty { message += " \(context.text)" }
            return ConfigFileError(file: file, position: SourcePosition(line: mark.line, column: mark.column), message: message)
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? ""
            let first = SourcePosition(line: context.mark.line, column: context.mark.column)
            let second = repeatedKey(key, after: first, in: text) ?? first
            return ConfigFileError(file: file, position: second, message: "field \"\(key)\" is given twice (first at line \(first.line))")
        default:
            return ConfigFileError(file: file, position: nil, message: "yaml: \(error)")
        }
    }
}

extension StrictYAMLDecoder {
    /// Yams reports where the first of two equal keys is; the second is a key at the same column further
    /// down (plain or quoted).
    static func repeatedKey(_ key: String, after first: SourcePosition, in text: String) -> SourcePosition? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let spellings = [key, "\"\(key)\"", "'\(key)'"]
        var n = first.line
        while n < lines.count {
            let line = Array(lines[n].unicodeScalars)
            let start = first.column - 1
            if start >= 0, start <= line.count {
                let rest = String(String.UnicodeScalarView(line[start...]))
                if spellings.contains(where: { rest.hasPrefix($0 + ":") }) { return SourcePosition(line: n + 1, column: first.column) }
            }
            n += 1
        }
        return nil
    }
}

/// Shared by every decoder and container of one `decode` call.
final class DecodingState {
    let options: StrictYAMLDecoder
    let file: String
    /// Keys read so far, by the path of their mapping.
    var readKeys: [String: Set<String>] = [:]
    /// Paths of mappings some type opened a keyed container on.
    var keyedPaths: Set<String> = []

    init(options: StrictYAMLDecoder, file: String) {
        self.options = options
        self.file = file
    }

    static func pathKey(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
    }

    /// `datasources[0].basic_auth`, for messages.
    static func readablePath(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out
    }

    /// After a type decoded itself from `node`: an error for the first key it did not read.
    func checkUnknownKeys(of node: Node, path: [any CodingKey], typeName: String) throws {
        guard !options.ignoreUnknownFields, case .mapping(let mapping) = node else { return }
        let key = Self.pathKey(path)
        guard keyedPaths.contains(key) else { return }
        let read = readKeys[key] ?? []
        for (keyNode, _) in mapping {
            guard case .scalar(let k) = keyNode, !read.contains(k.string) else { continue }
            throw LocatedError(node: keyNode, message: options.unknownFieldMessage(k.string, typeName, Self.readablePath(path)))
        }
    }

    /// Turns whatever a decode threw into a located configuration error.
    func located(_ error: any Error, root: Node) -> ConfigFileError {
        switch error {
        case let e as LocatedError:
            return ConfigFileError(file: file, position: e.node.flatMap(YAMLValue.position), message: e.message)
        case let e as ConfigFileError:
            return e
        case let e as DecodingError:
            let (path, message) = Self.explain(e)
            let node = Self.node(at: path, in: root)
            return ConfigFileError(file: file, position: node.flatMap(YAMLValue.position), message: message)
        default:
            return ConfigFileError(file: file, position: nil, message: String(describing: error))
        }
    }

    static func explain(_ error: DecodingError) -> ([any CodingKey], String) {
        switch error {
        case let .dataCorrupted(c):
            return (c.codingPath, c.debugDescription)
        case let .keyNotFound(key, c):
            let where_ = readablePath(c.codingPath)
            return (c.codingPath, where_.isEmpty ? "missing field \"\(key.stringValue)\"" : "missing field \"\(key.stringValue)\" in \(where_)")
        case let .typeMismatch(_, c), let .valueNotFound(_, c):
            return (c.codingPath, c.debugDescription)
        @unknown default:
            return ([], "\(error)")
        }
    }

    /// The node a coding path leads to (as far as it can be followed).
    static func node(at path: [any CodingKey], in root: Node) -> Node? {
        var current = root
        for key in path {
            switch current {
            case .mapping(let m):
                guard let next = m.first(where: { (k, _) in k.string == key.stringValue })?.value else { return current }
                current = next
            case .sequence(let s):
                guard let i = key.intValue, s.indices.contains(i) else { return current }
                current = s[i]
            default:
                return current
            }
        }
        return current
    }
}

/// An error already tied to a node.
struct LocatedError: Error {
    var node: Node?
    var message: String
}
