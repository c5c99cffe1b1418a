import TimeSeries

/// A pattern of the `pattern` parser and of `|>`/`!>` line filters: literals and captures `<name>`, where
/// `<_>` captures nothing. https://grafana.com/docs/loki/latest/query/log_queries/ "Pattern".
///
/// Matching reads the line left to right: a leading literal must start the line, each capture runs up to
/// the next occurrence of the literal after it, and a capture at the end takes the rest of the line.
struct LogPattern: Sendable {
    enum Node: Sendable, Equatable {
        case literal([UInt8])
        case capture(String)
    }

    let nodes: [Node]

    var captureNames: [String] {
        nodes.compactMap { if case .capture(let n) = $0, n != "_" { return n } else { return nil } }
    }

    init(_ text: String) throws(PipelineCompileError) {
        var nodes: [Node] = []
        var literal: [UInt8] = []
        let b = Array(text.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "<"), let close = LogPattern.captureEnd(b, from: i) {
                if !literal.isEmpty { nodes.append(.literal(literal)); literal = [] }
                let name = String(decoding: b[(i + 1)..<close], as: UTF8.self)
                if case .capture = nodes.last {
                    throw PipelineCompileError("invalid pattern \(quoteGo(text)): consecutive captures are not allowed")
                }
                nodes.append(.capture(name))
                i = close + 1
            } else {
                literal.append(b[i])
                i += 1
            }
        }
        if !literal.isEmpty { nodes.append(.literal(literal)) }
        if !nodes.contains(where: { if case .capture = $0 { return true } else { return false } }) {
            throw PipelineCompileError("invalid pattern \(quoteGo(text)): at least one capture is required")
        }
        let names = nodes.compactMap { if case .capture(let n) = $0, n != "_" { return n } else { return nil } }
        if Set(names).count != names.count {
            throw PipelineCompileError("invalid pattern \(quoteGo(text)): duplicate capture name")
        }
        self.nodes = nodes
    }

    /// `<name>`: a name of letters, digits and `_` not starting with a digit.
    private static func captureEnd(_ b: [UInt8], from start: Int) -> Int? {
        var j = start + 1
        while j < b.count, b[j] != UInt8(ascii: ">") {
            let c = b[j]
            let ok = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || (c >= 0x30 && c <= 0x39 && j > start + 1)
            if !ok { return nil }
            j += 1
        }
        return j < b.count && j > start + 1 ? j : nil
    }

    /// The named captures in order, or nil when the line does not match.
    func match(_ line: String) -> [(String, String)]? {
        let b = Array(line.utf8)
        var pos = 0
        var out: [(String, String)] = []
        var i = 0
        while i < nodes.count {
            switch nodes[i] {
            case .literal(let lit):
                guard LogPattern.hasPrefix(b, at: pos, lit) else { return nil }
                pos += lit.count
                i += 1
            case .capture(let name):
                let start = pos
                var end = b.count
                var next = i + 1
                if next < nodes.count, case .literal(let lit) = nodes[next] {
                    guard let at = LogPattern.find(lit, in: b, from: pos) else { return nil }
                    end = at
                    pos = at + lit.count
                    next += 1
                } else {
                    pos = b.count
                }
                if name != "_" { out.append((name, String(decoding: b[start..<end], as: UTF8.self))) }
                i = next
            }
        }
        return out
    }

    static func hasPrefix(_ b: [UInt8], at pos: Int, _ lit: [UInt8]) -> Bool {
        guard pos + lit.count <= b.count else { return false }
        for k in 0..<lit.count where b[pos + k] != lit[k] { return false }
        return true
    }

    static func find(_ lit: [UInt8], in b: [UInt8], from pos: Int) -> Int? {
        guard !lit.isEmpty else { return pos }
        var at = pos
        while at + lit.count <= b.count {
            if b[at] == lit[0], hasPrefix(b, at: at, lit) { return at }
            at += 1
        }
        return nil
    }
}
