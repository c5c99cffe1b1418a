/// Parses Go `regexp` (RE2) syntax into a `RegexNode` tree, with Go's errors and limits.
///
/// The parser keeps a stack of open groups; each group collects finished alternatives and the items of the
/// alternative being read. Repetition operators apply to the last item read. Flags (`i m s U`) live in the
/// parser and are restored when a group closes, as in Go.
struct RegexParser {
    struct Flags: Equatable {
        var foldCase = false
        /// `^`/`$` match at text start/end only (no `m` flag).
        var oneLine = true
        var dotMatchesNewline = false
        var nonGreedy = false
    }

    /// Go's limits: repetition counts, nesting depth and program size (128 MB of 40-byte instructions).
    static let maxRepeat = 1000
    static let maxHeight = 1000
    static let maxSize = (128 << 20) / 40
    static let maxRunes = (128 << 20) / 4

    /// A parsed piece with its tree height and Go's size estimate, kept alongside so limits are checked
    /// without walking the tree again.
    struct Piece {
        var node: RegexNode
        var height: Int
        var size: Int

        static func leaf(_ node: RegexNode, size: Int = 1) -> Piece { Piece(node: node, height: 1, size: size) }
    }

    private struct Group {
        var alternatives: [Piece] = []
        var items: [Piece] = []
        /// Flags in force before the group opened; restored at `)`.
        var savedFlags: Flags
        /// Capture index and name; nil for `(?:...)` and the outermost level.
        var capture: (index: Int, name: String?)?
    }

    let pattern: [Unicode.Scalar]
    let whole: String
    var flags = Flags()
    private var groups: [Group] = []
    var captureCount = 0
    var captureNames: [String?] = []
    private var runeCount = 0

    init(_ pattern: String, dotMatchesNewline: Bool = false) {
        self.pattern = Array(pattern.unicodeScalars)
        self.whole = pattern
        flags.dotMatchesNewline = dotMatchesNewline
    }

