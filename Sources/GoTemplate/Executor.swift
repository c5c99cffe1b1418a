import TimeSeries
/// Executes parse trees with Go `text/template` semantics (`text/template/exec.go`).
///
/// Values are `TemplateValue?`: `nil` is Go's invalid `reflect.Value` ("no value").
final class Executor {
    enum Flow: Error {
        case failure(TemplateError)
        case breakLoop
        case continueLoop
    }

    /// The node an error is reported at (Go's `state.at`).
    enum Located {
        case arg(ArgNode)
        case pipe(PipeNode)
        case command(CommandNode)
        case node(TemplateNode)

        var pos: Int {
            switch self {
            case .arg(let a): return a.pos
            case .pipe(let p): return p.pos
            case .command(let c): return c.pos
            case .node(let n): return n.pos
            }
        }
        var description: String {
            switch self {
            case .arg(let a): return a.description
            case .pipe(let p): return p.description
            case .command(let c): return c.description
            case .node(let n): return n.description
            }
        }
    }

    /// The previous pipeline stage's value, passed as the last argument (`missing` for the first stage).
    enum Final {
        case missing
        case value(TemplateValue?)
        var isMissing: Bool { if case .missing = self { return true }; return false }
    }

    /// Go's `maxExecDepth` is 100000 template calls, on goroutine stacks that grow to 1 GB. Here every
    /// level of nesting costs stack — a `template` call and an `if`/`with`/`range` body alike (several KiB
    /// each in a debug build) — so one counter bounds both, and execution runs on a `LargeStack` thread
    /// that holds this many levels with a wide margin.
    static let maxDepth = 10_000

    let templates: [String: ParseTree]
    let functions: FunctionSet
    let missingKey: Template.MissingKey
    var tree: ParseTree
    var node: Located?
    var vars: [(name: String, value: TemplateValue?)] = []
    var depth = 0
    var out = ""
    /// Nodes walked and loop iterations so far (see `maxSteps`).
    var steps = 0

    /// Go has no bound on how long a template runs or how much it writes; `{{range 10000000000}}` or a
    /// doubling loop would hold a service's thread or memory for good. These bounds are far above what a
    /// notification or annotation template does (thousands of alerts take well under a million steps).
    static let maxSteps = 10_000_000
    static let maxOutputBytes = 256 << 20
    /// Whether dot's Go static type is `interface {}` (ranging over `[]interface {}` or `map[string]interface {}`).
    var dotIsInterface = false
    let data: TemplateValue

    init(templates: [String: ParseTree], functions: FunctionSet, missingKey: Template.MissingKey, tree: ParseTree, data: TemplateValue) {
        self.templates = templates
        self.functions = functions
        self.missingKey = missingKey
        self.tree = tree
        self.data = data
    }

    func run() throws(TemplateError) -> String {
        let dot: TemplateValue? = data
        vars = [("$", dot)]
        do {
            try walkList(dot, tree.root)
        } catch {
            switch error {
            case .failure(let e): throw e
            case .breakLoop, .continueLoop:
                throw TemplateError(kind: .other, message: "template: \(tree.name): break or continue outside range", templateName: tree.name)
            }
        }
        return out
    }

    // MARK: errors and variables

    func at(_ l: Located) { node = l }

    func errorf(_ message: String) -> Flow {
        guard let node else {
            return .failure(TemplateError(kind: .other, message: "template: \(tree.name): \(message)", templateName: tree.name))
        }
        let (line, column) = tree.location(of: node.pos)
        return .failure(TemplateError(kind: .execution, message: message, templateName: tree.parseName, line: line,
                                      column: column, executingName: tree.name, context: node.description))
    }

    func push(_ name: String, _ value: TemplateValue?) { vars.append((name, value)) }
    func pop(to mark: Int) { if vars.count > mark { vars.removeLast(vars.count - mark) } }
    func setTopVar(_ n: Int, _ value: TemplateValue?) { vars[vars.count - n].value = value }

    func setVar(_ name: String, _ value: TemplateValue?) throws(Flow) {
        for i in stride(from: vars.count - 1, through: 0, by: -1) where vars[i].name == name {
            vars[i].value = value
            return
        }
        throw errorf("undefined variable: \(name)")
    }

