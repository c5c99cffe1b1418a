import TimeSeries

/// Maps positions inside a YAML scalar's value (an expression, or a rule file nested in a ConfigMap) back to
/// the file the scalar was written in, and through any enclosing scalars to the outermost file.
///
/// The map is built by decoding the scalar's source again while remembering where each character came from.
/// When that decoding disagrees with the YAML parser's value (unusual escapes, indentation indicators), a
/// simpler approximation is used: block scalars map line by line, flow scalars by offset from their start.
///
/// Only errors need it, and a file has a map for every expression, label and annotation value, so the map
/// keeps what it is built from (the document's lines, shared, and the value, shared with the rule) and is
/// resolved when a position is asked for. Holding a position per character of every value cost more memory
/// than the rest of a loaded rule file together.
public final class ScalarSourceMap: Sendable {
    let lines: SourceLines
    let mark: SourcePosition
    let style: ScalarStyle
    let value: String
    /// The map of the document the scalar sits in, when that document is itself nested.
    private let parent: ScalarSourceMap?

    init(lines: SourceLines, mark: SourcePosition, style: ScalarStyle, value: String, parent: ScalarSourceMap?) {
        self.lines = lines
        self.mark = mark
        self.style = style
        self.value = value
        self.parent = parent
    }

    /// The outermost-file position of `position` (1-based line and column inside the scalar's value).
    public func outerPosition(of position: SourcePosition) -> SourcePosition {
        let local = resolved.localPosition(of: position)
        return parent?.outerPosition(of: local) ?? local
    }

    /// The outermost-file position of the value's Unicode scalar at `index`.
    public func outerPosition(ofScalarAt index: Int) -> SourcePosition {
        let local = resolved.localPosition(ofScalarAt: index)
        return parent?.outerPosition(of: local) ?? local
    }

    private var resolved: ResolvedScalarMap {
        ResolvedScalarMap.build(lines: lines, mark: mark, style: style, value: value)
    }
}

/// A scalar's map worked out: where each character of the value came from.
struct ResolvedScalarMap {
    /// Outer position of each Unicode scalar of the value; `nil` when the approximation is used.
    private let positions: [SourcePosition]?
    /// Index (in Unicode scalars) of the start of each line of the value.
    private let lineStarts: [Int]
    private let count: Int
    private let approximation: Approximation

    struct Approximation: Sendable {
        /// For block scalars: outer line of inner line 1, and the content indentation.
        /// For flow scalars: position of the first character; later lines start at column `indent + 1`.
        var firstLine: Int
        var firstColumn: Int
        var indent: Int
        var isBlock: Bool
    }

    init(positions: [SourcePosition]?, value: [Unicode.Scalar], approximation: Approximation) {
        self.positions = positions
        var starts = [0]
        for (i, s) in value.enumerated() where s == "\n" { starts.append(i + 1) }
        self.lineStarts = starts
        self.count = value.count
        self.approximation = approximation
    }

    func localPosition(ofScalarAt index: Int) -> SourcePosition {
        var line = 0
        for (i, start) in lineStarts.enumerated() where start <= index { line = i }
        return localPosition(of: SourcePosition(line: line + 1, column: index - lineStarts[line] + 1))
    }

    func localPosition(of position: SourcePosition) -> SourcePosition {
        let line = min(max(position.line, 1), lineStarts.count)
        let column = max(position.column, 1)
        if let positions, !positions.isEmpty {
            let lineEnd = line < lineStarts.count ? lineStarts[line] - 1 : count
            let index = min(lineStarts[line - 1] + column - 1, lineEnd)
            if index < positions.count { return positions[index] }
            let last = positions[positions.count - 1]
            return SourcePosition(line: last.line, column: last.column + 1 + (index - positions.count))
        }
        let a = approximation
        if a.isBlock {
            return SourcePosition(line: a.firstLine + line - 1, column: a.indent + column)
        }
        if line == 1 { return SourcePosition(line: a.firstLine, column: a.firstColumn + column - 1) }
        return SourcePosition(line: a.firstLine + line - 1, column: a.indent + column)
    }
}

