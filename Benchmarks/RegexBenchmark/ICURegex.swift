import Foundation

/// Vigil's previous GoRegex: RE2 syntax translated to an ICU pattern and run by NSRegularExpression, which
/// backtracks. Kept here only so the benchmark can compare the new engine with it.
///
/// RE2 and ICU differ in small ways that matter to users who paste Prometheus matchers, so the pattern is
/// translated before compiling: `\d \w \s` and `\b` stay ASCII-only as in RE2, `$` means end of text,
/// a `{` that does not start a repetition is a literal, `[` inside a class is a literal, and constructs RE2
/// refuses (backreferences, look-around, possessive repetition) are refused here with RE2's messages.
final class ICURegex: @unchecked Sendable, CustomStringConvertible {
    /// The pattern as the user wrote it.
    let pattern: String
    private let regex: NSRegularExpression

    struct SyntaxError: Error, Sendable, CustomStringConvertible, Equatable {
        let message: String
        var description: String { message }
    }

    /// Compiles `pattern`. With `anchored`, it must match the whole input, as Prometheus label matchers do
    /// (`^(?s:pattern)$`); `dotMatchesNewline` follows Prometheus 3, where `.` also matches `\n`.
    init(_ pattern: String, anchored: Bool = false, dotMatchesNewline: Bool = false) throws(SyntaxError) {
        self.pattern = pattern
        var translated = try ICURegex.translate(pattern)
        if dotMatchesNewline { translated = "(?s:" + translated + ")" }
        if anchored { translated = "^(?:" + translated + ")\\z" }
        do {
            regex = try NSRegularExpression(pattern: translated, options: [.useUnixLineSeparators])
        } catch {
            throw SyntaxError(message: "error parsing regexp: invalid regular expression: `\(pattern)`")
        }
    }

    var description: String { pattern }

