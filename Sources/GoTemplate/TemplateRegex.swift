import TimeSeries
import Foundation

/// Go `regexp` (RE2) operations used by template functions, on `NSRegularExpression`.
///
/// GoTemplate has no dependencies, so it does not use TimeSeries's `GoRegex`; RE2 syntax is mapped
/// to ICU for the common subset (`(?P<name>…)` → `(?<name>…)`). Error texts differ from Go's.
enum TemplateRegex {
    static func compile(_ pattern: String) throws(FunctionError) -> NSRegularExpression {
        if let message = goSyntaxError(pattern) { throw FunctionError("error parsing regexp: " + message) }
        let icu = pattern.isEmpty ? "(?:)" : pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        do {
            return try NSRegularExpression(pattern: icu, options: [])
        } catch {
            throw FunctionError("error parsing regexp: invalid pattern: `\(pattern)`")
        }
    }

    /// regexp's `quote`: backquoted when possible.
    static func goQuote(_ s: String) -> String {
        if !s.contains("`") && s.unicodeScalars.allSatisfy({ $0 == "\t" || (GoQuote.isPrint($0) && $0 != "\u{FEFF}") }) {
            return "`" + s + "`"
        }
        return GoQuote.quote(s)
    }

    /// The RE2 syntax errors Go reports for the most common mistakes (nil if none detected).
    static func goSyntaxError(_ pattern: String) -> String? {
        let p = Array(pattern.unicodeScalars)
        var depth = 0
        var i = 0
        var prevAtomEnd = false  // whether a repetition operator may follow
        var prevWasRepeat: String? = nil
        while i < p.count {
            let c = p[i]
            switch c {
            case "\\":
                if i + 1 >= p.count { return "trailing backslash at end of expression: ``" }
                i += 2
                prevAtomEnd = true; prevWasRepeat = nil
                continue
            case "[":
                var j = i + 1
                if j < p.count, p[j] == "^" { j += 1 }
                if j < p.count, p[j] == "]" { j += 1 }
                while j < p.count, p[j] != "]" {
                    if p[j] == "\\" { j += 1 }
                    j += 1
                }
                if j >= p.count {
                    return "missing closing ]: `" + String(String.UnicodeScalarView(p[i...])) + "`"
                }
                i = j + 1
                prevAtomEnd = true; prevWasRepeat = nil
                continue
            case "(":
                depth += 1
                prevAtomEnd = false; prevWasRepeat = nil
                if i + 1 < p.count, p[i + 1] == "?" {
                    // skip group flags / names up to ':' or ')' or '>'
                    var j = i + 2
                    while j < p.count, p[j] != ")" && p[j] != ":" && p[j] != ">" { j += 1 }
                    if j < p.count, p[j] == ")" { depth -= 1; prevAtomEnd = false }
                    i = j + 1
                    continue
                }
            case ")":
                if depth == 0 { return "unexpected ): `\(pattern)`" }
                depth -= 1
                prevAtomEnd = true; prevWasRepeat = nil
            case "|":
                prevAtomEnd = false; prevWasRepeat = nil
            case "*", "+", "?":
                var op = String(c)
                if i + 1 < p.count, p[i + 1] == "?" { op += "?"; i += 1 }
                if let prev = prevWasRepeat { return "invalid nested repetition operator: `\(prev)\(op)`" }
                if !prevAtomEnd { return "missing argument to repetition operator: `\(op)`" }
                prevWasRepeat = op
                i += 1
                continue
            default:
                prevAtomEnd = true; prevWasRepeat = nil
            }
            i += 1
        }
        if depth > 0 { return "missing closing ): `\(pattern)`" }
        return nil
    }

    /// `regexp.MatchString`.
    static func matchString(_ pattern: String, _ s: String) throws(FunctionError) -> Bool {
        let re = try compile(pattern)
        let ns = s as NSString
        return re.firstMatch(in: s, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }

    /// `regexp.MustCompile(pattern).ReplaceAllString(src, repl)` with Go's `$1`, `${1}`, `$name` expansion.
    static func replaceAll(_ pattern: String, _ repl: String, _ src: String, literal: Bool = false) throws(FunctionError) -> String {
        let re: NSRegularExpression
        do { re = try compile(pattern) } catch {
            throw FunctionError("regexp: Compile(\(goQuote(pattern))): \(error.message)")
        }
        let ns = src as NSString
        let matches = re.matches(in: src, options: [], range: NSRange(location: 0, length: ns.length))
        var out = ""
        var last = 0
        var lastMatchEnd = -1
        for m in matches {
            // Go skips an empty match immediately after a previous match.
            if m.range.length == 0 && m.range.location == lastMatchEnd { continue }
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += literal ? repl : expand(repl, m, ns, re)
            last = m.range.location + m.range.length
            lastMatchEnd = last
        }
        out += ns.substring(from: last)
        return out
    }

    static func group(_ name: String, _ m: NSTextCheckingResult, _ ns: NSString, _ re: NSRegularExpression) -> String {
        var r = NSRange(location: NSNotFound, length: 0)
        if let n = Int(name) {
            if n < m.numberOfRanges { r = m.range(at: n) }
        } else if let idx = groupNames(re.pattern).firstIndex(of: name), idx + 1 < m.numberOfRanges {
            r = m.range(at: idx + 1)
        }
        return r.location == NSNotFound ? "" : ns.substring(with: r)
    }

    /// Capture group names in order (nil-named groups as ""), scanning the ICU pattern.
    static func groupNames(_ pattern: String) -> [String] {
        let p = Array(pattern.unicodeScalars)
        var names: [String] = []
        var i = 0
        var inClass = false
        while i < p.count {
            let c = p[i]
            if c == "\\" { i += 2; continue }
            if inClass { if c == "]" { inClass = false }; i += 1; continue }
            if c == "[" { inClass = true; i += 1; continue }
            if c == "(" {
                if i + 1 < p.count, p[i + 1] == "?" {
                    if i + 2 < p.count, p[i + 2] == "<", i + 3 < p.count, p[i + 3] != "=", p[i + 3] != "!" {
                        var j = i + 3
                        var name = ""
                        while j < p.count, p[j] != ">" { name.unicodeScalars.append(p[j]); j += 1 }
                        names.append(name)
                    }
                } else {
                    names.append("")
                }
            }
            i += 1
        }
        return names
    }

    /// Go's `Regexp.Expand` template syntax.
    static func expand(_ template: String, _ m: NSTextCheckingResult, _ ns: NSString, _ re: NSRegularExpression) -> String {
        let t = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isWord(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic || (c.value >= 48 && c.value <= 57) }
        while i < t.count {
            if t[i] != "$" { out.append(t[i]); i += 1; continue }
            i += 1
            if i < t.count, t[i] == "$" { out.append("$"); i += 1; continue }
            if i < t.count, t[i] == "{" {
                var j = i + 1
                var name = ""
                while j < t.count, isWord(t[j]) { name.unicodeScalars.append(t[j]); j += 1 }
                if j < t.count, t[j] == "}", !name.isEmpty {
                    out.append(contentsOf: group(name, m, ns, re).unicodeScalars)
                    i = j + 1
                    continue
                }
                out.append("$")
                continue
            }
            var name = ""
            var j = i
            while j < t.count, isWord(t[j]) { name.unicodeScalars.append(t[j]); j += 1 }
            if name.isEmpty { out.append("$"); continue }
            out.append(contentsOf: group(name, m, ns, re).unicodeScalars)
            i = j
        }
        return String(out)
    }
}