    func varValue(_ name: String) throws(Flow) -> TemplateValue? {
        for i in stride(from: vars.count - 1, through: 0, by: -1) where vars[i].name == name {
            return vars[i].value
        }
        throw errorf("undefined variable: \(name)")
    }

    // MARK: walking

    func walkList(_ dot: TemplateValue?, _ list: [TemplateNode]) throws(Flow) {
        for n in list { try walk(dot, n) }
    }

    /// Counts one step of work and checks the output size.
    func step() throws(Flow) {
        steps += 1
        if steps > Executor.maxSteps {
            throw errorf("execution stopped after \(Executor.maxSteps) steps")
        }
        if out.utf8.count > Executor.maxOutputBytes {
            throw errorf("output exceeds \(Executor.maxOutputBytes) bytes")
        }
    }

    func walk(_ dot: TemplateValue?, _ n: TemplateNode) throws(Flow) {
        try step()
        switch n {
        case .text(let t, _):
            out += t
        case .comment:
            break
        case .action(let pipe, _):
            let val = try evalPipeline(dot, pipe)
            if pipe.decl.isEmpty { try printValue(n, val) }
        case .ifNode(let b):
            try walkIfOrWith(isWith: false, dot, b)
        case .withNode(let b):
            try walkIfOrWith(isWith: true, dot, b)
        case .rangeNode(let b):
            try walkRange(dot, n, b)
        case .template(let name, let pipe, _):
            try walkTemplate(dot, n, name, pipe)
        case .breakNode:
            throw .breakLoop
        case .continueNode:
            throw .continueLoop
        }
    }

    func printValue(_ n: TemplateNode, _ v: TemplateValue?) throws(Flow) {
        at(.node(n))
        guard let v else { out += "<no value>"; return }
        if case .function = v {
            throw errorf("can't print \(n) of type \(v.goTypeName)")
        }
        out += GoFormat.printAction(v)
    }

    /// Enters one level of nesting (a control body or a template call), or fails past `maxDepth`.
    func enter() throws(Flow) {
        if depth >= Executor.maxDepth {
            throw errorf("exceeded maximum template depth (\(Executor.maxDepth))")
        }
        depth += 1
    }

    func walkIfOrWith(isWith: Bool, _ dot: TemplateValue?, _ b: BranchNode) throws(Flow) {
        try enter()
        defer { depth -= 1 }
        let mark = vars.count
        defer { pop(to: mark) }
        let val = try evalPipeline(dot, b.pipe)
        if val?.isTruthy ?? false {
            let savedDotInterface = dotIsInterface
            defer { dotIsInterface = savedDotInterface }
            if isWith { dotIsInterface = false }
            try walkList(isWith ? val : dot, b.list)
        } else if let e = b.elseList {
            try walkList(dot, e)
        }
    }

    func walkRange(_ dot: TemplateValue?, _ n: TemplateNode, _ b: BranchNode) throws(Flow) {
        at(.node(n))
        try enter()
        defer { depth -= 1 }
        let outerMark = vars.count
        defer { pop(to: outerMark) }
        let val = try evalPipeline(dot, b.pipe)
        let mark = vars.count
        let decl = b.pipe.decl
        // Returns false when the loop must stop (break).
        func iteration(_ index: TemplateValue, _ elem: TemplateValue?) throws(Flow) -> Bool {
            try step()
            if !decl.isEmpty {
                if b.pipe.isAssign {
                    try setVar(decl[0], decl.count > 1 ? index : elem)
                } else {
                    setTopVar(1, elem)
                }
            }
            if decl.count > 1 {
                if b.pipe.isAssign { try setVar(decl[1], elem) } else { setTopVar(2, index) }
            }
            defer { pop(to: mark) }
            do {
                try walkList(elem, b.list)
            } catch {
                switch error {
                case .breakLoop: return false
                case .continueLoop: return true
                case .failure: throw error
                }
            }
            return true
        }
        var ran = false
        let savedDotInterface = dotIsInterface
        defer { dotIsInterface = savedDotInterface }
        switch val {
        case .list?, .map?: dotIsInterface = true
        default: dotIsInterface = false
        }
        if let v = val {
            if let elems = v.listElements {
                for (i, e) in elems.enumerated() {
                    ran = true
                    if try !iteration(.int(i), e) { break }
                }
            } else if let entries = v.sortedMapEntries {
                for (k, e) in entries {
                    ran = true
                    if try !iteration(.string(k), e) { break }
                }
            } else if case .int(let count) = v {
                if decl.count > 1 {
                    throw errorf("can't use \(GoFormat.sprint([v])) to iterate over more than one variable")
                }
                var i = 0
                while i < count {
                    ran = true
                    if try !iteration(.int(i), .int(i)) { break }
                    i += 1
                }
            } else if case .null = v {
                // A nil value: nothing to iterate.
            } else {
                throw errorf("range can't iterate over \(GoFormat.sprint([v]))")
            }
        }
        dotIsInterface = savedDotInterface
        if !ran, let e = b.elseList {
            try walkList(dot, e)
        }
    }

