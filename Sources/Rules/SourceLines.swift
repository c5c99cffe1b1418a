/// The lines of a YAML text, as Unicode scalars, made when asked for.
///
/// Positions are only needed to report errors, yet a rule file's lines were kept split into scalar arrays
/// (four bytes a character plus an array per line: 250 MB for a 50 MB file). This keeps the text and the
/// UTF-8 offset where each line starts, and decodes a line on access.
struct SourceLines: RandomAccessCollection, Sendable {
    let text: String
    /// UTF-8 offset of the start of each line; a text of n line feeds has n + 1 lines.
    private let starts: [Int]

    init(_ text: String) {
        var starts = [0]
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == 0x0A { starts.append(offset) }
        }
        self.text = text
        self.starts = starts
    }

    var startIndex: Int { 0 }
    var endIndex: Int { starts.count }

    /// Line `i` (0-based) without its line break; a `\r` before the `\n` is dropped too.
    subscript(i: Int) -> [Unicode.Scalar] {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: starts[i])
        var end = i + 1 < starts.count ? utf8.index(utf8.startIndex, offsetBy: starts[i + 1] - 1) : utf8.endIndex
        if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
        return Array(text[start..<end].unicodeScalars)
    }
}