    /// Whether the expression matches somewhere in `s` (the whole of it when anchored).
    func matches(_ s: String) -> Bool {
        let ns = s as NSString
        return regex.firstMatch(in: s, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }

    /// The capture groups of the first match, group 0 first; `nil` for a group that did not take part.
    func firstMatchGroups(_ s: String) -> [String?]? {
        let ns = s as NSString
        guard let m = regex.firstMatch(in: s, options: [], range: NSRange(location: 0, length: ns.length)) else {
            return nil
        }
        return (0..<m.numberOfRanges).map { i in
            let r = m.range(at: i)
            return r.location == NSNotFound ? nil : ns.substring(with: r)
        }
    }

    /// Names of the named capture groups `(?P<name>...)`/`(?<name>...)`, in order of appearance.
    var groupNames: [String] {
        var names: [String] = []
        let scalars = Array(pattern.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\\" { i += 2; continue }
            if scalars[i] == "(", i + 2 < scalars.count, scalars[i + 1] == "?" {
                var j = i + 2
                if j < scalars.count, scalars[j] == "P" { j += 1 }
                if j < scalars.count, scalars[j] == "<" {
                    var name = ""
                    j += 1
                    while j < scalars.count, scalars[j] != ">" { name.unicodeScalars.append(scalars[j]); j += 1 }
                    names.append(name)
                }
            }
            i += 1
        }
        return names
    }

    var numberOfCaptureGroups: Int { regex.numberOfCaptureGroups }

    /// Replaces `$1`, `${1}`, `$name`, `${name}` in `template` with the groups of a match, like Go's
    /// `Regexp.ExpandString`. A reference to a missing group expands to nothing; `$$` is a literal `$`.
    func expand(template: String, groups: [String?]) -> String {
        let names = groupNames
        func value(of ref: String) -> String {
            if let n = Int(ref) { return n < groups.count ? (groups[n] ?? "") : "" }
            if let index = names.firstIndex(of: ref), index + 1 < groups.count { return groups[index + 1] ?? "" }
            return ""
        }
        var out = ""
        let t = Array(template.unicodeScalars)
        var i = 0
        while i < t.count {
            guard t[i] == "$", i + 1 < t.count else { out.unicodeScalars.append(t[i]); i += 1; continue }
            if t[i + 1] == "$" { out += "$"; i += 2; continue }
            if t[i + 1] == "{" {
                var j = i + 2
                var name = ""
                while j < t.count, t[j] != "}", isWordScalar(t[j]) { name.unicodeScalars.append(t[j]); j += 1 }
                if j < t.count, t[j] == "}", !name.isEmpty { out += value(of: name); i = j + 1; continue }
                out += "$"; i += 1; continue
            }
            var j = i + 1
            var name = ""
            while j < t.count, isWordScalar(t[j]) { name.unicodeScalars.append(t[j]); j += 1 }
            if name.isEmpty { out += "$"; i += 1; continue }
            out += value(of: name)
            i = j
        }
        return out
    }

    private func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
}

extension ICURegex {
    /// Rewrites RE2 syntax into an ICU pattern with the same meaning, or throws RE2's error.
    static func translate(_ pattern: String) throws(SyntaxError) -> String {
        let p = Array(pattern.unicodeScalars)
        var out = ""
        var i = 0
        var inClass = false
        var classStart = false  // just after `[` or `[^`, where `]` is a literal
        var multiline = false
        var lastWasRepeat = false
        func fail(_ what: String, _ text: String) -> SyntaxError {
            SyntaxError(message: "error parsing regexp: \(what): `\(text)`")
        }
        func slice(_ from: Int, _ to: Int) -> String {
            var s = ""
            s.unicodeScalars.append(contentsOf: p[from..<min(to, p.count)])
            return s
        }
        while i < p.count {
            let c = p[i]
            if c == "\\" {
                guard i + 1 < p.count else { throw fail("trailing backslash at end of expression", "") }
                let e = p[i + 1]
                switch e {
                case "d": out += inClass ? "0-9" : "[0-9]"
                case "D": out += inClass ? "[^0-9]" : "[^0-9]"
                case "w": out += inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"
                case "W": out += "[^0-9A-Za-z_]"
                case "s": out += inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]"
                case "S": out += "[^\\t\\n\\f\\r ]"
                case "b", "B", "A", "z":
                    if inClass { throw fail("invalid escape sequence", slice(i, i + 2)) }
                    if e == "b" { out += "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))" }
                    else if e == "B" { out += "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))" }
                    else { out += "\\" + String(e) }
                case "a": out += "\\x07"
                case "f", "t", "n", "r": out += "\\" + String(e)
                case "v": out += "\\x{B}"  // RE2's \v is the vertical tab alone; ICU's is any vertical space
                case "x", "p", "P":
                    // \xHH, \x{H..}, \pL, \p{Name}: same spelling in ICU.
                    out += "\\" + String(e)
                case "Q":
                    // \Q...\E: everything up to \E is literal.
                    var j = i + 2
                    var lit = ""
                    while j < p.count {
                        if p[j] == "\\", j + 1 < p.count, p[j + 1] == "E" { j += 2; break }
                        lit.unicodeScalars.append(p[j]); j += 1
                    }
                    for s in lit.unicodeScalars { out += escapeLiteral(s) }
                    i = j
                    lastWasRepeat = false
                    classStart = false
                    continue
                case "0", "1", "2", "3", "4", "5", "6", "7":
                    // Go reads `\0` and `\1`-`\7` followed by an octal digit as an octal character code of up to
                    // three digits; a lone `\1`-`\7` would be a backreference, which RE2 does not have.
                    func isOctal(_ k: Int) -> Bool { k < p.count && ("0"..."7").contains(p[k]) }
                    if e != "0" && !isOctal(i + 2) { throw fail("invalid escape sequence", slice(i, i + 2)) }
                    var j = i + 2
                    var code = e.value - 48
                    while j < i + 4, isOctal(j) { code = code * 8 + p[j].value - 48; j += 1 }
                    out += "\\x{" + String(code, radix: 16) + "}"
                    i = j
                    lastWasRepeat = false
                    classStart = false
                    continue
                default:
                    if e.properties.isAlphabetic || ("0"..."9").contains(e) {
                        throw fail("invalid escape sequence", slice(i, i + 2))
                    }
                    out += "\\" + String(e)
                }
                i += 2
                lastWasRepeat = false
                classStart = false
                continue
            }
            if inClass {
                if c == "]" && !classStart {
                    inClass = false
                    out += "]"
                } else if c == "[" {
                    if i + 1 < p.count, p[i + 1] == ":" , let close = findPosixClassEnd(p, i) {
                        var name = slice(i + 2, close - 1)
                        let negated = name.hasPrefix("^")
                        if negated { name.removeFirst() }
                        guard let ranges = ICURegex.posixClasses[name] else {
                            throw fail("invalid character class range", slice(i, close + 1))
                        }
                        // A nested set is a union in ICU: `[[^A-Za-z]0]`.
                        out += negated ? "[^" + ranges + "]" : ranges
                        i = close + 1
                        classStart = false
                        continue
                    }
                    out += "\\["
                } else if c == "]" || c == "&" || c == "{" || c == "}" {
                    out += "\\" + String(c)
                } else if c == "^" && classStart {
                    out += "^"
                    i += 1
                    continue  // `]` right after `[^` is still a literal
                } else {
                    out.unicodeScalars.append(c)
                }
                classStart = false
                i += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
                classStart = true
                out += "["
                i += 1
                lastWasRepeat = false
                continue
            case "(":
                if i + 1 < p.count, p[i + 1] == "?" {
                    // Groups with flags, names, or look-around.
                    if i + 2 < p.count {
                        let k = p[i + 2]
                        if k == "=" || k == "!" { throw fail("invalid or unsupported Perl syntax", slice(i, i + 3)) }
                        if k == "<", i + 3 < p.count, p[i + 3] == "=" || p[i + 3] == "!" {
                            throw fail("invalid or unsupported Perl syntax", slice(i, i + 4))
                        }
                        if (k == "P" && i + 3 < p.count && p[i + 3] == "<") || k == "<" {
                            // A named group becomes a plain numbered group: ICU allows only letters and
                            // digits in names (RE2 also allows `_`), and names are resolved from the
                            // original pattern (`groupNames`), whose numbering is the same.
                            var j = i + (k == "P" ? 4 : 3)
                            let nameStart = j
                            while j < p.count, p[j] != ">" {
                                let c = p[j]
                                guard c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) else {
                                    throw fail("invalid named capture", slice(i, j + 1))
                                }
                                j += 1
                            }
                            guard j < p.count, j > nameStart else { throw fail("invalid named capture", slice(i, j + 1)) }
                            out += "("
                            i = j + 1
                            lastWasRepeat = false
                            continue
                        }
                        if k == "P" { throw fail("invalid named capture", slice(i, i + 3)) }
                        // Flag groups: RE2 allows i, m, s, U.
                        var j = i + 2
                        var flags = ""
                        while j < p.count, p[j] != ")", p[j] != ":" { flags.unicodeScalars.append(p[j]); j += 1 }
                        guard j < p.count else { throw fail("missing closing )", pattern) }
                        for f in flags.unicodeScalars where !"imsU-".unicodeScalars.contains(f) {
                            throw fail("invalid or unsupported Perl syntax", slice(i, j + 1))
                        }
                        if flags.contains("U") { throw fail("invalid or unsupported Perl syntax", slice(i, j + 1)) }
                        if (flags.isEmpty && p[j] == ")") || flags.hasSuffix("-") {
                            throw fail("invalid or unsupported Perl syntax", slice(i, j + 1))
                        }
                        if let m = flags.firstIndex(of: "m"), !flags[..<m].contains("-") { multiline = true }
                        out += slice(i, j + 1)
                        i = j + 1
                        lastWasRepeat = false
                        continue
                    }
                }
                out += "("
            case "$":
                out += multiline ? "$" : "(?:\\z)"
            case "{":
                if let end = repetitionEnd(p, i) {
                    if lastWasRepeat { throw fail("invalid nested repetition operator", slice(i, end + 1)) }
                    let body = slice(i + 1, end)
                    for part in body.split(separator: ",") where (Int(part) ?? 0) > 1000 {
                        throw fail("invalid repeat count", slice(i, end + 1))
                    }
                    out += slice(i, end + 1)
                    i = end + 1
                    if i < p.count, p[i] == "?" { out += "?"; i += 1 }
                    lastWasRepeat = true
                    continue
                }
                out += "\\{"
            case "}":
                out += "\\}"
            case "*", "+", "?":
                if lastWasRepeat {
                    throw fail("invalid nested repetition operator", slice(i - 1, i + 1))
                }
                if out.isEmpty || out.hasSuffix("(") || out.hasSuffix("|") {
                    throw fail("missing argument to repetition operator", String(c))
                }
                out.unicodeScalars.append(c)
                i += 1
                if i < p.count, p[i] == "?" { out += "?"; i += 1 }
                lastWasRepeat = true
                continue
            default:
                out.unicodeScalars.append(c)
            }
            lastWasRepeat = false
            i += 1
        }
        if inClass { throw fail("missing closing ]", slice(p.lastIndex(of: "[") ?? 0, p.count)) }
        return out
    }

    /// RE2's POSIX classes, which are ASCII-only, as ICU set contents.
    static let posixClasses: [String: String] = [
        "alnum": "0-9A-Za-z",
        "alpha": "A-Za-z",
        "ascii": "\\x{0}-\\x{7F}",
        "blank": "\\t ",
        "cntrl": "\\x{0}-\\x{1F}\\x{7F}",
        "digit": "0-9",
        "graph": "\\x{21}-\\x{7E}",
        "lower": "a-z",
        "print": "\\x{20}-\\x{7E}",
        "punct": "\\x{21}-\\x{2F}\\x{3A}-\\x{40}\\x{5B}-\\x{60}\\x{7B}-\\x{7E}",
        "space": "\\t\\n\\x{B}\\f\\r ",
        "upper": "A-Z",
        "word": "0-9A-Za-z_",
        "xdigit": "0-9A-Fa-f",
    ]

    private static func escapeLiteral(_ s: Unicode.Scalar) -> String {
        if "\\^$.|?*+()[]{}".unicodeScalars.contains(s) { return "\\" + String(s) }
        return String(s)
    }

    private static func findPosixClassEnd(_ p: [Unicode.Scalar], _ start: Int) -> Int? {
        var j = start + 2
        while j + 1 < p.count {
            if p[j] == ":" && p[j + 1] == "]" { return j + 1 }
            if !(p[j].properties.isAlphabetic || p[j] == "^") { return nil }
            j += 1
        }
        return nil
    }

    /// The index of the `}` closing a valid repetition `{n}`, `{n,}` or `{n,m}` starting at `start`.
    private static func repetitionEnd(_ p: [Unicode.Scalar], _ start: Int) -> Int? {
        var j = start + 1
        var digits = 0
        while j < p.count, ("0"..."9").contains(p[j]) { j += 1; digits += 1 }
        guard digits > 0, j < p.count else { return nil }
        if p[j] == "}" { return j }
        guard p[j] == "," else { return nil }
        j += 1
        while j < p.count, ("0"..."9").contains(p[j]) { j += 1 }
        return j < p.count && p[j] == "}" ? j : nil
    }
}
