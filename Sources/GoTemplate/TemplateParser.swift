import TimeSeries
import Foundation

/// Parses template text into trees (`text/template/parse/parse.go` semantics, including its error messages).
struct TemplateParser {
    struct Failure: Error { var message: String; var line: Int }

    let name: String
    let text: String
    let functions: Set<String>
    var tokens: [Token]
    var index = 0
    var furthest = 0
    var vars: [String] = ["$"]
    var rangeDepth = 0
    /// The byte offset of the token at fault, set before throwing where it is known: Go's messages name
    /// only the line, but a rule loader can point at the exact column with it. Kept out of `Failure` so
    /// the error, which every recursive parsing frame returns, stays small.
    var failureOffset: Int?
    var actionLine = 0
    /// Nesting of parenthesized pipelines and control structures. Go limits parenthesized pipelines to
    /// 10000 ("max expression depth exceeded") and leaves control nesting to its growable stacks; here one
    /// counter bounds both at Go's number, and the parser runs on a `LargeStack` thread that holds it.
    var depth = 0
    static let maxDepth = 10_000
    /// The deepest nesting met so far (see `TreeNodes`).
    var deepest = 0
    /// Trees produced (the main one under `name`, plus `define`/`block` ones).
    var trees: [String: ParseTree] = [:]
    var treeOrder: [String] = []

    init(name: String, text: String, functions: Set<String>, leftDelimiter: String = "{{", rightDelimiter: String = "}}") {
        self.name = name
        self.text = text
        self.functions = functions
        var lexer = TemplateLexer(text, leftDelim: leftDelimiter, rightDelim: rightDelimiter)
        lexer.run()
        self.tokens = lexer.tokens
    }

    // MARK: token access

    mutating func next() -> Token {
        let t = tokens[min(index, tokens.count - 1)]
        if index < tokens.count - 1 { index += 1 } else { index = tokens.count }
        furthest = max(furthest, min(index, tokens.count) - 1)
        return t
    }
    mutating func backup(_ n: Int = 1) { index -= n }
    mutating func peek() -> Token {
        let t = tokens[min(index, tokens.count - 1)]
        furthest = max(furthest, min(index, tokens.count - 1))
        return t
    }
    mutating func nextNonSpace() -> Token {
        var t = next()
        while t.kind == .space { t = next() }
        return t
    }
    mutating func peekNonSpace() -> Token {
        let t = nextNonSpace()
        backup()
        return t
    }

    func fail(_ message: String) -> Failure {
        Failure(message: message, line: tokens[min(furthest, tokens.count - 1)].line)
    }

