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
    guard let source, let whole = sourceLine(position.line, of: source) else { return out }
    // A long line (a one-line 1 MB expression) is quoted as a window around the column, never whole.
    let scalars = Array(whole.unicodeScalars)
    let column = min(max(0, position.column - 1), scalars.count)
    var start = 0, end = scalars.count
    if scalars.count > excerptWidth {
        start = max(0, min(column - excerptWidth / 2, scalars.count - excerptWidth))
        end = start + excerptWidth
    }
    let prefix = start > 0 ? "…" : "", suffix = end < scalars.count ? "…" : ""
    let shown = String(String.UnicodeScalarView(scalars[start..<end]))
    let before = String(String.UnicodeScalarView(scalars[start..<max(start, column)]))
    let indent = prefix.count + before.replacingTabs().count
    out += "\n    \(prefix)\(shown.replacingTabs())\(suffix)\n    \(String(repeating: " ", count: indent))^"
    return out
}

/// The most characters of a source line an error message quotes.
public let excerptWidth = 160

/// Line `number` (1-based) of `source`, found without splitting the whole text.
func sourceLine(_ number: Int, of source: String) -> Substring? {
    guard number >= 1 else { return nil }
    var line = 1
    var start = source.utf8.startIndex
    if number > 1 {
        var i = source.utf8.startIndex
        while i < source.utf8.endIndex {
            let b = source.utf8[i]
            source.utf8.formIndex(after: &i)
            if b == 0x0A {
                line += 1
                if line == number { start = i; break }
            }
        }
        guard line == number else { return nil }
    }
    let end = source.utf8[start...].firstIndex(of: 0x0A) ?? source.utf8.endIndex
    return source[start..<end]
}

extension String {
    fileprivate func replacingTabs() -> String {
        var out = ""
        for ch in self { out += ch == "\t" ? "    " : String(ch) }
        return out
    }
}
