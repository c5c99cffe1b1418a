/// Compiles a simplified `RegexNode` tree into a `RegexProgram` (Thompson construction, as Go's compiler).
struct RegexCompiler {
    /// A compiled fragment: its first instruction, the exits still to be connected, and whether it can
    /// match the empty string.
    private struct Fragment {
        var start: Int32
        /// Exits as instruction index × 2, + 1 for the `arg` edge of an `alt`.
        var holes: [Int]
        var nullable: Bool

        static let fail = Fragment(start: 0, holes: [], nullable: false)
    }

    private var insts: [RegexProgram.Inst] = [RegexProgram.Inst(op: .fail, out: 0, arg: 0)]
    private var classes: [CharClass] = []

    static func compile(_ node: RegexNode, captureCount: Int) -> RegexProgram {
        var c = RegexCompiler()
        let f = c.compile(node)
        let match = c.emit(.match)
        c.patch(f.holes, to: match)
        return RegexProgram(insts: c.insts, classes: c.classes, start: Int(f.start), slotCount: 2 * (captureCount + 1))
    }

    private mutating func emit(_ op: RegexProgram.Op, arg: Int32 = 0) -> Int32 {
        insts.append(RegexProgram.Inst(op: op, out: 0, arg: arg))
        return Int32(insts.count - 1)
    }

    private mutating func patch(_ holes: [Int], to target: Int32) {
        for h in holes {
            if h & 1 == 0 { insts[h >> 1].out = target } else { insts[h >> 1].arg = target }
        }
    }

    /// A single instruction whose `out` is the only exit.
    private mutating func simple(_ op: RegexProgram.Op, arg: Int32 = 0, nullable: Bool) -> Fragment {
        let i = emit(op, arg: arg)
        return Fragment(start: i, holes: [Int(i) << 1], nullable: nullable)
    }

    private mutating func compile(_ node: RegexNode) -> Fragment {
        switch node {
        case .noMatch:
            return .fail
        case .emptyMatch:
            return simple(.nop, nullable: true)
        case .literal(let scalars):
            var f: Fragment? = nil
            for c in scalars {
                let g = simple(.rune1, arg: Int32(bitPattern: c), nullable: false)
                f = f.map { cat($0, g) } ?? g
            }
            return f ?? simple(.nop, nullable: true)
        case .charClass(let k):
            classes.append(k)
            return simple(.runeClass, arg: Int32(classes.count - 1), nullable: false)
        case .anyChar:
            return simple(.runeAny, nullable: false)
        case .anyCharNotNewline:
            return simple(.runeAnyNotNewline, nullable: false)
        case .beginLine: return empty(.beginLine)
        case .endLine: return empty(.endLine)
        case .beginText: return empty(.beginText)
        case .endText: return empty(.endText)
        case .wordBoundary: return empty(.wordBoundary)
        case .noWordBoundary: return empty(.noWordBoundary)
        case .capture(let index, _, let sub):
            let open = simple(.capture, arg: Int32(2 * index), nullable: true)
            let body = compile(sub)
            let close = simple(.capture, arg: Int32(2 * index + 1), nullable: true)
            return cat(cat(open, body), close)
        case .star(let sub, let greedy):
            return star(compile(sub), greedy: greedy)
        case .plus(let sub, let greedy):
            return plus(compile(sub), greedy: greedy)
        case .quest(let sub, let greedy):
            return quest(compile(sub), greedy: greedy)
        case .repeat(let sub, let min, let max, let greedy):
            return counted(sub, min: min, max: max, greedy: greedy)
        case .concat(let subs):
            var f: Fragment? = nil
            for sub in subs {
                let g = compile(sub)
                f = f.map { cat($0, g) } ?? g
            }
            return f ?? simple(.nop, nullable: true)
        case .alternate(let subs):
            var f: Fragment? = nil
            for sub in subs {
                let g = compile(sub)
                f = f.map { alt($0, g) } ?? g
            }
            return f ?? .fail
        }
    }

    private mutating func empty(_ flags: EmptyFlags) -> Fragment {
        simple(.emptyWidth, arg: Int32(flags.rawValue), nullable: true)
    }

    private mutating func cat(_ f1: Fragment, _ f2: Fragment) -> Fragment {
        if f1.start == 0 || f2.start == 0 { return .fail }
        patch(f1.holes, to: f2.start)
        return Fragment(start: f1.start, holes: f2.holes, nullable: f1.nullable && f2.nullable)
    }

    private mutating func alt(_ f1: Fragment, _ f2: Fragment) -> Fragment {
        if f1.start == 0 { return f2 }
        if f2.start == 0 { return f1 }
        let i = emit(.alt, arg: f2.start)
        insts[Int(i)].out = f1.start
        return Fragment(start: i, holes: f1.holes + f2.holes, nullable: f1.nullable || f2.nullable)
    }

    private mutating func quest(_ f1: Fragment, greedy: Bool) -> Fragment {
        let i = emit(.alt)
        var holes: [Int]
        if greedy {
            insts[Int(i)].out = f1.start
            holes = [Int(i) << 1 | 1]
        } else {
            insts[Int(i)].arg = f1.start
            holes = [Int(i) << 1]
        }
        holes.append(contentsOf: f1.holes)
        return Fragment(start: i, holes: holes, nullable: true)
    }

    /// `f1` repeated: an `alt` whose preferred edge (for greedy loops) goes back into `f1`.
    private mutating func loop(_ f1: Fragment, greedy: Bool) -> Fragment {
        let i = emit(.alt)
        let hole: Int
        if greedy {
            insts[Int(i)].out = f1.start
            hole = Int(i) << 1 | 1
        } else {
            insts[Int(i)].arg = f1.start
            hole = Int(i) << 1
        }
        patch(f1.holes, to: i)
        return Fragment(start: i, holes: [hole], nullable: true)
    }

    private mutating func plus(_ f1: Fragment, greedy: Bool) -> Fragment {
        if f1.start == 0 { return .fail }
        let l = loop(f1, greedy: greedy)
        return Fragment(start: f1.start, holes: l.holes, nullable: f1.nullable)
    }

    private mutating func star(_ f1: Fragment, greedy: Bool) -> Fragment {
        // A loop around something that can match empty gets its priorities wrong with a single alt;
        // (x+)? is equivalent and right (Go issue 46123; RE2 does the same).
        if f1.nullable { return quest(plus(f1, greedy: greedy), greedy: greedy) }
        if f1.start == 0 { return quest(f1, greedy: greedy) }
        return loop(f1, greedy: greedy)
    }

    /// `x{min,max}` with a bound: min copies, then max-min nested optional copies `(x(x)?)?`.
    private mutating func counted(_ sub: RegexNode, min: Int, max: Int, greedy: Bool) -> Fragment {
        var f: Fragment? = nil
        for _ in 0..<min {
            let g = compile(sub)
            f = f.map { cat($0, g) } ?? g
        }
        var suffix: Fragment? = nil
        if max > min {
            for _ in 0..<(max - min) {
                let x = compile(sub)
                let body = suffix.map { cat(x, $0) } ?? x
                suffix = quest(body, greedy: greedy)
            }
        }
        if let s = suffix { f = f.map { cat($0, s) } ?? s }
        return f ?? simple(.nop, nullable: true)
    }
}