    func walkTemplate(_ dot: TemplateValue?, _ n: TemplateNode, _ name: String, _ pipe: PipeNode?) throws(Flow) {
        at(.node(n))
        guard let target = templates[name] else {
            throw errorf("template \(GoQuote.quote(name)) not defined")
        }
        try enter()
        defer { depth -= 1 }
        var newDot: TemplateValue? = nil
        if let pipe { newDot = try evalPipeline(dot, pipe) }
        let savedTree = tree, savedVars = vars
        let savedDotInterface = dotIsInterface
        tree = target
        vars = [("$", newDot)]
        dotIsInterface = false
        defer {
            tree = savedTree
            vars = savedVars
            dotIsInterface = savedDotInterface
        }
        try walkList(newDot, target.root)
    }

    // MARK: pipelines and commands

    func evalPipeline(_ dot: TemplateValue?, _ pipe: PipeNode) throws(Flow) -> TemplateValue? {
        at(.pipe(pipe))
        var value: TemplateValue? = nil
        var final = Final.missing
        for cmd in pipe.cmds {
            value = try evalCommand(dot, cmd, final)
            if case .null? = value { value = nil }  // a nil interface{} digs down to no value
            final = .value(value)
        }
        for name in pipe.decl {
            if pipe.isAssign { try setVar(name, value) } else { push(name, value) }
        }
        return value
    }

    func notAFunction(_ args: [ArgNode], _ final: Final) throws(Flow) {
        if args.count > 1 || !final.isMissing {
            throw errorf("can't give argument to non-function \(args[0])")
        }
    }

    func evalCommand(_ dot: TemplateValue?, _ cmd: CommandNode, _ final: Final) throws(Flow) -> TemplateValue? {
        let first = cmd.args[0]
        switch first {
        case .field(let ids, _):
            at(.arg(first))
            return try evalFieldChain(dot, dot, first, ids, cmd.args, final, receiverIsDot: true)
        case .chain:
            return try evalChainNode(dot, first, cmd.args, final)
        case .identifier(let name, _):
            return try evalFunction(dot, name, first, .command(cmd), cmd.args, final)
        case .pipe(let p):
            try notAFunction(cmd.args, final)
            return try evalPipeline(dot, p)
        case .variable:
            return try evalVariableNode(dot, first, cmd.args, final)
        default:
            break
        }
        at(.arg(first))
        try notAFunction(cmd.args, final)
        switch first {
        case .bool(let b, _): return .bool(b)
        case .dot: return dot
        case .nilValue: throw errorf("nil is not a command")
        case .number(let n, _): return try idealConstant(n)
        case .string(_, let text, _): return .string(text)
        default: throw errorf("can't evaluate command \(GoQuote.quote(first.description))")
        }
    }

    func idealConstant(_ n: NumberLiteral) throws(Flow) -> TemplateValue? {
        if n.isComplex { throw errorf("complex constants are not supported: \(n.text)") }
        let lower = n.text.lowercased()
        let isHexInt = (lower.hasPrefix("0x") || lower.hasPrefix("-0x") || lower.hasPrefix("+0x")) && !lower.contains("p")
        let isRune = n.text.hasPrefix("'")
        if n.isFloat && !isHexInt && !isRune && n.text.contains(where: { ".eEpP".contains($0) }) {
            return .float(n.floatValue)
        }
        if n.isInt { return .int(n.intValue) }
        if n.isUint { throw errorf("\(n.text) overflows int") }
        return nil
    }

