/// A deterministic automaton answering only "is there a match?", built ahead of time from the program when
/// that is cheap; label matchers ask this question for every series, so it must be fast.
///
/// States are sets of program instructions (subset construction). Scalars are grouped into classes that no
/// instruction tells apart, so the table has one column per class. Only `\A` and `\z` (and `^`/`$` without
/// `m`) are understood — they depend on the text's edges only; programs with `\b` or multi-line anchors get
/// no DFA. Construction stops, and the regex does without a DFA, when it would take too many states or too
/// much work, so building one never costs more than a small, fixed amount.
final class RegexDFA: Sendable {
    static let maxStates = 256
    static let maxClasses = 256
    static let maxWork = 300_000

    /// Class boundaries: class k holds scalars in cuts[k]..<cuts[k+1].
    private let cuts: [UInt32]
    private let asciiClass: [UInt16]
    private let classCount: Int
    /// Next state for (state × classCount + class); -1 is the dead state.
    private let table: [Int32]
    private let accepting: [Bool]
    private let acceptsAtEnd: [Bool]

    init?(_ prog: RegexProgram) {
        let insts = prog.insts
        for inst in insts where inst.op == .emptyWidth {
            let flags = EmptyFlags(rawValue: UInt8(inst.arg))
            guard flags == .beginText || flags == .endText else { return nil }
        }
        // Scalar classes: every boundary of every range an instruction tests.
        var allCuts: [UInt32] = [0, CharClass.maxScalar + 1]
        for inst in insts {
            switch inst.op {
            case .rune1:
                let c = UInt32(bitPattern: inst.arg)
                allCuts.append(c)
                allCuts.append(c + 1)
            case .runeClass:
                let k = prog.classes[Int(inst.arg)]
                if k.rangeCount > Self.maxClasses { return nil }
                for i in 0..<k.rangeCount {
                    allCuts.append(k.lo(i))
                    allCuts.append(k.hi(i) + 1)
                }
            case .runeAnyNotNewline:
                allCuts.append(10)
                allCuts.append(11)
            default:
                break
            }
        }
        allCuts.sort()
        var cuts: [UInt32] = []
        for c in allCuts where cuts.last != c { cuts.append(c) }
        if cuts.count > Self.maxClasses + 1 { return nil }
        let classCount = cuts.count - 1
        var asciiClass = [UInt16](repeating: 0, count: 128)
        var k = 0
        for c in 0..<128 {
            while UInt32(c) >= cuts[k + 1] { k += 1 }
            asciiClass[c] = UInt16(k)
        }

        // Subset construction.
        var work = 0
        let unanchored = !prog.anchoredStart
        var seen = [Int32](repeating: -1, count: insts.count)
        var mark: Int32 = 0

        /// Leaves reachable from `seeds` without consuming: consuming instructions, `match`, and `\z`
        /// assertions still waiting for the end of the text.
        func closure(_ seeds: [Int32], atStart: Bool, atEnd: Bool) -> [Int32] {
            mark += 1
            var stack = seeds.reversed() as [Int32]
            var leaves: [Int32] = []
            while let pc = stack.popLast() {
                work += 1
                if pc == 0 || seen[Int(pc)] == mark { continue }
                seen[Int(pc)] = mark
                let inst = insts[Int(pc)]
                switch inst.op {
                case .fail: break
                case .alt:
                    stack.append(inst.arg)
                    stack.append(inst.out)
                case .nop, .capture:
                    stack.append(inst.out)
                case .emptyWidth:
                    if EmptyFlags(rawValue: UInt8(inst.arg)) == .beginText {
                        if atStart { stack.append(inst.out) }
                    } else if atEnd {
                        stack.append(inst.out)
                    } else {
                        leaves.append(pc)
                    }
                case .match, .rune1, .runeClass, .runeAny, .runeAnyNotNewline:
                    leaves.append(pc)
                }
            }
            return leaves.sorted()
        }

        struct Key: Hashable {
            var leaves: [Int32]
            var atStart: Bool
        }
        var states: [Key] = []
        var index: [Key: Int32] = [:]
        var table: [Int32] = []
        var accepting: [Bool] = []
        var acceptsAtEnd: [Bool] = []

        func state(_ key: Key) -> Int32? {
            if let i = index[key] { return i }
            guard states.count < Self.maxStates else { return nil }
            let i = Int32(states.count)
            states.append(key)
            index[key] = i
            let accepts = key.leaves.contains { insts[Int($0)].op == .match }
            let pending = key.leaves.filter { insts[Int($0)].op == .emptyWidth }
            let atEnd = closure(pending.map { insts[Int($0)].out }, atStart: key.atStart, atEnd: true)
            accepting.append(accepts)
            acceptsAtEnd.append(accepts || atEnd.contains { insts[Int($0)].op == .match })
            table.append(contentsOf: repeatElement(-1, count: classCount))
            return i
        }

        let startLeaves = closure([Int32(prog.start)], atStart: true, atEnd: false)
        let reseed = unanchored ? closure([Int32(prog.start)], atStart: false, atEnd: false) : []
        guard state(Key(leaves: startLeaves, atStart: true)) != nil else { return nil }
        var next = 0
        while next < states.count {
            let key = states[next]
            for cls in 0..<classCount {
                let c = Int32(bitPattern: cuts[cls])
                var seeds: [Int32] = []
                for pc in key.leaves {
                    let inst = insts[Int(pc)]
                    if prog.accepts(inst, c) { seeds.append(inst.out) }
                }
                var leaves = closure(seeds, atStart: false, atEnd: false)
                if unanchored { leaves = Array(Set(leaves).union(reseed)).sorted() }
                if work > Self.maxWork { return nil }
                if leaves.isEmpty { continue }  // dead
                guard let target = state(Key(leaves: leaves, atStart: false)) else { return nil }
                table[next * classCount + cls] = target
            }
            next += 1
        }
        self.cuts = cuts
        self.asciiClass = asciiClass
        self.classCount = classCount
        self.table = table
        self.accepting = accepting
        self.acceptsAtEnd = acceptsAtEnd
    }

    func matches(_ input: RegexInput) -> Bool {
        let bytes = input.bytes
        var s = 0
        if accepting[0] { return true }
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            let cls: Int
            if b < 0x80 {
                cls = Int(asciiClass[Int(b)])
                i += 1
            } else {
                let (c, width) = input.scalar(at: i)
                cls = classOf(UInt32(c))
                i += width
            }
            let t = table[s * classCount + cls]
            if t < 0 { return false }
            s = Int(t)
            if accepting[s] { return true }
        }
        return acceptsAtEnd[s]
    }

    private func classOf(_ c: UInt32) -> Int {
        var low = 0
        var high = classCount
        while low + 1 < high {
            let mid = (low + high) / 2
            if cuts[mid] <= c { low = mid } else { high = mid }
        }
        return low
    }
}
