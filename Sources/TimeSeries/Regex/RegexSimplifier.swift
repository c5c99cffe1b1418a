/// Rewrites counted repetitions into the basic operators, as Go's `Regexp.Simplify` does: `x{3,}` becomes
/// `xxx+`, `x{0}` the empty match, `x{1}` is `x`; bounded `x{n,m}` is left to the compiler. Nested identical
/// operators collapse (`(?:x*)*` is `x*`), and repeating the empty match gives the empty match.
enum RegexSimplifier {
    static func simplify(_ node: RegexNode) -> RegexNode {
        switch node {
        case .capture(let index, let name, let sub):
            return .capture(index, name, simplify(sub))
        case .concat(let subs):
            return .concat(subs.map(simplify))
        case .alternate(let subs):
            return .alternate(subs.map(simplify))
        case .star(let sub, let greedy):
            return simple(.star, simplify(sub), greedy)
        case .plus(let sub, let greedy):
            return simple(.plus, simplify(sub), greedy)
        case .quest(let sub, let greedy):
            return simple(.quest, simplify(sub), greedy)
        case .repeat(let sub, let min, let max, let greedy):
            return repetition(simplify(sub), min: min, max: max, greedy: greedy)
        default:
            return node
        }
    }

    private enum Op { case star, plus, quest }

    private static func simple(_ op: Op, _ sub: RegexNode, _ greedy: Bool) -> RegexNode {
        if sub == .emptyMatch { return sub }
        switch (op, sub) {
        case (.star, .star(_, let g)) where g == greedy: return sub
        case (.plus, .plus(_, let g)) where g == greedy: return sub
        case (.quest, .quest(_, let g)) where g == greedy: return sub
        default: break
        }
        switch op {
        case .star: return .star(sub, greedy: greedy)
        case .plus: return .plus(sub, greedy: greedy)
        case .quest: return .quest(sub, greedy: greedy)
        }
    }

    private static func repetition(_ sub: RegexNode, min: Int, max: Int, greedy: Bool) -> RegexNode {
        if min == 0 && max == 0 { return .emptyMatch }
        if max == -1 {
            if min == 0 { return simple(.star, sub, greedy) }
            if min == 1 { return simple(.plus, sub, greedy) }
            return .concat(Array(repeating: sub, count: min - 1) + [simple(.plus, sub, greedy)])
        }
        if min == 1 && max == 1 { return sub }
        if sub == .emptyMatch { return sub }
        // x{n,m}: the compiler expands it into n copies and m-n nested optional copies, x(x(x)?)?, without
        // building that deep tree here.
        return .repeat(sub, min: min, max: max, greedy: greedy)
    }
}
