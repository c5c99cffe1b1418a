/// Go's `ReplaceAllString`, `ReplaceAllLiteralString` and `Expand` template syntax.
extension GoRegex {
    /// Replaces every match in `src` with `template`, in which `$1`, `${1}`, `$name`, `${name}` stand for
    /// groups of the match and `$$` for `$` (Go's `ReplaceAllString`).
    public func replaceAll(_ src: String, with template: String) -> String {
        let needsGroups = template.utf8.contains(UInt8(ascii: "$"))
        return replace(src, slotCount: needsGroups ? program.slotCount : 2) { input, slots, out in
            expand(template, into: &out) { (i: Int) -> Slice<UnsafeBufferPointer<UInt8>>? in
                2 * i + 1 < slots.count && slots[2 * i] >= 0 ? input.bytes[slots[2 * i]..<slots[2 * i + 1]] : nil
            }
        }
    }

    /// Replaces every match in `src` with `replacement` as it is (Go's `ReplaceAllLiteralString`).
    public func replaceAllLiteral(_ src: String, with replacement: String) -> String {
        let bytes = Array(replacement.utf8)
        return replace(src, slotCount: 2) { _, _, out in out.append(contentsOf: bytes) }
    }

    /// Replaces `$1`, `${1}`, `$name`, `${name}` in `template` with the groups of a match (as returned by
    /// `firstMatchGroups`), like Go's `Regexp.ExpandString`. A name is as long as possible (`$1x` is group
    /// `1x`); a missing or unmatched group expands to nothing; `$$` is `$`; a malformed reference stays.
    public func expand(template: String, groups: [String?]) -> String {
        let utf8 = groups.map { $0.map { Array($0.utf8) } }
        var out: [UInt8] = []
        expand(template, into: &out) { (i: Int) -> ArraySlice<UInt8>? in
            guard i < utf8.count, let g = utf8[i] else { return nil }
            return g[...]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's `replaceAll`: the replacement is not applied to an empty match right after the previous match,
    /// and the search always moves on by at least one scalar.
    private func replace(_ src: String, slotCount: Int,
                         _ append: (RegexInput, [Int], inout [UInt8]) -> Void) -> String {
        RegexInput.with(src) { input in
            var out: [UInt8] = []
            var lastMatchEnd = 0
            var searchPos = 0
            while searchPos <= input.count {
                guard let m = execute(input, from: searchPos, slotCount: slotCount) else { break }
                out.append(contentsOf: input.bytes[lastMatchEnd..<m[0]])
                if m[1] > lastMatchEnd || m[0] == 0 {
                    append(input, m, &out)
                }
                lastMatchEnd = m[1]
                let width = input.scalar(at: searchPos).1
                if searchPos + width > m[1] {
                    searchPos += width
                } else if searchPos + 1 > m[1] {
                    searchPos += 1  // at the end of the text, where there is no scalar to step over
                } else {
                    searchPos = m[1]
                }
            }
            out.append(contentsOf: input.bytes[lastMatchEnd...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Appends `template` expanded with the groups `group(i)` gives (nil when unmatched or missing).
    func expand<C: Collection<UInt8>>(_ template: String, into out: inout [UInt8], group: (Int) -> C?) {
        let t = Array(template.unicodeScalars)
        var i = 0
        while i < t.count {
            guard t[i] == "$" else {
                out.append(contentsOf: String(t[i]).utf8)
                i += 1
                continue
            }
            if i + 1 < t.count, t[i + 1] == "$" {
                out.append(UInt8(ascii: "$"))
                i += 2
                continue
            }
            guard let (name, next) = GoRegex.referenceName(t, at: i + 1) else {
                out.append(UInt8(ascii: "$"))  // malformed: the $ is text
                i += 1
                continue
            }
            i = next
            if let n = GoRegex.groupNumber(name) {
                if let g = group(n) { out.append(contentsOf: g) }
            } else {
                // The first group of that name that took part in the match.
                for (index, groupName) in subexpNames.enumerated() where groupName == name {
                    if let g = group(index) {
                        out.append(contentsOf: g)
                        break
                    }
                }
            }
        }
    }

    /// The name after `$` at `start` (`name` or `{name}`) and the index after it; nil if malformed.
    private static func referenceName(_ t: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var i = start
        let braced = i < t.count && t[i] == "{"
        if braced { i += 1 }
        let nameStart = i
        while i < t.count, isNameScalar(t[i]) { i += 1 }
        guard i > nameStart else { return nil }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: t[nameStart..<i])
        if braced {
            guard i < t.count, t[i] == "}" else { return nil }
            i += 1
        }
        return (String(name), i)
    }

    /// Letters, decimal digits and `_`, as Go's `unicode.IsLetter`/`IsDigit`.
    private static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        if c == "_" { return true }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// A group number: ASCII digits without a leading zero, at most 9 of them (Go's rules); nil for a name.
    private static func groupNumber(_ name: String) -> Int? {
        let digits = Array(name.utf8)
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if digits.count > 1 && digits[0] == 48 { return nil }
        guard digits.count <= 9 else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }
}
