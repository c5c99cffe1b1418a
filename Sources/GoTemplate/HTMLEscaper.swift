import TimeSeries
/// Go `html/template`'s escaping pass (`escape.go`): walks the templates reached from the one executed,
/// tracking the HTML context through text, and appends to every action the escaping functions its
/// context needs (`HTMLEscapeFunctions`). A template called in a context other than HTML text is
/// escaped as a copy for that context (`name$htmltemplate_<context>`), as Go derives them.
///
/// Differences from Go, each an error rather than unescaped output: actions inside JavaScript or CSS
/// (`<script>`, `<style>`, `on*=`, `style=`) are refused, and `srcset` is treated as a URL.
struct HTMLEscaper {
    private let source: [String: ParseTree]
    private(set) var output: [String: ParseTree] = [:]
    private var endContexts: [String: HTMLContext] = [:]
    /// Derived names being escaped (recursion): their end context is assumed to equal the start.
    private var inProgress: Set<String> = []
    private var tree: ParseTree

    private struct Failure: Error { var error: TemplateError }

    /// The templates with `entry` and everything it calls escaped; the entry must end in HTML text.
    static func escape(_ trees: [String: ParseTree], entry: String) throws(TemplateError) -> [String: ParseTree] {
        guard let root = trees[entry] else {
            throw TemplateError(kind: .other, message: "html/template: no template \(GoQuote.quote(entry))", templateName: entry)
        }
        var e = HTMLEscaper(source: trees, tree: root)
        do throws(Failure) {
            let end = try LargeStack.run { () throws(Failure) -> HTMLContext in try e.escapeTree(entry, in: HTMLContext()).1 }
            if end.state != .text {
                throw Failure(error: TemplateError(kind: .other, message: "html/template:\(entry): ends in a non-text context: \(end)", templateName: entry))
            }
        } catch {
            throw error.error
        }
        return trees.merging(e.output) { $1 }
    }

    private func fail(_ pos: Int, _ message: String) -> Failure {
        let (line, _) = tree.location(of: pos)
        return Failure(error: TemplateError(kind: .other, message: "html/template:\(tree.name):\(line): \(message)", templateName: tree.name))
    }

    private mutating func escapeTree(_ name: String, in c: HTMLContext) throws(Failure) -> (String, HTMLContext) {
        let derived = c == HTMLContext() ? name : "\(name)$htmltemplate_\(c)"
        if let end = endContexts[derived] { return (derived, end) }
        if inProgress.contains(derived) { return (derived, c) }
        guard let t = source[name] else {
            throw Failure(error: TemplateError(kind: .other, message: "html/template: no such template \(GoQuote.quote(name))", templateName: name))
        }
        inProgress.insert(derived)
        let saved = tree
        tree = t
        let (nodes, end) = try escapeList(t.root, in: c)
        tree = saved
        inProgress.remove(derived)
        if end.state == .error { throw fail(0, end.error ?? "escaping failed") }
        output[derived] = ParseTree(name: derived, parseName: t.parseName, text: t.text, root: nodes, depth: t.depth)
        endContexts[derived] = end
        return (derived, end)
    }

    private mutating func escapeList(_ nodes: [TemplateNode], in start: HTMLContext) throws(Failure) -> ([TemplateNode], HTMLContext) {
        var c = start
        var out: [TemplateNode] = []
        out.reserveCapacity(nodes.count)
        for n in nodes {
            let (n1, c1) = try escapeNode(n, in: c)
            if c1.state == .error { throw fail(n.pos, c1.error ?? "escaping failed") }
            out.append(n1)
            c = c1
        }
        return (out, c)
    }

    private mutating func escapeNode(_ n: TemplateNode, in c: HTMLContext) throws(Failure) -> (TemplateNode, HTMLContext) {
        switch n {
        case .text(let s, let pos):
            let (text, c1) = escapeText(s, in: c)
            return (.text(text, pos: pos), c1)
        case .comment, .breakNode, .continueNode:
            return (n, c)
        case .action(let pipe, let pos):
            let (p, c1) = try escapeAction(pipe, in: c, pos: pos)
            return (.action(p, pos: pos), c1)
        case .ifNode(let b):
            let (b1, c1) = try escapeBranch(b, in: c, what: "if", loops: false)
            return (.ifNode(b1), c1)
        case .withNode(let b):
            let (b1, c1) = try escapeBranch(b, in: c, what: "with", loops: false)
            return (.withNode(b1), c1)
        case .rangeNode(let b):
            let (b1, c1) = try escapeBranch(b, in: c, what: "range", loops: true)
            return (.rangeNode(b1), c1)
        case .template(let name, let pipe, let pos):
            let (derived, c1) = try escapeTree(name, in: c)
            return (.template(name: derived, pipe: pipe, pos: pos), c1)
        }
    }

    private mutating func escapeBranch(_ b: BranchNode, in c: HTMLContext, what: String, loops: Bool) throws(Failure) -> (BranchNode, HTMLContext) {
        var out = b
        let (list, c0) = try escapeList(b.list, in: c)
        out.list = list
        var end = c0
        if loops {
            // The body may run again: running it from where it ended must end in the same context.
            let (_, again) = try escapeList(b.list, in: c0)
            end = HTMLContext.join(c0, again, what: what)
            if end.state == .error { throw fail(b.pos, "on range loop re-entry: " + (end.error ?? "")) }
        }
        var elseEnd = c
        if let e = b.elseList {
            let (list, c1) = try escapeList(e, in: c)
            out.elseList = list
            elseEnd = c1
        }
        let joined = HTMLContext.join(end, elseEnd, what: what)
        if joined.state == .error { throw fail(b.pos, joined.error ?? "") }
        return (out, joined)
    }

