/// A compiled regular expression: instructions for the matching machines (Go's `regexp/syntax.Prog`).
///
/// Instruction 0 is `fail`. Capture slots are numbered as in Go: 2n and 2n+1 hold the start and end of group n,
/// group 0 being the whole match.
final class RegexProgram: Sendable {
    enum Op: UInt8, Sendable {
        case fail
        case match
        /// Consumes the scalar `arg`.
        case rune1
        /// Consumes a scalar of class `arg`.
        case runeClass
        case runeAny
        case runeAnyNotNewline
        /// Tries `out` first, then `arg`.
        case alt
        /// Records the position in capture slot `arg`.
        case capture
        /// Continues only where the conditions `arg` (`EmptyFlags`) hold.
        case emptyWidth
        case nop
    }

    struct Inst: Sendable {
        var op: Op
        var out: Int32
        var arg: Int32
    }

    /// A class ready for matching: a bitmap for ASCII and sorted ranges (flat lo, hi pairs) above it.
    struct RuneSet: Sendable {
        var asciiLow: UInt64
        var asciiHigh: UInt64
        var ranges: [UInt32]

        init(_ k: CharClass) {
            var low: UInt64 = 0
            var high: UInt64 = 0
            var rest: [UInt32] = []
            for r in k.ranges {
                var lo = r.lowerBound
                while lo <= r.upperBound && lo < 128 {
                    if lo < 64 { low |= 1 << UInt64(lo) } else { high |= 1 << UInt64(lo - 64) }
                    lo += 1
                }
                if lo <= r.upperBound && r.upperBound >= 128 {
                    rest.append(lo)
                    rest.append(r.upperBound)
                }
            }
            asciiLow = low
            asciiHigh = high
            ranges = rest
        }

        @inline(__always)
        func contains(_ c: UInt32) -> Bool {
            if c < 64 { return asciiLow & (1 << UInt64(c)) != 0 }
            if c < 128 { return asciiHigh & (1 << UInt64(c - 64)) != 0 }
            var lowIndex = 0
            var highIndex = ranges.count / 2
            while lowIndex < highIndex {
                let mid = (lowIndex + highIndex) / 2
                if c > ranges[2 * mid + 1] { lowIndex = mid + 1 } else if c < ranges[2 * mid] { highIndex = mid } else { return true }
            }
            return false
        }
    }

    let insts: [Inst]
    let sets: [RuneSet]
    /// The classes behind `sets`, for analyses that need the full ranges (the DFA's scalar classes).
    let classes: [CharClass]
    let start: Int
    /// 2 × (number of groups + 1).
    let slotCount: Int
    /// Whether every match must start at the beginning of the text (the program starts with `\A`).
    let anchoredStart: Bool

    init(insts: [Inst], classes: [CharClass], start: Int, slotCount: Int) {
        self.insts = insts
        self.classes = classes
        self.sets = classes.map(RuneSet.init)
        self.start = start
        self.slotCount = slotCount
        var pc = start
        var anchored = false
        // Follow the instructions every match must pass before consuming anything.
        while pc > 0 {
            let inst = insts[pc]
            if inst.op == .emptyWidth && EmptyFlags(rawValue: UInt8(inst.arg)).contains(.beginText) {
                anchored = true
                break
            }
            guard inst.op == .nop || inst.op == .capture || inst.op == .emptyWidth else { break }
            pc = Int(inst.out)
        }
        self.anchoredStart = anchored
    }
}

/// Conditions of empty-width assertions, and the context at a position (Go's `syntax.EmptyOp`).
struct EmptyFlags: OptionSet, Sendable {
    let rawValue: UInt8
    static let beginLine = EmptyFlags(rawValue: 1)
    static let endLine = EmptyFlags(rawValue: 2)
    static let beginText = EmptyFlags(rawValue: 4)
    static let endText = EmptyFlags(rawValue: 8)
    static let wordBoundary = EmptyFlags(rawValue: 16)
    static let noWordBoundary = EmptyFlags(rawValue: 32)

    /// The conditions that hold between scalar `before` and scalar `after` (-1 for the text's edges).
    @inline(__always)
    static func context(_ before: Int32, _ after: Int32) -> EmptyFlags {
        var flags: EmptyFlags = []
        var boundary = false
        if before < 0 {
            flags.formUnion([.beginText, .beginLine])
        } else if before == 10 {
            flags.insert(.beginLine)
        }
        if isWordScalar(before) { boundary = true }
        if after < 0 {
            flags.formUnion([.endText, .endLine])
        } else if after == 10 {
            flags.insert(.endLine)
        }
        if isWordScalar(after) { boundary.toggle() }
        flags.insert(boundary ? .wordBoundary : .noWordBoundary)
        return flags
    }

    /// ASCII word characters, as `\b` sees them in Go.
    @inline(__always)
    static func isWordScalar(_ c: Int32) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }
}
