/// A place in a text: 1-based line and column (columns count Unicode scalars, as libyaml does).
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// The position of the scalar at UTF-8 byte `offset` in `text`.
    public init(utf8Offset offset: Int, in text: String) {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        self.init(line: line, column: column)
    }
}

/// A half-open range of UTF-8 byte offsets into a source text, as parsers record it on AST nodes.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public var description: String { "\(start)..<\(end)" }
}

/// Formats a located error the way compilers do, with the offending line and a caret under the column:
///
///     rules.yaml:12:9: unknown field "expresion"
///       expresion: up == 0
///       ^
public func formatLocatedError(file: String, position: SourcePosition, message: String, source: String?) -> String {
    var out = "\(file):\(position.line):\(position.column): \(message)"
    guard let source else { return out }
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    guard position.line >= 1, position.line <= lines.count else { return out }
    let line = String(lines[position.line - 1]).replacingTabs()
    let scalarsBefore = String(String(lines[position.line - 1]).unicodeScalars.prefix(max(0, position.column - 1)))
    let indent = scalarsBefore.replacingTabs().count
    out += "\n    \(line)\n    \(String(repeating: " ", count: indent))^"
    return out
}

extension String {
    fileprivate func replacingTabs() -> String {
        var out = ""
        for ch in self { out += ch == "\t" ? "    " : String(ch) }
        return out
    }
}
