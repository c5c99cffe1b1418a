import TimeSeries
/// The parse tree of a template (`text/template/parse/node.go`). `description` mirrors Go's `String()`.

/// A number literal with every interpretation Go's `NumberNode` allows.
struct NumberLiteral: Sendable {
    var text: String
    var isInt = false
    var isFloat = false
    var intValue: Int = 0
    var floatValue: Double = 0
    var isComplex = false
    /// Fits uint64 but not int64 (`18446744073709551615`): an error when used.
    var isUint = false
}

/// An operand of a command.
indirect enum ArgNode: Sendable, CustomStringConvertible {
    case field([String], pos: Int)
    case chain(ArgNode, [String], pos: Int)
    case variable([String], pos: Int)
    case identifier(String, pos: Int)
    case dot(pos: Int)
    case nilValue(pos: Int)
    case bool(Bool, pos: Int)
    case number(NumberLiteral, pos: Int)
    case string(quoted: String, text: String, pos: Int)
    case pipe(PipeNode)

    var pos: Int {
        switch self {
        case .field(_, let p), .chain(_, _, let p), .variable(_, let p), .identifier(_, let p), .dot(let p),
             .nilValue(let p), .bool(_, let p), .number(_, let p), .string(_, _, let p):
            return p
        case .pipe(let p): return p.pos
        }
    }

    var description: String {
        switch self {
        case .field(let ids, _): return ids.map { "." + $0 }.joined()
        case .chain(let node, let fields, _):
            var s: String
            if case .pipe = node { s = "(\(node))" } else { s = node.description }
            for f in fields { s += "." + f }
            return s
        case .variable(let ids, _): return ids.joined(separator: ".")
        case .identifier(let n, _): return n
        case .dot: return "."
        case .nilValue: return "nil"
        case .bool(let b, _): return b ? "true" : "false"
        case .number(let n, _): return n.text
        case .string(let q, _, _): return q
        case .pipe(let p): return p.description
        }
    }
}

struct CommandNode: Sendable, CustomStringConvertible {
    var pos: Int
    var args: [ArgNode]
    var description: String {
        args.map { arg -> String in
            if case .pipe(let p) = arg { return "(\(p))" }
            return arg.description
        }.joined(separator: " ")
    }
}

struct PipeNode: Sendable, CustomStringConvertible {
    var pos: Int
    var isAssign = false
    var decl: [String] = []
    var declPos: [Int] = []
    var cmds: [CommandNode] = []
    var description: String {
        var s = ""
        if !decl.isEmpty {
            s = decl.joined(separator: ", ") + (isAssign ? " = " : " := ")
        }
        return s + cmds.map(\.description).joined(separator: " | ")
    }
}

struct BranchNode: Sendable {
    var pos: Int
    var pipe: PipeNode
    var list: [TemplateNode]
    var elseList: [TemplateNode]?
}

indirect enum TemplateNode: Sendable, CustomStringConvertible {
    case text(String, pos: Int)
    case comment(String, pos: Int)
    case action(PipeNode, pos: Int)
    case ifNode(BranchNode)
    case rangeNode(BranchNode)
    case withNode(BranchNode)
    case template(name: String, pipe: PipeNode?, pos: Int)
    case breakNode(pos: Int)
    case continueNode(pos: Int)

    var pos: Int {
        switch self {
        case .text(_, let p), .comment(_, let p), .action(_, let p), .template(_, _, let p), .breakNode(let p), .continueNode(let p):
            return p
        case .ifNode(let b), .rangeNode(let b), .withNode(let b): return b.pos
        }
    }

    var description: String {
        func branch(_ kw: String, _ b: BranchNode) -> String {
            var s = "{{\(kw) \(b.pipe)}}" + b.list.map(\.description).joined()
            if let e = b.elseList { s += "{{else}}" + e.map(\.description).joined() }
            return s + "{{end}}"
        }
        switch self {
        case .text(let t, _): return t
        case .comment(let t, _): return "{{" + t + "}}"
        case .action(let p, _): return "{{\(p)}}"
        case .ifNode(let b): return branch("if", b)
        case .rangeNode(let b): return branch("range", b)
        case .withNode(let b): return branch("with", b)
        case .template(let name, let pipe, _):
            if let pipe { return "{{template \(GoQuote.quote(name)) \(pipe)}}" }
            return "{{template \(GoQuote.quote(name))}}"
        case .breakNode: return "{{break}}"
        case .continueNode: return "{{continue}}"
        }
    }
}

/// One parsed template body with the text it came from (for error positions).
struct ParseTree: Sendable {
    var name: String
    var parseName: String
    var text: String
    private let storage: TreeNodes
    var root: [TemplateNode] { storage.nodes }
    var depth: Int { storage.depth }

    /// `depth` is the deepest nesting the parser met in this text; it decides how the nodes are released.
    init(name: String, parseName: String, text: String, root: [TemplateNode], depth: Int = 0) {
        self.name = name
        self.parseName = parseName
        self.text = text
        self.storage = TreeNodes(root, depth: depth)
    }

    /// Go's `parse.IsEmptyTree`: only whitespace text (and comments).
    var isEmpty: Bool {
        for n in root {
            switch n {
            case .text(let t, _):
                if !t.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) { return false }
            case .comment: continue
            default: return false
            }
        }
        return true
    }

    /// Go's `ErrorContext` location: (line, 0-based byte column).
    func location(of pos: Int) -> (line: Int, column: Int) {
        let bytes = Array(text.utf8)
        let p = min(pos, bytes.count)
        var line = 1
        var lastNewline = -1
        for i in 0..<p where bytes[i] == 0x0A { line += 1; lastNewline = i }
        return (line, lastNewline == -1 ? p : p - lastNewline - 1)
    }
}

/// Owns a tree's nodes. Nodes nest (an `if` holds its body, a parenthesized pipeline its commands), and Swift
/// releases nested values recursively, one stack frame chain per level: releasing a tree nested thousands of
/// levels deep on a 512 KiB thread would overflow it. A deep tree is therefore released on a `LargeStack`
/// thread, whoever drops the last reference.
final class TreeNodes: @unchecked Sendable {
    /// Written only by `init` and `deinit`, so sharing between threads is safe.
    private(set) var nodes: [TemplateNode]
    let depth: Int

    /// Trees at most this deep are released where they are dropped (a few hundred bytes of stack a level).
    static let shallow = 64

    init(_ nodes: [TemplateNode], depth: Int) {
        self.nodes = nodes
        self.depth = depth
    }

    deinit {
        guard depth > Self.shallow else { return }
        var doomed: [TemplateNode] = []
        swap(&doomed, &nodes)
        LargeStack.run { doomed = [] }
    }
}