    func text(_ from: Int, _ to: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: pattern[from..<min(to, pattern.count)])
        return String(s)
    }

    mutating func parse() throws(GoRegex.SyntaxError) -> RegexNode {
        groups = [Group(savedFlags: flags, capture: nil)]
        var i = 0
        var lastRepeat: Int? = nil  // where the previous repetition operator started, if the last thing read was one
        let p = pattern
        while i < p.count {
            var repeatStart: Int? = nil
            let c = p[i]
            switch c {
            case "(":
                if i + 1 < p.count, p[i + 1] == "?" {
                    i = try parseGroupSyntax(at: i)
                } else {
                    captureCount += 1
                    captureNames.append(nil)
                    try openGroup(capture: (captureCount, nil))
                    i += 1
                }
            case "|":
                finishAlternative()
                i += 1
            case ")":
                try closeGroup()
                i += 1
            case "^":
                push(flags.oneLine ? .beginText : .beginLine)
                i += 1
            case "$":
                push(flags.oneLine ? .endText : .endLine)
                i += 1
            case ".":
                push(flags.dotMatchesNewline ? .anyChar : .anyCharNotNewline)
                i += 1
            case "[":
                let (node, next) = try parseClass(at: i)
                if case .charClass(let k) = node { try countRunes(k) }
                push(node)
                i = next
            case "*", "+", "?":
                let kind: RepeatKind = c == "*" ? .star : c == "+" ? .plus : .quest
                repeatStart = i
                i = try applyRepeat(kind, min: 0, max: 0, start: i, after: i + 1, lastRepeat: lastRepeat)
            case "{":
                if let (min, max, after) = parseRepeatBraces(at: i) {
                    if min < 0 || min > Self.maxRepeat || max > Self.maxRepeat || (max >= 0 && min > max) {
                        throw GoRegex.SyntaxError(.invalidRepeatSize, text(i, after))
                    }
                    repeatStart = i
                    i = try applyRepeat(.counted, min: min, max: max, start: i, after: after, lastRepeat: lastRepeat)
                } else {
                    literal(c.value)
                    i += 1
                }
            case "\\":
                i = try parseBackslash(at: i)
            default:
                literal(c.value)
                i += 1
            }
            lastRepeat = repeatStart
        }
        finishAlternative()
        guard groups.count == 1 else { throw GoRegex.SyntaxError(.missingParen, whole) }
        let root = RegexParser.alternation(groups[0].alternatives)
        try checkLimits(root)
        return root.node
    }

    // MARK: Items and groups

    mutating func push(_ node: RegexNode) {
        var size = 1
        if case .literal(let l) = node { size = l.count }
        push(.leaf(node, size: size))
    }

    mutating func push(_ piece: Piece) {
        groups[groups.count - 1].items.append(piece)
    }

    /// A literal scalar; under `(?i)` the class of its case-folding orbit.
    mutating func literal(_ c: UInt32) {
        if flags.foldCase, CaseFolding.simpleFold(c) != c {
            var k = CharClass.single(c)
            CaseFolding.forEachInOrbit(of: c) { k.append($0, $0) }
            push(.charClass(k.normalized()))
        } else {
            // Like Go, fold the previous single scalar into the literal run before it, but keep the newest one
            // apart: a repetition operator that follows applies to it alone (`ab*` is `a(b*)`).
            let g = groups.count - 1
            let n = groups[g].items.count
            if n >= 2, case .literal(var run) = groups[g].items[n - 2].node,
               case .literal(let last) = groups[g].items[n - 1].node, last.count == 1 {
                groups[g].items[n - 2].node = .emptyMatch  // drop the reference so `run` grows in place
                run.append(last[0])
                groups[g].items[n - 2] = .leaf(.literal(run), size: run.count)
                groups[g].items[n - 1] = .leaf(.literal([c]))
                return
            }
            push(.literal([c]))
        }
    }

    mutating func openGroup(capture: (Int, String?)?) throws(GoRegex.SyntaxError) {
        // Every group adds a level to the tree; refuse before the parser's own stack gets deep.
        if groups.count > Self.maxHeight { throw GoRegex.SyntaxError(.nestingDepth, whole) }
        groups.append(Group(savedFlags: flags, capture: capture.map { (index: $0.0, name: $0.1) }))
    }

    private mutating func finishAlternative() {
        let g = groups.count - 1
        let items = groups[g].items
        groups[g].items = []
        groups[g].alternatives.append(RegexParser.concatenation(items))
    }

    private mutating func closeGroup() throws(GoRegex.SyntaxError) {
        guard groups.count > 1 else { throw GoRegex.SyntaxError(.unexpectedParen, whole) }
        finishAlternative()
        let group = groups.removeLast()
        flags = group.savedFlags
        var piece = RegexParser.alternation(group.alternatives)
        if let (index, name) = group.capture {
            piece = Piece(node: .capture(index, name, piece.node), height: piece.height + 1, size: piece.size + 2)
        }
        try checkLimits(piece)
        push(piece)
    }

    /// Concatenation with adjacent literals merged into strings.
    static func concatenation(_ items: [Piece]) -> Piece {
        var out: [Piece] = []
        for item in items {
            if case .literal(let s) = item.node, let last = out.last, case .literal(let prev) = last.node {
                out[out.count - 1] = .leaf(.literal(prev + s), size: prev.count + s.count)
            } else if case .concat(let subs) = item.node {
                // Only from a group without capture: its pieces are one level lower.
                for sub in subs { out.append(Piece(node: sub, height: item.height - 1, size: 0)) }
                out[out.count - 1].size = item.size
            } else {
                out.append(item)
            }
        }
        switch out.count {
        case 0: return .leaf(.emptyMatch)
        case 1: return out[0]
        default:
            return Piece(node: .concat(out.map(\.node)), height: 1 + out.map(\.height).max()!,
                         size: out.reduce(0) { min(maxSize + 1, $0 + $1.size) })
        }
    }

    /// Alternation with runs of single-scalar alternatives merged into one class and repeated empty
    /// alternatives collapsed, as Go does; the order of alternatives (their priority) is kept.
    static func alternation(_ alternatives: [Piece]) -> Piece {
        var out: [Piece] = []
        for alt in alternatives {
            let subs: [Piece]
            if case .alternate(let inner) = alt.node {
                subs = inner.map { Piece(node: $0, height: alt.height - 1, size: alt.size / max(1, inner.count)) }
            } else {
                subs = [alt]
            }
            for sub in subs {
                if let k = sub.node.singleScalarClass, let last = out.last, let prev = last.node.singleScalarClass {
                    var merged = prev
                    merged.append(k)
                    out[out.count - 1] = .leaf(classNode(merged.normalized()))
                } else if sub.node == .emptyMatch, out.last?.node == .emptyMatch {
                    continue
                } else {
                    out.append(sub)
                }
            }
        }
        switch out.count {
        case 0: return .leaf(.noMatch)
        case 1: return out[0]
        default:
            return Piece(node: .alternate(out.map(\.node)), height: 1 + out.map(\.height).max()!,
                         size: min(maxSize + 1, out.reduce(0) { min(maxSize + 1, $0 + $1.size) } + out.count - 1))
        }
    }

    static func classNode(_ k: CharClass) -> RegexNode {
        if let c = k.singleScalar { return .literal([c]) }
        if k.isAny { return .anyChar }
        if k.isAnyNotNewline { return .anyCharNotNewline }
        if k.isEmpty { return .noMatch }
        return .charClass(k)
    }

    // MARK: Repetition

    private enum RepeatKind { case star, plus, quest, counted }

    /// Applies a repetition operator to the last item; returns the index after the operator (and its `?`).
    private mutating func applyRepeat(_ kind: RepeatKind, min: Int, max: Int, start: Int, after: Int,
                                      lastRepeat: Int?) throws(GoRegex.SyntaxError) -> Int {
        var end = after
        var greedy = !flags.nonGreedy
        if end < pattern.count, pattern[end] == "?" {
            end += 1
            greedy.toggle()
        }
        if let previous = lastRepeat {
            throw GoRegex.SyntaxError(.invalidRepeatOp, text(previous, end))
        }
        let g = groups.count - 1
        guard let sub = groups[g].items.last else {
            throw GoRegex.SyntaxError(.missingRepeatArgument, text(start, end))
        }
        let node: RegexNode
        let size: Int
        switch kind {
        case .star: node = .star(sub.node, greedy: greedy); size = 2 + sub.size
        case .plus: node = .plus(sub.node, greedy: greedy); size = 1 + sub.size
        case .quest: node = .quest(sub.node, greedy: greedy); size = 1 + sub.size
        case .counted:
            node = .repeat(sub.node, min: min, max: max, greedy: greedy)
            if max == -1 {
                size = min == 0 ? 2 + sub.size : 1 + Swift.min(Self.maxSize + 1, min * sub.size)
            } else {
                size = Swift.min(Self.maxSize + 1, max * sub.size) + (max - min)
            }
        }
        let piece = Piece(node: node, height: sub.height + 1, size: size)
        try checkLimits(piece)
        if kind == .counted, min >= 2 || max >= 2, !RegexParser.repeatIsValid(node, Self.maxRepeat) {
            throw GoRegex.SyntaxError(.invalidRepeatSize, text(start, end))
        }
        groups[g].items[groups[g].items.count - 1] = piece
        return end
    }

    /// Go allows at most 1000 copies of the innermost expression across nested counted repetitions.
    private static func repeatIsValid(_ node: RegexNode, _ limit: Int) -> Bool {
        var n = limit
        if case .repeat(_, let min, let max, _) = node {
            if max == 0 { return true }
            let m = max < 0 ? min : max
            if m > n { return false }
            if m > 0 { n /= m }
        }
        return node.children.allSatisfy { repeatIsValid($0, n) }
    }

    /// `{n}`, `{n,}` or `{n,m}` at `i`: (min, max or -1, index after `}`); nil if it is not one (then `{` is a
    /// literal). Numbers of 9 digits or more give min -1, which the caller reports as an invalid count.
    private func parseRepeatBraces(at start: Int) -> (Int, Int, Int)? {
        var i = start + 1
        guard let (min, afterMin) = parseInt(at: i) else { return nil }
        i = afterMin
        guard i < pattern.count else { return nil }
        var lo = min
        var hi = min
        if pattern[i] == "," {
            i += 1
            guard i < pattern.count else { return nil }
            if pattern[i] == "}" {
                hi = -1
            } else {
                guard let (max, afterMax) = parseInt(at: i) else { return nil }
                i = afterMax
                hi = max
                if max < 0 { lo = -1 }
            }
        }
        guard i < pattern.count, pattern[i] == "}" else { return nil }
        return (lo, hi, i + 1)
    }

    /// Decimal digits without leading zeros; -1 for a value of 1e8 or more.
    private func parseInt(at start: Int) -> (Int, Int)? {
        func isDigit(_ k: Int) -> Bool { k < pattern.count && pattern[k].value >= 48 && pattern[k].value <= 57 }
        guard isDigit(start) else { return nil }
        if pattern[start] == "0", isDigit(start + 1) { return nil }
        var i = start
        var n = 0
        while isDigit(i) {
            if n >= 100_000_000 { n = -1 } else if n >= 0 { n = n * 10 + Int(pattern[i].value - 48) }
            i += 1
        }
        return (n, i)
    }

    // MARK: Limits

    private func checkLimits(_ piece: Piece) throws(GoRegex.SyntaxError) {
        if piece.size > Self.maxSize { throw GoRegex.SyntaxError(.tooLarge, whole) }
        if piece.height > Self.maxHeight { throw GoRegex.SyntaxError(.nestingDepth, whole) }
    }

    mutating func countRunes(_ k: CharClass) throws(GoRegex.SyntaxError) {
        runeCount += 2 * k.rangeCount
        if runeCount > Self.maxRunes { throw GoRegex.SyntaxError(.tooLarge, whole) }
    }
}