extension ResolvedScalarMap {
    /// Builds the map of a scalar whose node starts at `mark` (the quote, the `|`/`>` indicator, or the first
    /// character) in `lines` (the containing document's text, split into lines of Unicode scalars).
    static func build(
        lines: SourceLines, mark: SourcePosition, style: ScalarStyle, value: String
    ) -> ResolvedScalarMap {
        let scalars = Array(value.unicodeScalars)
        switch style {
        case .literal, .folded:
            let block = BlockScalarDecoder(lines: lines, headerLine: mark.line, headerColumn: mark.column)
            let decoded = style == .literal ? block.literal() : block.folded()
            let exact = Self.prefixPositions(decoded: decoded, value: scalars)
            let approx = Approximation(firstLine: mark.line + 1, firstColumn: block.indent + 1, indent: block.indent, isBlock: true)
            return ResolvedScalarMap(positions: exact, value: scalars, approximation: approx)
        case .plain, .singleQuoted, .doubleQuoted:
            let start = style == .plain ? mark.column : mark.column + 1
            let exact = FlowScalarDecoder(lines: lines, style: style).positions(line: mark.line, column: start, value: scalars)
            let indent = lines.indices.contains(mark.line - 1) ? lines[mark.line - 1].prefix { $0 == " " }.count : 0
            let approx = Approximation(firstLine: mark.line, firstColumn: start, indent: indent, isBlock: false)
            return ResolvedScalarMap(positions: exact, value: scalars, approximation: approx)
        }
    }

    private static func prefixPositions(decoded: [(Unicode.Scalar, SourcePosition)], value: [Unicode.Scalar]) -> [SourcePosition]? {
        guard decoded.count >= value.count else { return nil }
        for (i, s) in value.enumerated() where decoded[i].0 != s { return nil }
        // What is left over may only be line breaks dropped by chomping.
        guard decoded[value.count...].allSatisfy({ $0.0 == "\n" }) else { return nil }
        return decoded.prefix(value.count).map(\.1)
    }
}

/// The five YAML scalar styles (Yams's `.any` never comes out of the parser).
enum ScalarStyle: Sendable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