    func evalChainNode(_ dot: TemplateValue?, _ chain: ArgNode, _ args: [ArgNode], _ final: Final) throws(Flow) -> TemplateValue? {
        at(.arg(chain))
        guard case .chain(let inner, let fields, _) = chain else { return nil }
        if case .nilValue = inner { throw errorf("indirection through explicit nil in \(chain)") }
        let receiver = try evalArg(dot, nil, inner)
        return try evalFieldChain(dot, receiver, chain, fields, args, final)
    }

    func evalVariableNode(_ dot: TemplateValue?, _ v: ArgNode, _ args: [ArgNode], _ final: Final) throws(Flow) -> TemplateValue? {
        at(.arg(v))
        guard case .variable(let ids, _) = v else { return nil }
        let value = try varValue(ids[0])
        if ids.count == 1 {
            try notAFunction(args, final)
            return value
        }
        return try evalFieldChain(dot, value, v, Array(ids.dropFirst()), args, final)
    }

    func evalFieldChain(_ dot: TemplateValue?, _ receiver: TemplateValue?, _ n: ArgNode, _ ids: [String],
                        _ args: [ArgNode], _ final: Final, receiverIsDot: Bool = false) throws(Flow) -> TemplateValue? {
        var r = receiver
        var staticInterface = receiverIsDot && dotIsInterface
        for id in ids.dropLast() {
            let fromInterfaceMap = Self.holdsInterfaces(r)
            r = try evalField(dot, id, n, [], .missing, r, staticInterface: staticInterface)
            staticInterface = fromInterfaceMap
        }
        return try evalField(dot, ids[ids.count - 1], n, args, final, r, staticInterface: staticInterface)
    }

    func mapLookup(_ fieldName: String, _ m: TemplateValue) throws(Flow) -> TemplateValue? {
        switch m {
        case .map(let d):
            if let v = d[fieldName] { return v }
            switch missingKey {
            case .invalid: return nil
            case .zero: return .null
            case .error: throw errorf("map has no entry for key \(GoQuote.quote(fieldName))")
            }
        case .stringMap(let d):
            if let v = d[fieldName] { return .string(v) }
            switch missingKey {
            case .invalid: return nil
            case .zero: return .string("")
            case .error: throw errorf("map has no entry for key \(GoQuote.quote(fieldName))")
            }
        default:
            return nil
        }
    }

    /// Whether values looked up in `v` have Go static type `interface {}` (elements of
    /// `map[string]interface {}`), which Go names in "can't evaluate field" errors.
    static func holdsInterfaces(_ v: TemplateValue?) -> Bool {
        switch v {
        case .map?: return true
        case .object(let o)?: if case .map? = o.underlying { return true }; return false
        default: return false
        }
    }

    func evalField(_ dot: TemplateValue?, _ fieldName: String, _ n: ArgNode, _ args: [ArgNode], _ final: Final,
                   _ receiver: TemplateValue?, staticInterface: Bool = false) throws(Flow) -> TemplateValue? {
        guard let receiver else {
            if missingKey == .error { throw errorf("nil data; no entry for key \(GoQuote.quote(fieldName))") }
            return nil
        }
        let typ = staticInterface ? "interface {}" : receiver.goTypeName
        if case .null = receiver {
            throw errorf("nil pointer evaluating interface {}.\(fieldName)")
        }
        if let m = ValueMethods.method(receiver, fieldName) {
            let fn = TemplateFunction(fieldName, params: m.params, body: m.body)
            return try evalCall(dot, fn, .arg(n), fieldName, args, final)
        }
        let hasArgs = args.count > 1 || !final.isMissing
        switch receiver {
        case .object(let o):
            if let m = o.method(fieldName) {
                let fn = TemplateFunction(fieldName, params: m.params, body: m.body)
                return try evalCall(dot, fn, .arg(n), fieldName, args, final)
            }
            if o.field(fieldName) != nil || o.isNilPointer {
                if o.isNilPointer { throw errorf("nil pointer evaluating \(typ).\(fieldName)") }
                if hasArgs { throw errorf("\(fieldName) has arguments but cannot be invoked as function") }
                return o.field(fieldName)
            }
            if let u = o.underlying {
                switch u {
                case .map, .stringMap:
                    if hasArgs { throw errorf("\(fieldName) is not a method but has arguments") }
                    return try mapLookup(fieldName, u)
                default: break
                }
            }
        case .map, .stringMap:
            if hasArgs { throw errorf("\(fieldName) is not a method but has arguments") }
            return try mapLookup(fieldName, receiver)
        default:
            break
        }
        throw errorf("can't evaluate field \(fieldName) in type \(typ)")
    }

