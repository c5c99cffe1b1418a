import Foundation

/// Pulls the `expr:` values out of YAML rule files without a YAML library (the test target depends on
/// PromQL only). It understands what rule files use: plain, single-quoted and double-quoted scalars, and
/// literal (`|`) and folded (`>`) block scalars, including multi-line forms.
enum RuleExprExtractor {
    static func exprs(inYAML text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard let (keyIndent, rest) = exprKey(line) else { i += 1; continue }
            i += 1
            let value = rest.trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("|") || value.hasPrefix(">") {
                var block: [String] = []
                while i < lines.count {
                    let l = lines[i]
                    if !l.trimmingCharacters(in: .whitespaces).isEmpty && indentation(l) <= keyIndent { break }
                    block.append(l)
                    i += 1
                }
                out.append(blockScalar(block, folded: value.hasPrefix(">"), chomp: value.dropFirst().first))
            } else if value.hasPrefix("'") || value.hasPrefix("\"") {
                var text = String(value)
                let quote = value.first!
                while !closesQuote(text, quote), i < lines.count {
                    text += "\n" + lines[i]
                    i += 1
                }
                out.append(quoted(text, quote))
            } else {
                var parts = [stripComment(value)]
                while i < lines.count {
                    let l = lines[i]
                    let t = l.trimmingCharacters(in: .whitespaces)
                    if t.isEmpty || indentation(l) <= keyIndent { break }
                    parts.append(stripComment(t))
                    i += 1
                }
                out.append(parts.joined(separator: " "))
            }
        }
        return out
    }

    /// `expr:` as a mapping key, optionally as the first key of a list item; returns the key's column.
    private static func exprKey(_ line: String) -> (Int, Substring)? {
        var s = Substring(line)
        var indent = 0
        while s.first == " " { s = s.dropFirst(); indent += 1 }
        if s.hasPrefix("- ") {
            s = s.dropFirst(2)
            indent += 2
            while s.first == " " { s = s.dropFirst(); indent += 1 }
        }
        guard s.hasPrefix("expr:") else { return nil }
        let rest = s.dropFirst(5)
        guard rest.isEmpty || rest.first == " " else { return nil }
        return (indent, rest)
    }

    private static func indentation(_ line: String) -> Int {
        line.prefix(while: { $0 == " " }).count
    }

    private static func stripComment(_ s: String) -> String {
        if let r = s.range(of: " #") { return String(s[..<r.lowerBound]).trimmingCharacters(in: .whitespaces) }
        return s
    }

    private static func closesQuote(_ text: String, _ quote: Character) -> Bool {
        let chars = Array(text.dropFirst())
        var k = 0
        while k < chars.count {
            if quote == "\"" && chars[k] == "\\" { k += 2; continue }
            if chars[k] == quote {
                if quote == "'" && k + 1 < chars.count && chars[k + 1] == "'" { k += 2; continue }
                return true
            }
            k += 1
        }
        return false
    }

    /// A quoted scalar: line breaks fold to spaces (an empty line is a newline), then escapes.
    private static func quoted(_ text: String, _ quote: Character) -> String {
        var body = Array(text.dropFirst())
        // Cut at the closing quote.
        var k = 0
        var end = body.count
        while k < body.count {
            if quote == "\"" && body[k] == "\\" { k += 2; continue }
            if body[k] == quote {
                if quote == "'" && k + 1 < body.count && body[k + 1] == "'" { k += 2; continue }
                end = k
                break
            }
            k += 1
        }
        body = Array(body[..<end])
        let rawLines = String(body).split(separator: "\n", omittingEmptySubsequences: false)
        var folded = ""
        var pendingBreaks = 0
        for (n, raw) in rawLines.enumerated() {
            let piece = n == 0 ? String(raw) : raw.trimmingCharacters(in: .whitespaces)
            if n > 0 && piece.isEmpty { pendingBreaks += 1; continue }
            if n > 0 {
                folded = folded.replacingOccurrences(of: "[ \\t]+$", with: "", options: .regularExpression)
                folded += pendingBreaks > 0 ? String(repeating: "\n", count: pendingBreaks) : " "
                pendingBreaks = 0
            }
            folded += piece
        }
        if quote == "'" { return folded.replacingOccurrences(of: "''", with: "'") }
        var out = ""
        var chars = Array(folded)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            guard c == "\\", let e = chars.first else { out.append(c); continue }
            chars = chars.dropFirst()
            switch e {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "/": out.append("/")
            case "0": out.append("\0")
            default: out.append("\\"); out.append(e)
            }
        }
        return out
    }

    /// `|` keeps line breaks; `>` folds lines of the base indentation into one line. Chomping `-` drops the
    /// final newline, the default keeps one, `+` keeps all.
    private static func blockScalar(_ block: [String], folded: Bool, chomp: Character?) -> String {
        guard let first = block.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return "" }
        let base = indentation(first)
        var lines = block.map { $0.count >= base ? String($0.dropFirst(base)) : "" }
        var trailing = 0
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty {
            lines.removeLast()
            trailing += 1
        }
        var text: String
        if folded {
            // Line breaks between lines of the base indentation fold to spaces; breaks next to
            // more-indented lines are kept; each empty line is one newline.
            enum Previous { case start, text, moreIndented, empty }
            text = ""
            var previous = Previous.start
            for l in lines {
                if l.isEmpty {
                    text += "\n"
                    previous = .empty
                    continue
                }
                let more = l.first == " " || l.first == "\t"
                switch previous {
                case .start, .empty: break
                case .text: text += more ? "\n" : " "
                case .moreIndented: text += "\n"
                }
                text += l
                previous = more ? .moreIndented : .text
            }
        } else {
            text = lines.joined(separator: "\n")
        }
        switch chomp {
        case "-": return text
        case "+": return text + String(repeating: "\n", count: trailing + 1)
        default: return text + "\n"
        }
    }
}
