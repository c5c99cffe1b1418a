/// The syntax tree of a regular expression, after parsing (Go's `regexp/syntax.Regexp`).
///
/// Case-insensitive literals are already turned into classes of their folding orbits, so the tree no longer
/// carries flags except greediness.
indirect enum RegexNode: Equatable, Sendable {
    case noMatch
    case emptyMatch
    /// A sequence of scalars matched exactly.
    case literal([UInt32])
    case charClass(CharClass)
    case anyCharNotNewline
    case anyChar
    case beginLine
    case endLine
    case beginText
    case endText
    case wordBoundary
    case noWordBoundary
    /// Capture group `index` (1-based), with its name if it has one.
    case capture(Int, String?, RegexNode)
    case star(RegexNode, greedy: Bool)
    case plus(RegexNode, greedy: Bool)
    case quest(RegexNode, greedy: Bool)
    /// `{min,max}`; `max == -1` means no upper bound.
    case `repeat`(RegexNode, min: Int, max: Int, greedy: Bool)
    case concat([RegexNode])
    case alternate([RegexNode])

    var children: [RegexNode] {
        switch self {
        case .capture(_, _, let sub), .star(let sub, _), .plus(let sub, _), .quest(let sub, _),
             .repeat(let sub, _, _, _):
            return [sub]
        case .concat(let subs), .alternate(let subs):
            return subs
        default:
            return []
        }
    }

    /// Whether the node can match a single scalar only, so alternatives of such nodes merge into one class.
    var singleScalarClass: CharClass? {
        switch self {
        case .literal(let s) where s.count == 1: return .single(s[0])
        case .charClass(let k): return k
        case .anyChar: return .any
        case .anyCharNotNewline: return .anyNotNewline
        default: return nil
        }
    }
}