private func isBlank(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" }

/// Re-decodes `|` and `>` scalars with positions.
private struct BlockScalarDecoder {
    let lines: SourceLines
    let headerLine: Int
    /// Content indentation (number of spaces).
    let indent: Int
    /// Outer line numbers and texts of the content lines (trailing lines up to the end of the scalar).
    let content: [(line: Int, text: [Unicode.Scalar])]

    init(lines: SourceLines, headerLine: Int, headerColumn: Int) {
        self.lines = lines
        self.headerLine = headerLine
        var explicit: Int?
        if lines.indices.contains(headerLine - 1) {
            let header = lines[headerLine - 1].dropFirst(headerColumn)
            for s in header {
                if let d = Int(String(s)), d > 0 { explicit = d; continue }
                if s == "+" || s == "-" { continue }
                break
            }
        }
        var indent = 0
        if let explicit {
            // Relative to the indentation of the line holding the key (a `- ` counts as indentation).
            var parentIndent = 0
            if lines.indices.contains(headerLine - 1) {
                let l = lines[headerLine - 1]
                var i = 0
                while i < l.count, l[i] == " " || (l[i] == "-" && i + 1 < l.count && l[i + 1] == " ") { i += 1 }
                parentIndent = i
            }
            indent = parentIndent + explicit
        } else {
            var maxBlank = 0
            var n = headerLine
            while n < lines.count {
                let l = lines[n]
                if l.allSatisfy({ $0 == " " }) { maxBlank = max(maxBlank, l.count); n += 1; continue }
                indent = max(maxBlank, l.prefix { $0 == " " }.count)
                break
            }
            if indent == 0 { indent = maxBlank }
        }
        self.indent = indent
        var content: [(Int, [Unicode.Scalar])] = []
        var n = headerLine
        while n < lines.count {
            let l = lines[n]
            let isEmpty = l.allSatisfy(isBlank)
            if !isEmpty && l.prefix(while: { $0 == " " }).count < indent { break }
            content.append((n + 1, l))
            n += 1
        }
        self.content = content
    }

    private func text(_ l: [Unicode.Scalar]) -> ArraySlice<Unicode.Scalar> {
        l.count > indent ? l[indent...] : []
    }

    func literal() -> [(Unicode.Scalar, SourcePosition)] {
        var out: [(Unicode.Scalar, SourcePosition)] = []
        for (line, l) in content {
            for (i, s) in text(l).enumerated() { out.append((s, SourcePosition(line: line, column: indent + i + 1))) }
            out.append(("\n", SourcePosition(line: line, column: l.count + 1)))
        }
        return out
    }

    func folded() -> [(Unicode.Scalar, SourcePosition)] {
        var out: [(Unicode.Scalar, SourcePosition)] = []
        var previous: (moreIndented: Bool, breakAt: SourcePosition)?
        var empties: [SourcePosition] = []
        for (line, l) in content {
            let t = text(l)
            if l.allSatisfy(isBlank) && t.allSatisfy(isBlank) {
                empties.append(SourcePosition(line: line, column: 1))
                continue
            }
            let moreIndented = t.first.map(isBlank) ?? false
            if let p = previous {
                if !p.moreIndented && !moreIndented && empties.isEmpty {
                    out.append((" ", p.breakAt))
                } else if !p.moreIndented && !moreIndented {
                    out += empties.map { ("\n", $0) }
                } else {
                    out.append(("\n", p.breakAt))
                    out += empties.map { ("\n", $0) }
                }
            } else {
                out += empties.map { ("\n", $0) }
            }
            empties = []
            for (i, s) in t.enumerated() { out.append((s, SourcePosition(line: line, column: indent + i + 1))) }
            previous = (moreIndented, SourcePosition(line: line, column: l.count + 1))
        }
        if let p = previous { out.append(("\n", p.breakAt)) }
        out += empties.map { ("\n", $0) }
        return out
    }
}

/// Re-decodes plain, single- and double-quoted scalars with positions, following YAML's line folding.
private struct FlowScalarDecoder {
    let lines: SourceLines
    let style: ScalarStyle

    func positions(line startLine: Int, column startColumn: Int, value: [Unicode.Scalar]) -> [SourcePosition]? {
        var out: [SourcePosition] = []
        out.reserveCapacity(value.count)
        var line = startLine
        var column = startColumn
        var pending: [(Unicode.Scalar, SourcePosition)] = []
        var escapedBreak = false

        func expect(_ s: Unicode.Scalar?, _ p: SourcePosition) -> Bool {
            guard out.count < value.count else { return false }
            if let s, value[out.count] != s { return false }
            out.append(p)
            return true
        }

        while out.count < value.count {
            guard lines.indices.contains(line - 1) else { return nil }
            let l = lines[line - 1]
            if column > l.count {
                // A line break: trailing blanks go, then the break folds into a space or into the empty lines.
                pending = []
                let breakAt = SourcePosition(line: line, column: column)
                line += 1
                var empties: [SourcePosition] = []
                while lines.indices.contains(line - 1), lines[line - 1].allSatisfy(isBlank) {
                    empties.append(SourcePosition(line: line, column: 1))
                    line += 1
                }
                guard lines.indices.contains(line - 1) else { return nil }
                column = (lines[line - 1].firstIndex { !isBlank($0) } ?? 0) + 1
                if escapedBreak {
                    escapedBreak = false
                    for e in empties where !expect("\n", e) { return nil }
                } else if empties.isEmpty {
                    if !expect(" ", breakAt) { return nil }
                } else {
                    for e in empties where !expect("\n", e) { return nil }
                }
                continue
            }
            let s = l[column - 1]
            let here = SourcePosition(line: line, column: column)
            if isBlank(s) {
                pending.append((s, here))
                column += 1
                continue
            }
            for (ps, pp) in pending where !expect(ps, pp) { return nil }
            pending = []
            if style == .singleQuoted && s == "'" {
                if !expect("'", here) { return nil }
                column += 2
            } else if style == .doubleQuoted && s == "\\" {
                guard column < l.count else {
                    escapedBreak = true
                    column += 1
                    continue
                }
                let length: Int
                switch l[column] {
                case "x": length = 4
                case "u": length = 6
                case "U": length = 10
                default: length = 2
                }
                if !expect(nil, here) { return nil }
                column += length
            } else {
                if !expect(s, here) { return nil }
                column += 1
            }
        }
        return out
    }
}
