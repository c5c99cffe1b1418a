import Testing
@testable import PromQL

/// The tree shape the evaluator and lint rely on: precedence, associativity, modifiers and normalisation.
@Suite struct ASTTests {
    func parse(_ s: String, _ options: PromQLParser.Options = .all) throws -> Expr {
        try PromQLParser.parseExpr(s, options: options)
    }

    @Test func aggregationOverRate() throws {
        let e = try parse(#"sum by (job) (rate(x{a="b"}[5m]))"#)
        guard case .aggregate(let a) = e else { Issue.record("not an aggregation: \(e)"); return }
        #expect(a.op == .sum && a.grouping == ["job"] && !a.without && a.param == nil)
        guard case .call(let c) = a.expr, case .matrixSelector(let m) = c.args.first else {
            Issue.record("unexpected operand \(a.expr)"); return
        }
        #expect(c.function.name == "rate" && c.function.returnType == .vector)
        #expect(m.rangeDuration.milliseconds == 300_000 && m.rangeExpr == nil)
        #expect(m.vectorSelector.name == "x")
        #expect(Set(m.vectorSelector.matchers.map(\.description)) == [#"a="b""#, #"__name__="x""#])
        #expect(e.type == .vector)
        #expect(e.range.start == 0 && e.range.end == 33)
    }

    @Test func parameterisedAggregations() throws {
        guard case .aggregate(let a) = try parse("topk without (i) (3, x)") else { Issue.record("shape"); return }
        #expect(a.op == .topk && a.without && a.grouping == ["i"])
        #expect(a.param == .number(NumberLiteral(value: 3, range: .init(start: 0, end: 0))))
    }

    @Test func vectorMatching() throws {
        guard case .binary(let b) = try parse("a + on(b) group_left(c) d"), let vm = b.matching else {
            Issue.record("shape"); return
        }
        #expect(vm.card == .manyToOne && vm.on && vm.matchingLabels == ["b"] && vm.include == ["c"])
        guard case .binary(let s) = try parse("a and ignoring(x) b"), let sm = s.matching else { Issue.record("shape"); return }
        #expect(sm.card == .manyToMany && !sm.on && sm.matchingLabels == ["x"])
        guard case .binary(let sc) = try parse("a + 1") else { Issue.record("shape"); return }
        #expect(sc.matching == nil)
        guard case .binary(let f) = try parse("a - fill_left(1) fill_right(NaN) b"), let fm = f.matching else {
            Issue.record("shape"); return
        }
        #expect(fm.fillLeft == 1 && fm.fillRight?.isNaN == true)
        guard case .binary(let cmp) = try parse("a > bool 2") else { Issue.record("shape"); return }
        #expect(cmp.returnBool && cmp.op == .gtr)
    }

    @Test func precedenceAndAssociativity() throws {
        #expect(try parse("1 - 2 - 3").description == "1 - 2 - 3")
        guard case .binary(let left) = try parse("1 - 2 - 3"), case .binary = left.lhs else { Issue.record("left assoc"); return }
        guard case .binary(let pow) = try parse("2 ^ 3 ^ 2"), case .binary = pow.rhs else { Issue.record("right assoc"); return }
        guard case .unary(let u) = try parse("-x ^ 2"), case .binary(let inner) = u.expr else { Issue.record("unary"); return }
        #expect(u.op == .minus && inner.op == .pow)
        guard case .binary(let neg) = try parse("-1 * 2"), case .number(let n) = neg.lhs else { Issue.record("fold"); return }
        #expect(n.value == -1)
        guard case .binary(let orTop) = try parse("a or b and c"), orTop.op == .or else { Issue.record("or"); return }
        guard case .binary(let cmpTop) = try parse("a + b > c * d"), cmpTop.op == .gtr else { Issue.record("cmp"); return }
        guard case .binary(let atan) = try parse("a + b atan2 c"), atan.op == .add else { Issue.record("atan2"); return }
    }

    @Test func timeModifiers() throws {
        guard case .vectorSelector(let v) = try parse("foo offset -5m @ 100") else { Issue.record("shape"); return }
        #expect(v.modifiers.offset.milliseconds == -300_000 && v.modifiers.timestamp == 100_000)
        guard case .matrixSelector(let m) = try parse("foo[1m] @ start() offset 30s") else { Issue.record("shape"); return }
        #expect(m.vectorSelector.modifiers.atPreprocessor == .start && m.vectorSelector.modifiers.offset.milliseconds == 30_000)
        guard case .subquery(let s) = try parse("rate(x[1m])[1h:] offset 1d") else { Issue.record("shape"); return }
        #expect(s.step == .zero && s.stepExpr == nil && s.rangeDuration.milliseconds == 3_600_000)
        #expect(s.modifiers.offset.milliseconds == 86_400_000)
        // `offset` takes a literal only: the rest is ordinary arithmetic.
        guard case .binary(let b) = try parse("x offset 1m + 2"), case .vectorSelector(let lv) = b.lhs else {
            Issue.record("offset precedence"); return
        }
        #expect(lv.modifiers.offset.milliseconds == 60_000)
        guard case .binary(let p) = try parse("x offset -2 ^ 2"), p.op == .pow else { Issue.record("offset pow"); return }
        guard case .vectorSelector(let e) = try parse("x offset (1h * 2)") else { Issue.record("expr offset"); return }
        #expect(e.modifiers.offsetExpr != nil && e.modifiers.offset == .zero)
        guard case .matrixSelector(let d) = try parse("x[5m + 1m]") else { Issue.record("duration expr"); return }
        #expect(d.rangeExpr?.description == "5m + 1m")
    }

    @Test func typesAndWalker() throws {
        #expect(try parse("1").type == .scalar)
        #expect(try parse(#""s""#).type == .string)
        #expect(try parse("x[5m]").type == .matrix)
        #expect(try parse("x[5m:1m]").type == .matrix)
        #expect(try parse("scalar(x) * 2").type == .scalar)
        #expect(try parse("(x)").type == .vector)
        let e = try parse("sum(rate(a[5m])) / on() group_left count(b offset 1h) + absent(c)")
        #expect(e.vectorSelectors.map(\.name) == ["a", "b", "c"])
        #expect(e.calls.map(\.function.name) == ["rate", "absent"])
        #expect(e.matrixSelectors.count == 1)
        var aggregations = 0
        e.walk { node in
            if case .aggregate = node { aggregations += 1 }
            return true
        }
        #expect(aggregations == 2)
    }

    @Test func equalityIgnoresRangesAndLayout() throws {
        #expect(try parse("sum(x)by(a)") == parse("sum by (a) (\n  x\n)"))
        #expect(try parse(#"x{b="1",a="2"}"#) == parse(#"x{a="2", b="1"}"#))
        #expect(try parse("x + y") != parse("x - y"))
    }

    @Test func errorPositionsOnLaterLines() {
        do {
            _ = try PromQLParser.parseExpr("foo +\n  bar baz")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == #"2:7: parse error: unexpected identifier "baz""#)
            #expect(error.range.start == 12 && error.position.line == 2 && error.position.column == 7)
        }
    }

    @Test func infoSelectorMayMatchEverything() throws {
        let e = try parse(#"info(up, {k8s_cluster_name=~".*"})"#)
        guard case .call(let c) = e, case .vectorSelector(let v) = c.args[1] else { Issue.record("shape"); return }
        #expect(v.bypassEmptyMatcherCheck)
    }

    @Test func eachFlagEnablesItsSyntax() {
        var f = PromQLParser.Options()
        #expect((try? PromQLParser.parseExpr("sort_by_label(x, \"a\")", options: f)) == nil)
        f.experimentalFunctions = true
        #expect((try? PromQLParser.parseExpr("sort_by_label(x, \"a\")", options: f)) != nil)
        var d = PromQLParser.Options()
        d.durationExpressions = true
        #expect((try? PromQLParser.parseExpr("x[step() * 2]", options: d)) != nil)
        var r = PromQLParser.Options()
        r.extendedRangeSelectors = true
        #expect((try? PromQLParser.parseExpr("x[1m] anchored", options: r)) != nil)
        var b = PromQLParser.Options()
        b.binopFillModifiers = true
        #expect((try? PromQLParser.parseExpr("a + fill(0) b", options: b)) != nil)
    }
}

@Suite struct DurationEvaluationTests {
    func rangeExpr(_ s: String) throws -> DurationExpr? {
        guard case .matrixSelector(let m) = try PromQLParser.parseExpr(s, options: .all) else { return nil }
        return m.rangeExpr
    }

    @Test func folding() throws {
        let cases: [(String, Int64)] = [
            ("x[26m+4m]", 1_800_000), ("x[60*30]", 1_800_000), ("x[2m*(10+5)]", 1_800_000),
            ("x[1h30m % 1h]", 1_800_000), ("x[1h/2]", 1_800_000), ("x[-5m+35m]", 1_800_000),
            ("x[step()*2]", 20_000), ("x[min_of(step()+1,1h)]", 11_000), ("x[max_of(range(), 5s)]", 60_000),
            ("x[2^3]", 8_000),
        ]
        for (input, ms) in cases {
            let e = try #require(try rangeExpr(input), "\(input)")
            #expect(try e.resolve(step: 10, queryRange: 60, allowNegative: false).milliseconds == ms, "\(input)")
        }
        let zero = try #require(try rangeExpr("x[step()-10s]"))
        #expect(throws: DurationEvaluationError.self) { try zero.resolve(step: 10, queryRange: 0, allowNegative: false) }
        let div = try #require(try rangeExpr("x[1m/(step()-10)]"))
        // Upstream's DurationExpr.PositionRange ignores the parentheses (`Wrapped`): the divisor spans 6..<15.
        #expect(throws: DurationEvaluationError(message: "2:15: division by zero")) {
            try div.resolve(step: 10, queryRange: 0, allowNegative: false)
        }
    }
}

@Suite struct MetricSelectorTests {
    @Test func selectors() throws {
        let m = try PromQLParser.parseMetricSelector(#"up{job="api", "a.b"=~"c.*"}"#)
        #expect(Set(m.map(\.description)) == [#"job="api""#, #""a.b"=~"c.*""#, #"__name__="up""#])
        #expect(try PromQLParser.parseMetricSelector(#"{"my.metric"}"#).map(\.description) == [#"__name__="my.metric""#])
        #expect(throws: PromQLError.self) { try PromQLParser.parseMetricSelector("up + 1") }
        #expect(throws: PromQLError.self) { try PromQLParser.parseMetricSelector("rate(x[5m])") }
        #expect(throws: PromQLError.self) { try PromQLParser.parseMetricSelector(#"{a=""}"#) }
        #expect(throws: PromQLError.self) { try PromQLParser.parseMetricSelector("up offset 5m") }
    }
}
