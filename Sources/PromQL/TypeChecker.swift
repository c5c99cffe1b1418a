import TimeSeries

/// The semantic checks upstream's `checkAST` runs after a clean parse: operand types, modifier rules,
/// function arities, selector sanity. Like upstream it also normalises binary expressions (set operators
/// become many-to-many, matching is dropped unless both sides are vectors).
struct TypeChecker {
    let parser: Parser

    init(parser: Parser) {
        self.parser = parser
    }

    private func error(_ message: String, _ range: SourceRange) {
        parser.addError(message, range)
    }

    @discardableResult
    mutating func check(_ e: inout Expr) -> ValueType {
        let type = e.type
        switch e {
        case .aggregate(var a):
            expect(&a.expr, .vector, "aggregation expression")
            switch a.op {
            case .topk, .bottomk, .quantile, .limitk, .limitRatio:
                if var p = a.param {
                    expect(&p, .scalar, "aggregation parameter")
                    a.param = p
                }
            case .countValues:
                if var p = a.param {
                    expect(&p, .string, "aggregation parameter")
                    a.param = p
                }
            default: break
            }
            e = .aggregate(a)
        case .binary(var b):
            checkBinary(&b)
            e = .binary(b)
        case .call(var c):
            checkCall(&c)
            e = .call(c)
        case .paren(var p):
            check(&p.expr)
            e = .paren(p)
        case .unary(var u):
            let t = check(&u.expr)
            if t != .scalar && t != .vector {
                error("unary expression only allowed on expressions of type scalar or instant vector, got \(quoteGo(t.documentedName))", u.range)
            }
            e = .unary(u)
        case .subquery(var s):
            let t = check(&s.expr)
            if t != .vector {
                error("subquery is only allowed on instant vector, got \(t.rawValue) instead", s.range)
            }
            e = .subquery(s)
        case .matrixSelector(let m):
            checkSelector(m.vectorSelector)
        case .vectorSelector(let v):
            checkSelector(v)
        case .number, .string:
            break
        }
        return type
    }

    private mutating func expect(_ e: inout Expr, _ want: ValueType, _ context: String) {
        let t = check(&e)
        if t != want {
            error("expected type \(want.documentedName) in \(context), got \(t.documentedName)", e.range)
        }
    }

    private func checkSelector(_ v: VectorSelector) {
        if !v.name.isEmpty {
            // The last matcher is the one for the name written before the braces.
            for m in v.matchers.dropLast() where m.name == Label.metricName {
                error("metric name must not be set twice: \(quoteGo(v.name)) or \(quoteGo(m.value))", v.range)
            }
            return
        }
        if !v.bypassEmptyMatcherCheck, !v.matchers.contains(where: { !$0.matchesEmpty }) {
            error("vector selector must contain at least one non-empty matcher", v.range)
        }
    }

    /// The operator's position: from the end of the left side to the start of the right, without spaces.
    private func operatorRange(_ b: BinaryExpr) -> SourceRange {
        let bytes = parser.bytes
        var start = b.lhs.range.end
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        var end = b.rhs.range.start - 1
        while end > start, end < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end]) { end -= 1 }
        return SourceRange(start: start, end: max(start, end))
    }

    private mutating func checkBinary(_ b: inout BinaryExpr) {
        let lt = check(&b.lhs)
        let rt = check(&b.rhs)
        let whole = SourceRange(start: b.lhs.range.start, end: b.rhs.range.end)
        if b.returnBool && !b.op.isComparison {
            error("bool modifier can only be used on comparison operators", operatorRange(b))
        }
        if b.op.isComparison && !b.returnBool && b.lhs.type == .scalar && b.rhs.type == .scalar {
            error("comparisons between scalars must use BOOL modifier", operatorRange(b))
        }
        if var vm = b.matching {
            if b.op.isSetOperator && vm.card == .oneToOne { vm.card = .manyToMany }
            if vm.on {
                for l1 in vm.matchingLabels where vm.include.contains(l1) {
                    error("label \(quoteGo(l1)) must not occur in ON and GROUP clause at once", operatorRange(b))
                }
            }
            b.matching = vm
        }
        if lt != .scalar && lt != .vector {
            error("binary expression must contain only scalar and instant vector types", b.lhs.range)
        }
        if rt != .scalar && rt != .vector {
            error("binary expression must contain only scalar and instant vector types", b.rhs.range)
        }
        if let vm = b.matching {
            let hasFill = vm.fillLeft != nil || vm.fillRight != nil
            if lt != .vector || rt != .vector {
                if !vm.matchingLabels.isEmpty {
                    error("vector matching only allowed between instant vectors", whole)
                }
                if hasFill {
                    error("filling in missing series only allowed between instant vectors", whole)
                }
                b.matching = nil
            } else if b.op.isSetOperator {
                if vm.card == .oneToMany || vm.card == .manyToOne {
                    error("no grouping allowed for \(quoteGo(b.op.rawValue)) operation", whole)
                }
                if vm.card != .manyToMany {
                    error("set operations must always be many-to-many", whole)
                }
                if hasFill {
                    error("filling in missing series not allowed for set operators", whole)
                }
            }
        }
        if (lt == .scalar || rt == .scalar) && b.op.isSetOperator {
            error("set operator \(quoteGo(b.op.rawValue)) not allowed in binary scalar expression", whole)
        }
    }

    private mutating func checkCall(_ c: inout Call) {
        let f = c.function
        let nargs = f.argTypes.count
        if f.variadic == 0 {
            if nargs != c.args.count {
                error("expected \(nargs) argument(s) in call to \(quoteGo(f.name)), got \(c.args.count)", c.range)
            }
        } else {
            let atLeast = nargs - 1
            if atLeast > c.args.count {
                error("expected at least \(atLeast) argument(s) in call to \(quoteGo(f.name)), got \(c.args.count)", c.range)
            } else if f.variadic > 0, atLeast + f.variadic < c.args.count {
                error("expected at most \(atLeast + f.variadic) argument(s) in call to \(quoteGo(f.name)), got \(c.args.count)", c.range)
            }
        }
        if f.name == "info", c.args.count > 1 {
            if c.args[1].type != .vector {
                error("expected type instant vector in call to function \"info\", got \(c.args[1].type.documentedName)", c.range)
            }
            if case .vectorSelector(var vs) = c.args[1] {
                if !vs.name.isEmpty {
                    error("expected label selectors only, got vector selector instead", vs.range)
                } else {
                    // info's second argument selects info metrics by labels only and may match anything.
                    vs.bypassEmptyMatcherCheck = true
                    c.args[1] = .vectorSelector(vs)
                }
            } else {
                error("expected label selectors only", c.args[1].range)
            }
        }
        for i in c.args.indices {
            var typeIndex = i
            if i >= nargs {
                if f.variadic == 0 || nargs == 0 { break }
                typeIndex = nargs - 1
            }
            let t = check(&c.args[i])
            if t != f.argTypes[typeIndex] {
                error("expected type \(f.argTypes[typeIndex].documentedName) in call to function \(quoteGo(f.name)), got \(t.documentedName)", c.args[i].range)
            }
        }
    }
}