    private func escapeAction(_ pipe: PipeNode, in context: HTMLContext, pos: Int) throws(Failure) -> (PipeNode, HTMLContext) {
        // A declaration prints nothing.
        if !pipe.decl.isEmpty { return (pipe, context) }
        var c = context.nudged
        for (i, cmd) in pipe.cmds.enumerated() {
            guard case .identifier(let name, _)? = cmd.args.first, name == "html" || name == "urlquery" else { continue }
            if i < pipe.cmds.count - 1 || (c.state == .attr && c.delim == .spaceOrTagEnd && name == "html") {
                throw fail(pos, "predefined escaper \(GoQuote.quote(name)) disallowed in template")
            }
        }
        var s: [String] = []
        switch c.state {
        case .url:
            switch c.urlPart {
            case .none: s = ["_html_template_urlfilter", "_html_template_urlnormalizer"]
            case .preQuery: s = ["_html_template_urlnormalizer"]
            case .queryOrFrag: s = ["_html_template_urlescaper"]
            case .unknown: throw fail(pos, "{{\(pipe)}} appears in an ambiguous context within a URL")
            }
        case .js, .css:
            throw fail(pos, "{{\(pipe)}} appears in a \(c.state == .js ? "JavaScript" : "CSS") context, which Vigil does not escape")
        case .text: s = ["_html_template_htmlescaper"]
        case .rcdata: s = ["_html_template_rcdataescaper"]
        case .attr: break
        case .attrName, .tag:
            c.state = .attrName
            s = ["_html_template_htmlnamefilter"]
        case .htmlComment: s = ["_html_template_commentescaper"]
        case .afterName, .beforeValue, .error: throw fail(pos, "{{\(pipe)}} appears in an unexpected context \(c)")
        }
        switch c.delim {
        case .none: break
        case .spaceOrTagEnd: s.append("_html_template_nospaceescaper")
        case .doubleQuote, .singleQuote: s.append("_html_template_attrescaper")
        }
        return (Self.ensurePipelineContains(pipe, s), c)
    }

    /// Which predefined escaper stands for an inserted one (Go's `equivEscapers`).
    static let equivalent: [String: String] = [
        "_html_template_attrescaper": "html", "_html_template_htmlescaper": "html", "_html_template_rcdataescaper": "html",
        "_html_template_urlescaper": "urlquery", "_html_template_urlnormalizer": "urlquery",
    ]

    /// Go's `ensurePipelineContains`: appends the escapers, letting a trailing `html` or `urlquery` stand
    /// for an equivalent one.
    static func ensurePipelineContains(_ pipe: PipeNode, _ escapers: [String]) -> PipeNode {
        guard !escapers.isEmpty else { return pipe }
        var p = pipe
        var s = escapers
        var keep = p.cmds.count
        if let last = p.cmds.last, case .identifier(let esc, let epos)? = last.args.first, esc == "html" || esc == "urlquery" {
            if p.cmds.count == 1 && last.args.count > 1 {
                // {{html a b}} becomes {{_eval_args_ a b | html}}, so the escaper can be merged.
                p.cmds[0].args[0] = .identifier("_eval_args_", pos: epos)
                p.cmds.append(CommandNode(pos: p.pos, args: [.identifier(esc, pos: p.pos)]))
                keep += 1
            }
            var dup = false
            for (i, e) in s.enumerated() where equivalent[e] == esc {
                s[i] = esc
                dup = true
            }
            if dup { keep -= 1 }
        }
        var cmds = Array(p.cmds.prefix(keep))
        var present = Set<String>()
        for cmd in cmds { if case .identifier(let name, _)? = cmd.args.first { present.insert(equivalent[name] ?? name) } }
        for name in s where !present.contains(equivalent[name] ?? name) {
            cmds.append(CommandNode(pos: p.pos, args: [.identifier(name, pos: p.pos)]))
        }
        p.cmds = cmds
        return p
    }

    /// Go's `escapeText`: follows the context through the text; in HTML text a `<` that starts no tag
    /// is escaped, and HTML comments are removed.
    private func escapeText(_ text: String, in start: HTMLContext) -> (String, HTMLContext) {
        let s = Array(text.utf8)
        var c = start
        var i = 0, written = 0
        var out: [UInt8] = []
        var changed = false
        while i < s.count {
            let (c1, n) = c.afterText(s[i...])
            let i1 = i + n
            if c.state == .text || c.state == .rcdata {
                var end = i1
                if c1.state != c.state, let lt = s[i..<i1].lastIndex(of: UInt8(ascii: "<")) { end = lt }
                var j = i
                while j < end {
                    if s[j] == UInt8(ascii: "<") && !Self.hasDoctype(s, at: j) {
                        out += s[written..<j] + Array("&lt;".utf8)
                        written = j + 1
                        changed = true
                    }
                    j += 1
                }
            } else if c.state == .htmlComment && c.delim == .none {
                written = i1
                changed = true
            }
            if c.state != c1.state && c1.state == .htmlComment && c1.delim == .none {
                out += s[written..<(i1 - 4)]
                written = i1
                changed = true
            }
            if c1.state == .error { return (text, c1) }
            if n == 0 && c1 == c { return (text, .failure("escaping made no progress in text \(GoQuote.quote(text))")) }
            c = c1
            i = i1
        }
        guard changed else { return (text, c) }
        if c.state != .htmlComment { out += s[written...] }
        return (String(decoding: out, as: UTF8.self), c)
    }

    private static func hasDoctype(_ s: [UInt8], at i: Int) -> Bool {
        let d = Array("<!DOCTYPE".utf8)
        guard i + d.count <= s.count else { return false }
        return zip(s[i..<(i + d.count)], d).allSatisfy { ($0 >= 97 && $0 <= 122 ? $0 - 32 : $0) == $1 }
    }
}