    func unexpected(_ token: Token, _ context: String) -> Failure {
        if token.kind == .error {
            var extra = ""
            if actionLine != 0 && actionLine != token.line {
                extra = " in action started at \(name):\(actionLine)"
                if token.text.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            return Failure(message: token.text + extra, line: token.line)
        }
        return fail("unexpected \(token.goDescription) in \(context)")
    }

    mutating func expect(_ kind: Token.Kind, _ context: String) throws(Failure) -> Token {
        let t = nextNonSpace()
        if t.kind != kind { throw unexpected(t, context) }
        return t
    }

    // MARK: top level

    mutating func parse() throws(Failure) {
        var root: [TemplateNode] = []
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let save = index
                _ = next()
                if nextNonSpace().kind == .define {
                    try parseDefinition()
                    continue
                }
                index = save
            }
            let (node, terminator) = try textOrAction()
            if let terminator { throw fail("unexpected \(terminator)") }
            if let node { root.append(node) }
        }
        try add(ParseTree(name: name, parseName: name, text: text, root: root, depth: deepest))
    }

    mutating func add(_ tree: ParseTree) throws(Failure) {
        if let existing = trees[tree.name], !existing.isEmpty {
            if !tree.isEmpty { throw fail("template: multiple definition of template \(GoQuote.quote(tree.name))") }
            return
        }
        if trees[tree.name] == nil { treeOrder.append(tree.name) }
        trees[tree.name] = tree
    }

    mutating func parseDefinition() throws(Failure) {
        let context = "define clause"
        let t = nextNonSpace()
        guard t.kind == .string || t.kind == .rawString else { throw unexpected(t, context) }
        let defName = try unquote(t)
        _ = try expect(.rightDelim, context)
        let savedVars = vars
        vars = ["$"]
        let (list, end) = try itemList()
        vars = savedVars
        if end != "{{end}}" { throw fail("unexpected \(end) in \(context)") }
        try add(ParseTree(name: defName, parseName: name, text: text, root: list, depth: deepest))
    }

    func unquote(_ t: Token) throws(Failure) -> String {
        do { return try TemplateLiteral.unquote(t.text) } catch { throw Failure(message: "invalid syntax", line: t.line) }
    }

    /// Parses nodes until `{{end}}` or `{{else}}`; returns which one ended the list.
    mutating func itemList() throws(Failure) -> ([TemplateNode], String) {
        var list: [TemplateNode] = []
        while peekNonSpace().kind != .eof {
            let (node, terminator) = try textOrAction()
            if let terminator { return (list, terminator) }
            if let node { list.append(node) }
        }
        throw fail("unexpected EOF")
    }

    /// Returns a node, or a terminator `{{end}}` / `{{else}}` (with `elseIf`/`elseWith` lookahead left in place).
    mutating func textOrAction() throws(Failure) -> (TemplateNode?, String?) {
        let token = nextNonSpace()
        switch token.kind {
        case .text:
            return (.text(token.text, pos: token.pos), nil)
        case .leftDelim:
            actionLine = token.line
            defer { actionLine = 0 }
            return try action()
        case .comment:
            return (.comment(token.text, pos: token.pos), nil)
        default:
            throw unexpected(token, "input")
        }
    }

    mutating func action() throws(Failure) -> (TemplateNode?, String?) {
        let token = nextNonSpace()
        switch token.kind {
        case .block: return (try blockControl(), nil)
        case .breakKw: return (try breakControl(token, isBreak: true), nil)
        case .continueKw: return (try breakControl(token, isBreak: false), nil)
        case .elseKw:
            let p = peekNonSpace()
            if p.kind == .ifKw || p.kind == .with { return (nil, "{{else}}") }
            _ = try expect(.rightDelim, "else")
            return (nil, "{{else}}")
        case .end:
            _ = try expect(.rightDelim, "end")
            return (nil, "{{end}}")
        case .ifKw: return (.ifNode(try parseControl("if")), nil)
        case .range: return (.rangeNode(try parseControl("range")), nil)
        case .template: return (try templateControl(), nil)
        case .with: return (.withNode(try parseControl("with")), nil)
        default:
            backup()
            let t = peek()
            let pipe = try pipeline("command", end: .rightDelim)
            return (.action(pipe, pos: t.pos), nil)
        }
    }

    mutating func breakControl(_ token: Token, isBreak: Bool) throws(Failure) -> TemplateNode {
        let word = isBreak ? "{{break}}" : "{{continue}}"
        let t = nextNonSpace()
        if t.kind != .rightDelim { throw unexpected(t, word) }
        if rangeDepth == 0 { throw fail("\(word) outside {{range}}") }
        return isBreak ? .breakNode(pos: token.pos) : .continueNode(pos: token.pos)
    }

    mutating func parseControl(_ context: String) throws(Failure) -> BranchNode {
        depth += 1; deepest = max(deepest, depth)
        defer { depth -= 1 }
        if depth >= Self.maxDepth { throw fail("max expression depth exceeded") }
        let savedCount = vars.count
        defer { vars.removeLast(vars.count - savedCount) }
        let pipe = try pipeline(context, end: .rightDelim)
        if context == "range" { rangeDepth += 1 }
        var (list, next) = try itemList()
        if context == "range" { rangeDepth -= 1 }
        var elseList: [TemplateNode]? = nil
        if next == "{{else}}" {
            let p = peekNonSpace()
            if context == "if" && p.kind == .ifKw || context == "with" && p.kind == .with {
                _ = nextNonSpace()
                let nested = try parseControl(context)
                elseList = [context == "if" ? .ifNode(nested) : .withNode(nested)]
                next = "{{end}}"
            } else {
                let (l, n) = try itemList()
                elseList = l
                if n != "{{end}}" { throw fail("expected end; found \(n)") }
            }
        }
        list = list.isEmpty ? [] : list
        return BranchNode(pos: pipe.pos, pipe: pipe, list: list, elseList: elseList)
    }

    mutating func parseTemplateName(_ token: Token, _ context: String) throws(Failure) -> String {
        switch token.kind {
        case .string, .rawString: return try unquote(token)
        default: throw unexpected(token, context)
        }
    }

    mutating func templateControl() throws(Failure) -> TemplateNode {
        let context = "template clause"
        let token = nextNonSpace()
        let tname = try parseTemplateName(token, context)
        var pipe: PipeNode? = nil
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return .template(name: tname, pipe: pipe, pos: token.pos)
    }

    mutating func blockControl() throws(Failure) -> TemplateNode {
        let context = "block clause"
        let token = nextNonSpace()
        let tname = try parseTemplateName(token, context)
        let pipe = try pipeline(context, end: .rightDelim)
        let savedVars = vars
        let savedDepth = rangeDepth
        // Restored on every way out, a thrown error included: an enclosing {{if}} or {{range}} trims `vars`
        // back to the length it had, which traps if the block left `vars` shorter.
        defer {
            vars = savedVars
            rangeDepth = savedDepth
        }
        vars = ["$"]
        rangeDepth = 0
        let (list, end) = try itemList()
        if end != "{{end}}" { throw fail("unexpected \(end) in \(context)") }
        try add(ParseTree(name: tname, parseName: name, text: text, root: list, depth: deepest))
        return .template(name: tname, pipe: pipe, pos: token.pos)
    }

    // MARK: pipelines

    mutating func pipeline(_ context: String, end: Token.Kind) throws(Failure) -> PipeNode {
        depth += 1; deepest = max(deepest, depth)
        defer { depth -= 1 }
        if depth >= Self.maxDepth { throw fail("max expression depth exceeded") }
        var pipe = PipeNode(pos: peekNonSpace().pos)
        // Declarations.
        decls: while true {
            let v = peekNonSpace()
            guard v.kind == .variable else { break }
            let vIndex = index
            _ = nextNonSpace()
            let tokenAfterVariable = peek()
            let nxt = peekNonSpace()
            if nxt.kind == .assign || nxt.kind == .declare {
                pipe.isAssign = nxt.kind == .assign
                _ = nextNonSpace()
                pipe.decl.append(v.text)
                pipe.declPos.append(v.pos)
                vars.append(v.text)
            } else if nxt.kind == .char && nxt.text == "," {
                _ = nextNonSpace()
                pipe.decl.append(v.text)
                pipe.declPos.append(v.pos)
                vars.append(v.text)
                if context == "range" && pipe.decl.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen:
                        continue decls
                    default:
                        throw fail("range can only initialize variables")
                    }
                }
                throw fail("too many declarations in \(context)")
            } else if tokenAfterVariable.kind == .space {
                index = vIndex
                // restore to the (possibly space-preceded) variable
            } else {
                index = vIndex
            }
            break
        }
        while true {
            let token = nextNonSpace()
            if token.kind == end {
                try checkPipeline(pipe, context)
                return pipe
            }
            switch token.kind {
            case .bool, .charConstant, .dot, .field, .identifier, .number, .nilKw, .rawString, .string, .variable, .leftParen:
                backup()
                pipe.cmds.append(try command())
            default:
                throw unexpected(token, context)
            }
        }
    }

    func checkPipeline(_ pipe: PipeNode, _ context: String) throws(Failure) {
        if pipe.cmds.isEmpty { throw fail("missing value for \(context)") }
        for (i, c) in pipe.cmds.enumerated().dropFirst() {
            switch c.args[0] {
            case .bool, .dot, .nilValue, .number, .string:
                throw fail("non executable command in pipeline stage \(i + 1)")
            default: break
            }
        }
    }

    mutating func command() throws(Failure) -> CommandNode {
        var cmd = CommandNode(pos: peekNonSpace().pos, args: [])
        while true {
            _ = peekNonSpace()
            if let operand = try operand() { cmd.args.append(operand) }
            let token = next()
            switch token.kind {
            case .space: continue
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw unexpected(token, "operand")
            }
            break
        }
        if cmd.args.isEmpty { throw fail("empty command") }
        return cmd
    }

    mutating func operand() throws(Failure) -> ArgNode? {
        guard var node = try term() else { return nil }
        if peek().kind == .field {
            let chainPos = peek().pos
            var fields: [String] = []
            while peek().kind == .field { fields.append(String(next().text.dropFirst())) }
            switch node {
            case .field(let ids, _): node = .field(ids + fields, pos: chainPos)
            case .variable(let ids, _): node = .variable(ids + fields, pos: chainPos)
            case .bool, .string, .number, .nilValue, .dot:
                throw fail("unexpected . after term \(GoQuote.quote(node.description))")
            default: node = .chain(node, fields, pos: chainPos)
            }
        }
        return node
    }

    mutating func term() throws(Failure) -> ArgNode? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            if !functions.contains(token.text) { throw fail("function \(GoQuote.quote(token.text)) not defined") }
            return .identifier(token.text, pos: token.pos)
        case .dot: return .dot(pos: token.pos)
        case .nilKw: return .nilValue(pos: token.pos)
        case .variable:
            if !vars.contains(token.text) {
                failureOffset = token.pos
                throw Failure(message: "undefined variable \(GoQuote.quote(token.text))", line: token.line)
            }
            return .variable([token.text], pos: token.pos)
        case .field: return .field([String(token.text.dropFirst())], pos: token.pos)
        case .bool: return .bool(token.text == "true", pos: token.pos)
        case .charConstant, .number:
            return .number(try parseNumber(token), pos: token.pos)
        case .leftParen:
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            return .string(quoted: token.text, text: try unquote(token), pos: token.pos)
        default:
            backup()
            return nil
        }
    }

    func parseNumber(_ token: Token) throws(Failure) -> NumberLiteral {
        let text = token.text
        var n = NumberLiteral(text: text)
        if token.kind == .charConstant {
            guard let s = try? TemplateLiteral.unquote(text), let r = s.unicodeScalars.first else {
                throw Failure(message: "malformed character constant: \(text)", line: token.line)
            }
            n.isInt = true; n.intValue = Int(r.value); n.isFloat = true; n.floatValue = Double(r.value)
            return n
        }
        if text.hasSuffix("i") {
            if GoNumber.parseFloat(String(text.dropLast())) != nil { n.isComplex = true; return n }
        }
        if let i = GoNumber.parseInt(text) {
            n.isInt = true; n.intValue = i; n.isFloat = true; n.floatValue = Double(i)
        } else if !text.hasPrefix("-"), !text.hasPrefix("+"), let u = GoNumber.parseUInt(text) {
            n.isUint = true; n.isFloat = true; n.floatValue = Double(u)
        } else if let f = GoNumber.parseFloat(text) {
            if !text.contains(where: { ".eEpP".contains($0) }) && !text.lowercased().hasPrefix("0x") {
                throw Failure(message: "integer overflow: \(GoQuote.quote(text))", line: token.line)
            }
            n.isFloat = true; n.floatValue = f
            if f.isFinite, f == f.rounded(), abs(f) < 9.2e18 { n.isInt = true; n.intValue = Int(f) }
        }
        if !n.isInt && !n.isFloat {
            throw Failure(message: "illegal number syntax: \(GoQuote.quote(text))", line: token.line)
        }
        return n
    }
}
