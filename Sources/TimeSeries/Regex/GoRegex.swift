/// A regular expression with Go's `regexp` (RE2) syntax and semantics, matched in time linear in the text.
///
/// The pattern is parsed with Go's rules and error messages (`RegexParser`), compiled to a program
/// (`RegexCompiler`) and run by a bounded backtracker on short texts or a Pike VM otherwise; both give Go's
/// leftmost-first matches with submatches. Yes/no questions use a DFA when the program allows one
/// (`RegexDFA`), and patterns that are literals in disguise (`a|b|c`, `.*foo.*`, `foo.*`) skip the machines
/// (`RegexLiteralShortcut`). Positions are UTF-8 byte offsets, as in Go.
public final class GoRegex: Sendable, CustomStringConvertible {
    /// The pattern as the user wrote it.
    public let pattern: String
    let program: RegexProgram
    /// Go's `SubexpNames`: one entry per group, group 0 (the whole match) first; "" for unnamed groups.
    public let subexpNames: [String]
    private let shortcut: RegexLiteralShortcut?
    private let dfa: RegexDFA?

    /// Compiles `pattern`. With `anchored`, it must match the whole input, as Prometheus label matchers do
    /// (`^(?s:pattern)$`: `dotMatchesNewline` makes `.` also match `\n`, as in Prometheus 3).
    public init(_ pattern: String, anchored: Bool = false, dotMatchesNewline: Bool = false) throws(SyntaxError) {
        self.pattern = pattern
        var parser = RegexParser(pattern, dotMatchesNewline: dotMatchesNewline)
        var tree = try parser.parse()
        if anchored {
            if case .concat(let subs) = tree {
                tree = .concat([.beginText] + subs + [.endText])
            } else {
                tree = .concat([.beginText, tree, .endText])
            }
        }
        tree = RegexSimplifier.simplify(tree)
        program = RegexCompiler.compile(tree, captureCount: parser.captureCount)
        subexpNames = [""] + parser.captureNames.map { $0 ?? "" }
        shortcut = RegexLiteralShortcut(tree)
        dfa = shortcut == nil ? RegexDFA(program) : nil
    }

    public var description: String { pattern }

    /// Number of capture groups (Go's `NumSubexp`).
    public var numberOfCaptureGroups: Int { subexpNames.count - 1 }

    /// Names of the named groups `(?P<name>...)`/`(?<name>...)`, in order of appearance.
    public var groupNames: [String] { subexpNames.filter { !$0.isEmpty } }

    /// Index of the first group called `name` (Go's `SubexpIndex`), or nil.
    public func subexpIndex(_ name: String) -> Int? {
        name.isEmpty ? nil : subexpNames.firstIndex(of: name)
    }

    // MARK: Matching

    /// Whether the expression matches somewhere in `s` (the whole of it when anchored).
    public func matches(_ s: String) -> Bool {
        RegexInput.with(s) { input in
            if let shortcut { return shortcut.matches(input.bytes) }
            if let dfa { return dfa.matches(input) }
            return execute(input, from: 0, slotCount: 0) != nil
        }
    }

    /// The capture groups of the leftmost match, group 0 first; `nil` for a group that did not take part.
    public func firstMatchGroups(_ s: String) -> [String?]? {
        RegexInput.with(s) { input in
            guard let slots = execute(input, from: 0, slotCount: program.slotCount) else { return nil }
            return GoRegex.groups(slots, input)
        }
    }

    /// The byte offsets of the leftmost match and its groups (Go's `FindStringSubmatchIndex`): pairs of start
    /// and end, -1 for groups that did not take part; nil without a match.
    public func firstMatchIndices(_ s: String) -> [Int]? {
        RegexInput.with(s) { execute($0, from: 0, slotCount: program.slotCount) }
    }

    /// Every successive non-overlapping match, as Go's `FindAllStringSubmatchIndex(s, limit)` (a negative
    /// limit means all): an empty match right after a previous match is skipped.
    public func allMatchIndices(_ s: String, limit: Int = -1) -> [[Int]] {
        RegexInput.with(s) { input in
            var out: [[Int]] = []
            forEachMatch(input, slotCount: program.slotCount, limit: limit) { out.append($0) }
            return out
        }
    }

    /// The groups of every successive match (Go's `FindAllStringSubmatch`).
    public func allMatchGroups(_ s: String, limit: Int = -1) -> [[String?]] {
        RegexInput.with(s) { input in
            var out: [[String?]] = []
            forEachMatch(input, slotCount: program.slotCount, limit: limit) { out.append(GoRegex.groups($0, input)) }
            return out
        }
    }

    /// The text of every successive match (Go's `FindAllString`).
    public func allMatches(_ s: String, limit: Int = -1) -> [String] {
        RegexInput.with(s) { input in
            var out: [String] = []
            forEachMatch(input, slotCount: 2, limit: limit) { out.append(GoRegex.text(input, $0[0], $0[1])) }
            return out
        }
    }

    /// The number of successive matches, as `len(FindAllStringIndex(s, -1))`.
    public func countMatches(_ s: String) -> Int {
        RegexInput.with(s) { input in
            var n = 0
            forEachMatch(input, slotCount: 2, limit: -1) { _ in n += 1 }
            return n
        }
    }

    // MARK: Machinery

    /// The leftmost-first match at or after byte `from`, with `slotCount` capture slots.
    func execute(_ input: RegexInput, from: Int, slotCount: Int) -> [Int]? {
        let slots: [Int]?
        if BacktrackMatcher.canRun(program, textLength: input.count) {
            slots = BacktrackMatcher(program: program).search(input, from: from, slotCount: slotCount)
        } else {
            slots = PikeVM(program: program).search(input, from: from, slotCount: slotCount)
        }
        guard var found = slots else { return nil }
        // Groups the program never reaches (`(a){0}`) still have slots, unset.
        while found.count < slotCount { found.append(-1) }
        return found
    }

    /// Go's `allMatches`: successive matches; after an empty match the search moves on one scalar, and an
    /// empty match right after the previous match is not reported.
    func forEachMatch(_ input: RegexInput, slotCount: Int, limit: Int, _ body: ([Int]) -> Void) {
        var pos = 0
        var delivered = 0
        var previousEnd = -1
        while (limit < 0 || delivered < limit) && pos <= input.count {
            guard let m = execute(input, from: pos, slotCount: max(2, slotCount)) else { break }
            var accept = true
            if m[1] == pos {
                if m[0] == previousEnd { accept = false }
                let width = input.scalar(at: pos).1
                pos = width > 0 ? pos + width : input.count + 1
            } else {
                pos = m[1]
            }
            previousEnd = m[1]
            if accept {
                body(m)
                delivered += 1
            }
        }
    }

    static func groups(_ slots: [Int], _ input: RegexInput) -> [String?] {
        stride(from: 0, to: slots.count - 1, by: 2).map { i in
            slots[i] < 0 ? nil : text(input, slots[i], slots[i + 1])
        }
    }

    static func text(_ input: RegexInput, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: input.bytes[from..<to]), as: UTF8.self)
    }
}