    func evalFunction(_ dot: TemplateValue?, _ name: String, _ ident: ArgNode, _ cmd: Located, _ args: [ArgNode],
                      _ final: Final) throws(Flow) -> TemplateValue? {
        at(.arg(ident))
        guard let fn = functions[name] else { throw errorf("\(GoQuote.quote(name)) is not a defined function") }
        return try evalCall(dot, fn, cmd, name, args, final)
    }

    func evalCall(_ dot: TemplateValue?, _ fn: TemplateFunction, _ n: Located, _ name: String, _ allArgs: [ArgNode],
                  _ final: Final) throws(Flow) -> TemplateValue? {
        let args = Array(allArgs.dropFirst())
        let numIn = args.count + (final.isMissing ? 0 : 1)
        let numFixed = fn.variadic != nil ? fn.params.count : args.count
        if fn.variadic != nil {
            if numIn < numFixed {
                throw errorf("wrong number of args for \(name): want at least \(fn.params.count) got \(args.count)")
            }
        } else if numIn != fn.params.count {
            throw errorf("wrong number of args for \(name): want \(fn.params.count) got \(numIn)")
        }
        if fn.special == .and || fn.special == .or {
            var v: TemplateValue? = nil
            for arg in args {
                v = try evalArg(dot, .reflectValue, arg)
                if (v?.isTruthy ?? false) == (fn.special == .or) { return v }
            }
            if case .value(let f) = final { v = f }
            return v
        }
        var argv: [TemplateValue] = []
        var i = 0
        while i < numFixed && i < args.count {
            let v = try evalArg(dot, fn.params[i], args[i])
            if v == nil && name == "len" && fn.params == [.reflectValue] {
                // Go's len gets an invalid reflect.Value here and panics inside reflect.
                at(n)
                throw errorf("error calling len: reflect: call of reflect.Value.Type on zero Value")
            }
            argv.append(v ?? .null)
            i += 1
        }
        if let vt = fn.variadic {
            while i < args.count {
                argv.append(try evalArg(dot, vt, args[i]) ?? .null)
                i += 1
            }
        }
        if case .value(let f) = final {
            var t: ParamType
            if let vt = fn.variadic {
                t = numIn - 1 < numFixed ? fn.params[numIn - 1] : vt
            } else {
                t = fn.params[fn.params.count - 1]
            }
            let v = try validateType(f, t)
            if v == nil && name == "len" && fn.params == [.reflectValue] {
                at(n)
                throw errorf("error calling len: reflect: call of reflect.Value.Type on zero Value")
            }
            argv.append(v ?? .null)
        }
        if fn.special == .call {
            return try builtinCall(argv, calleeName: args.first?.description ?? "", n: n)
        }
        do {
            return try fn.body(argv)
        } catch {
            at(n)
            throw errorf("error calling \(name): \(error.message)")
        }
    }

    func builtinCall(_ argv: [TemplateValue], calleeName: String, n: Located) throws(Flow) -> TemplateValue? {
        guard case .function(let f) = argv[0] else {
            at(n)
            if case .null = argv[0] { throw errorf("error calling call: call of nil") }
            throw errorf("error calling call: non-function \(calleeName) of type \(argv[0].goTypeName)")
        }
        let rest = Array(argv.dropFirst())
        if f.variadic == nil ? rest.count != f.params.count : rest.count < f.params.count {
            at(n)
            let want = f.variadic == nil ? "\(f.params.count)" : "at least \(f.params.count)"
            throw errorf("error calling call: wrong number of args for \(calleeName): got \(rest.count) want \(want)")
        }
        do {
            return try f.body(rest)
        } catch {
            at(n)
            throw errorf("error calling call: \(error.message)")
        }
    }
}
