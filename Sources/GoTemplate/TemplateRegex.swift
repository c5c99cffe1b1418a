import Foundation

/// Go `regexp` (RE2) operations used by template functions, on `NSRegularExpression`.
///
/// GoTemplate has no dependencies, so it does not use TimeSeries's `GoRegex`; RE2 syntax is mapped
/// to ICU for the common subset (`(?P<name>…)` → `(?<name>…)`). Error texts differ from Go's.
enum TemplateRegex {
    static func compile(_ pattern: String) throws(FunctionError) -> NSRegularExpression {
        let icu = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        do {
            return try NSRegularExpression(pattern: icu, options: [])
        } catch {
            throw FunctionError("error parsing regexp: invalid pattern: `\(pattern)`")
        }
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
            throw FunctionError("regexp: Compile(\(GoQuote.quote(pattern))): \(error.message)")
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
