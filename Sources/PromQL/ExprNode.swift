import TimeSeries

/// The box that holds a sub-expression.
///
/// Trees can be deep: Prometheus accepts a sum of 10,000 terms or 10,000 nested calls. Three things about
/// such trees would otherwise be recursive in Swift and overflow a thread's stack:
/// - releasing them: Swift destroys a nested value by destroying its parts, one stack frame set per level.
///   `deinit` here takes the descendants apart with a work list instead (see `dismantle`);
/// - `Expr.type`, which needs the child's type, and `Expr.range`, which for a binary expression spans its
///   operands: both cached here, so they are constant time (they were O(height) per call, O(n²) over a
///   walk: a 10,000-term sum took seconds to parse);
/// - `==`: `Expr`'s equality walks both trees with a work list.
/// Nodes are immutable once built (setters on the parent build a new node), except during teardown.
final class ExprNode: @unchecked Sendable {
    // `@unchecked`: `expr` is only reassigned in `dismantle`, on a node no one else references any more.
    private(set) var expr: Expr
    let type: ValueType
    let height: Int
    let range: SourceRange

    init(_ expr: Expr) {
        self.expr = expr
        type = expr.type
        height = expr.height
        range = expr.range
    }

    deinit {
        ExprNode.dismantle(&expr)
    }

    /// A node's expression once its children have been moved out.
    private static let leaf = Expr.number(NumberLiteral(value: 0, range: SourceRange(start: 0, end: 0)))

    /// Releases the tree under `root` level by level: each child node is moved to a list before its parent
    /// lets go of it, and a node that only the list still holds is emptied the same way before it is freed,
    /// so no `deinit` ever finds more than a leaf below itself.
    private static func dismantle(_ root: inout Expr) {
        var pending: [ExprNode] = []
        root.appendChildNodes(to: &pending)
        if pending.isEmpty { return }
        root = leaf
        while var node = pending.popLast() {
            // A subtree shared with another tree is left to its other owner.
            guard isKnownUniquelyReferenced(&node) else { continue }
            node.expr.appendChildNodes(to: &pending)
            node.expr = leaf
        }
    }
}

extension ExprNode: Equatable {
    static func == (lhs: ExprNode, rhs: ExprNode) -> Bool {
        lhs === rhs || lhs.expr == rhs.expr
    }
}

extension Expr {
    /// The nodes holding the direct sub-expressions.
    fileprivate func appendChildNodes(to list: inout [ExprNode]) {
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector: break
        case .subquery(let s): list.append(s.node)
        case .paren(let p): list.append(p.node)
        case .unary(let u): list.append(u.node)
        case .binary(let b): list.append(b.lhsNode); list.append(b.rhsNode)
        case .aggregate(let a):
            list.append(a.node)
            if let p = a.paramNode { list.append(p) }
        case .call(let c): list.append(contentsOf: c.argNodes)
        }
    }

    /// Structural equality (source ranges aside), with a work list instead of recursion.
    public static func == (lhs: Expr, rhs: Expr) -> Bool {
        var pending: [(ExprNodeOrRoot, ExprNodeOrRoot)] = [(.root(lhs), .root(rhs))]
        while let (l, r) = pending.popLast() {
            if case .node(let a) = l, case .node(let b) = r, a === b { continue }
            switch (l.expr, r.expr) {
            case let (.number(a), .number(b)):
                guard a == b else { return false }
            case let (.string(a), .string(b)):
                guard a == b else { return false }
            case let (.vectorSelector(a), .vectorSelector(b)):
                guard a == b else { return false }
            case let (.matrixSelector(a), .matrixSelector(b)):
                guard a == b else { return false }
            case let (.subquery(a), .subquery(b)):
                guard a.rangeDuration == b.rangeDuration, a.rangeExpr == b.rangeExpr, a.step == b.step,
                      a.stepExpr == b.stepExpr, a.modifiers == b.modifiers else { return false }
                pending.append((.node(a.node), .node(b.node)))
            case let (.paren(a), .paren(b)):
                pending.append((.node(a.node), .node(b.node)))
            case let (.unary(a), .unary(b)):
                guard a.op == b.op else { return false }
                pending.append((.node(a.node), .node(b.node)))
            case let (.binary(a), .binary(b)):
                guard a.op == b.op, a.returnBool == b.returnBool, a.matching == b.matching else { return false }
                pending.append((.node(a.rhsNode), .node(b.rhsNode)))
                pending.append((.node(a.lhsNode), .node(b.lhsNode)))
            case let (.aggregate(a), .aggregate(b)):
                guard a.op == b.op, a.grouping == b.grouping, a.without == b.without else { return false }
                switch (a.paramNode, b.paramNode) {
                case (nil, nil): break
                case let (x?, y?): pending.append((.node(x), .node(y)))
                default: return false
                }
                pending.append((.node(a.node), .node(b.node)))
            case let (.call(a), .call(b)):
                guard a.function == b.function, a.argNodes.count == b.argNodes.count else { return false }
                for (x, y) in zip(a.argNodes, b.argNodes) { pending.append((.node(x), .node(y))) }
            default:
                return false
            }
        }
        return true
    }
}

/// An expression to compare: the top of a tree, or a node inside one (nodes compare by identity first).
private enum ExprNodeOrRoot {
    case root(Expr)
    case node(ExprNode)

    var expr: Expr {
        switch self {
        case .root(let e): return e
        case .node(let n): return n.expr
        }
    }
}
