import TimeSeries
import Yams

/// A YAML text (a whole file, or a rule file nested in a ConfigMap value) with what is needed to report
/// positions in the outermost file.
struct YAMLDocument {
    let text: String
    let lines: SourceLines
    /// Set for nested texts: maps positions in `text` to the outer file.
    let enclosing: ScalarSourceMap?

    init(text: String, enclosing: ScalarSourceMap? = nil) {
        self.text = text
        self.lines = SourceLines(text)
        self.enclosing = enclosing
    }

    /// Maps a position in `text` to the outer file.
    func outer(_ position: SourcePosition) -> SourcePosition {
        enclosing?.outerPosition(of: position) ?? position
    }

    /// The outer-file position of a node.
    func position(of node: Node) -> SourcePosition {
        guard let mark = node.mark else { return outer(SourcePosition(line: 1, column: 1)) }
        return outer(SourcePosition(line: mark.line, column: mark.column))
    }

    /// The map from positions inside a scalar node's value to the outer file.
    func sourceMap(of node: Node) -> ScalarSourceMap? {
        guard case let .scalar(scalar) = node, let mark = scalar.mark else { return nil }
        return ScalarSourceMap(
            lines: lines, mark: SourcePosition(line: mark.line, column: mark.column),
            style: ScalarStyle(scalar.style), value: scalar.string, parent: enclosing)
    }

    /// The documents of the text, in order. A syntax error ends the list; it is returned with the documents
    /// read before it.
    func documents() -> (documents: [Node?], error: (message: String, position: SourcePosition)?) {
        var out: [Node?] = []
        do {
            let parser = try Parser(yaml: text, resolver: .basic)
            while let node = try parser.nextRoot() {
                out.append(Self.isEmptyDocument(node) ? nil : node)
            }
            return (out, nil)
        } catch let error as YamlError {
            return (out, describe(error))
        } catch {
            return (out, ("yaml: \(error)", outer(SourcePosition(line: 1, column: 1))))
        }
    }

    /// An empty document (`---` with nothing after it) comes back as an empty plain null scalar.
    private static func isEmptyDocument(_ node: Node) -> Bool {
        if case let .scalar(s) = node, s.string.isEmpty, s.style == .plain || s.style == .any { return true }
        return false
    }

    private func describe(_ error: YamlError) -> (message: String, position: SourcePosition) {
        func pos(_ m: Mark) -> SourcePosition { outer(SourcePosition(line: m.line, column: m.column)) }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            var message = "yaml: \(problem)"
            if let context, !context.text.isEmpty {
                message += " (\(context.text) at \(pos(context.mark)))"
            }
            return (message, pos(mark))
        case let .reader(problem, offset, _, _):
            let p = offset.map { SourcePosition(utf8Offset: $0, in: text) } ?? SourcePosition(line: 1, column: 1)
            return ("yaml: \(problem)", outer(p))
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? ""
            let first = SourcePosition(line: context.mark.line, column: context.mark.column)
            let second = findRepeatedKey(key, after: first)
            return ("mapping key \(quoteGo(key)) already defined at line \(outer(first).line)", outer(second ?? first))
        default:
            return ("yaml: \(error)", outer(SourcePosition(line: 1, column: 1)))
        }
    }

    /// Yams reports the first of two equal keys; find the second one, a key at the same column further down.
    private func findRepeatedKey(_ key: String, after first: SourcePosition) -> SourcePosition? {
        let column = first.column
        let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }
        var n = first.line
        while n < lines.count {
            let l = lines[n]
            n += 1
            guard l.count >= column else { continue }
            let before = l[..<(column - 1)]
            guard before.allSatisfy({ $0 == " " || $0 == "-" }) else {
                continue
            }
            for spelling in spellings {
                let end = column - 1 + spelling.count
                guard end <= l.count, Array(l[(column - 1)..<end]) == spelling else { continue }
                let rest = l[end...].drop { $0 == " " }
                if rest.first == ":" { return SourcePosition(line: n, column: column) }
            }
        }
        return nil
    }
}

extension ScalarStyle {
    init(_ style: Node.Scalar.Style) {
        switch style {
        case .singleQuoted: self = .singleQuoted
        case .doubleQuoted: self = .doubleQuoted
        case .literal: self = .literal
        case .folded: self = .folded
        case .plain, .any: self = .plain
        }
    }
}
