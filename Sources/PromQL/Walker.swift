/// Tree traversal for the engine and lint: visit every node, or collect selectors and calls.
extension Expr {
    /// Direct sub-expressions, left to right (an aggregation's parameter comes before its operand).
    public var children: [Expr] {
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector: return []
        case .subquery(let s): return [s.expr]
        case .paren(let p): return [p.expr]
        case .unary(let u): return [u.expr]
        case .binary(let b): return [b.lhs, b.rhs]
        case .aggregate(let a): return (a.param.map { [$0] } ?? []) + [a.expr]
        case .call(let c): return c.args
        }
    }

    /// Depth-first, pre-order walk. Return false from `visit` to skip a node's children. Iterative, so a
    /// tree of any height is walked on any thread's stack.
    public func walk(_ visit: (Expr) throws -> Bool) rethrows {
        var pending: [Expr] = [self]
        while let e = pending.popLast() {
            guard try visit(e) else { continue }
            pending.append(contentsOf: e.children.reversed())
        }
    }

    /// Every vector selector, including the ones inside range selectors, in source order.
    public var vectorSelectors: [VectorSelector] {
        var out: [VectorSelector] = []
        walk { e in
            switch e {
            case .vectorSelector(let v): out.append(v)
            case .matrixSelector(let m): out.append(m.vectorSelector)
            default: break
            }
            return true
        }
        return out
    }

    /// Every range selector, in source order.
    public var matrixSelectors: [MatrixSelector] {
        var out: [MatrixSelector] = []
        walk { e in
            if case .matrixSelector(let m) = e { out.append(m) }
            return true
        }
        return out
    }

    /// Every function call, in source order (outer calls before the calls in their arguments).
    public var calls: [Call] {
        var out: [Call] = []
        walk { e in
            if case .call(let c) = e { out.append(c) }
            return true
        }
        return out
    }

    /// The expression without enclosing parentheses.
    public var unwrappingParens: Expr {
        var e = self
        while case .paren(let p) = e { e = p.expr }
        return e
    }
}
