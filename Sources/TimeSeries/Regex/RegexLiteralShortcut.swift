/// Yes/no matching without a machine for patterns that only say "equals", "starts with", "ends with" or
/// "contains" a literal, or "is one of these literals" — the shapes most label matchers and line filters
/// take (`api|web`, `.*foo.*`, `foo.*`, `error`). Captures do not change the answer, so they are looked
/// through; `.*` counts only when `.` also matches newlines.
struct RegexLiteralShortcut: Sendable {
    enum Test: Sendable {
        case equals, prefix, suffix, contains
    }

    let test: Test
    let literals: [[UInt8]]

    init?(_ tree: RegexNode) {
        var items: [RegexNode]
        if case .concat(let subs) = RegexLiteralShortcut.strip(tree) { items = subs } else { items = [RegexLiteralShortcut.strip(tree)] }
        items = items.map(RegexLiteralShortcut.strip)
        var anchoredStart = false
        var anchoredEnd = false
        if items.first == .beginText { anchoredStart = true; items.removeFirst() }
        if items.last == .endText { anchoredEnd = true; items.removeLast() }
        // A lone `.*` on either side is the same as no anchor on that side.
        var openStart = !anchoredStart
        var openEnd = !anchoredEnd
        if anchoredStart, let first = items.first, RegexLiteralShortcut.isDotStar(first) { openStart = true; items.removeFirst() }
        if anchoredEnd, let last = items.last, RegexLiteralShortcut.isDotStar(last) { openEnd = true; items.removeLast() }
        guard items.count == 1, let literals = RegexLiteralShortcut.literals(items[0]) else { return nil }
        switch (openStart, openEnd) {
        case (false, false): test = .equals
        case (false, true): test = .prefix
        case (true, false): test = .suffix
        case (true, true): test = .contains
        }
        // Sets of literals are worth it only for equality (label matchers like `a|b|c`).
        guard literals.count == 1 || test == .equals else { return nil }
        self.literals = literals
    }

    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch test {
        case .equals:
            return literals.contains { $0.count == text.count && $0.elementsEqual(text) }
        case .prefix:
            let l = literals[0]
            return text.count >= l.count && text.prefix(l.count).elementsEqual(l)
        case .suffix:
            let l = literals[0]
            return text.count >= l.count && text.suffix(l.count).elementsEqual(l)
        case .contains:
            return RegexLiteralShortcut.find(literals[0], in: text, from: 0) != nil
        }
    }

    /// The first index at or after `from` where `needle` occurs in `haystack`.
    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first else { return from <= haystack.count ? from : nil }
        let last = haystack.count - needle.count
        var i = from
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    private static func strip(_ node: RegexNode) -> RegexNode {
        if case .capture(_, _, let sub) = node { return strip(sub) }
        return node
    }

    private static func isDotStar(_ node: RegexNode) -> Bool {
        if case .star(.anyChar, _) = node { return true }
        return false
    }

    /// The UTF-8 literals a node is an alternation of, or nil.
    private static func literals(_ node: RegexNode) -> [[UInt8]]? {
        switch strip(node) {
        case .literal(let scalars):
            return utf8(scalars).map { [$0] }
        case .emptyMatch:
            return [[]]
        case .alternate(let subs):
            var out: [[UInt8]] = []
            for sub in subs {
                guard let l = literals(sub), l.count == 1 else { return nil }
                out.append(l[0])
            }
            return out
        case .charClass(let k) where k.rangeCount <= 4 && k.ranges.allSatisfy({ $0.count <= 4 }):
            // Small classes from merged one-scalar alternatives (`a|b` is `[ab]`).
            var out: [[UInt8]] = []
            for r in k.ranges {
                for c in r {
                    guard let l = utf8([c]) else { return nil }
                    out.append(l)
                }
            }
            return out
        default:
            return nil
        }
    }

    /// Nil for surrogate code points, which no text contains.
    private static func utf8(_ scalars: [UInt32]) -> [UInt8]? {
        var s = String.UnicodeScalarView()
        for c in scalars {
            guard let u = Unicode.Scalar(c) else { return nil }
            s.append(u)
        }
        return Array(String(s).utf8)
    }
}
