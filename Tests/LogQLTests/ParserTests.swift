import Testing
import TimeSeries
@testable import LogQL

private func parse(_ q: String) throws -> LogQLExpr { try LogQLParser.parseExpr(q) }

private func sample(_ q: String) throws -> SampleExpr {
    guard case .sample(let s) = try parse(q) else { throw LogQLError(message: "not a metric query", position: .init(line: 1, column: 1)) }
    return s
}

private func log(_ q: String) throws -> LogExpr {
    guard case .log(let l) = try parse(q) else { throw LogQLError(message: "not a log query", position: .init(line: 1, column: 1)) }
    return l
}

/// Queries that must parse and print back to a fixed point, whether or not the conformance data is present.
let builtInQueries: [String] = [
    #"{app="api"}"#,
    #"{app="api", env=~"prod|staging"} |= "error" != "timeout" |~ "5\\d\\d" !~ "x" |> "<_> GET <_>" !> "x""#,
    #"{app="api"} |= "a" or "b" or ip("10.0.0.0/8")"#,
    #"{app="api"} | json | logfmt --strict --keep-empty msg, code="status" | unpack"#,
    #"{app="api"} | json first="servers[0]", ua="request.headers[\"User-Agent\"]""#,
    #"{app="api"} | regexp "(?P<method>\\w+) (?P<path>\\S+)" | pattern "<ip> - <_> <status>""#,
    #"{app="api"} | json | status >= 500 and latency > 250ms or size <= 20MB, (a="b" c!="d") | addr=ip("10.0.0.0/8")"#,
    #"{app="api"} | line_format "{{.msg}}" | label_format dst="{{.src}}", renamed=original | drop a, b="v" | keep c, d=~"x.*" | decolorize"#,
    #"{app="api"} | __error__="" | level!="debug" | count > -1 | duration > -1s"#,
    #"sum by (pod) (rate({app="api"} |= "error" [5m] offset 1h))"#,
    #"quantile_over_time(0.99, {app="api"} | json | unwrap duration(latency) | __error__="" [5m]) by (pod)"#,
    #"sum_over_time({app="api"} | logfmt | unwrap bytes(size) [1h])"#,
    #"avg_over_time({app="api"} | unwrap duration_seconds(t) [1d]) without (x)"#,
    #"topk by (app) (5, count_over_time({app="api"}[5m]))"#,
    #"approx_topk(3, count_over_time({app="api"}[5m]))"#,
    #"sort_desc(sum(bytes_rate({app="api"}[1m])))"#,
    #"sum(rate({a="b"}[5m])) / on (x) group_left (y) sum(rate({a="c"}[5m])) > bool 0.5"#,
    #"(1 + 2) * 3 - 4 ^ 2 ^ 0.5 % 7"#,
    #"count_over_time({a="b"}[5m]) and ignoring (x) count_over_time({a="c"}[5m]) unless vector(1) or vector(0)"#,
    #"label_replace(rate({a="b"}[5m]), "dst", "$1", "src", "(.*)")"#,
    #"absent_over_time({a="b"}[10m]) == 1"#,
    #"rate_counter({a="b"} | unwrap x [5m])"#,
    #"first_over_time({a="b"} | unwrap x [5m]) + last_over_time({a="b"} | unwrap x [5m])"#,
    #"stddev(stdvar_over_time({a="b"} | unwrap x [5m])) - stdvar(stddev_over_time({a="b"} | unwrap x [5m]))"#,
    #"min(min_over_time({a="b"} | unwrap x [5m])) + max(max_over_time({a="b"} | unwrap x [5m])) + count(count_over_time({a="b"}[5m])) + avg(bytes_over_time({a="b"}[5m]))"#,
    "{app=\"api\"} # a comment\n| json",
]

@Test(arguments: builtInQueries)
func builtInQueryRoundTrips(_ q: String) throws {
    let first = try parse(q)
    let second = try parse(first.description)
    #expect(first == second, "printed: \(first)")
    #expect(second.description == first.description)
}

@Test func precedenceAndAssociativity() throws {
    let s = try sample("1 + 2 * 3 - 4")
    guard case .binary(let top) = s.kind else { Issue.record("not binary"); return }
    #expect(top.op == .sub)
    guard case .binary(let left) = top.lhs.kind else { Issue.record("not binary"); return }
    #expect(left.op == .add)
    guard case .binary(let mul) = left.rhs.kind else { Issue.record("not binary"); return }
    #expect(mul.op == .mul)
    // `^` is right associative.
    let p = try sample("2 ^ 3 ^ 2")
    guard case .binary(let pow) = p.kind, case .literal(2) = pow.lhs.kind else { Issue.record("wrong shape"); return }
    #expect(try sample("(1 + 2) * 3").description == "(1 + 2) * 3")
    #expect(try sample("1 + -2 / 1").description == "1 + -2 / 1")
    #expect(try sample("1--2").description == "1 - -2")
    #expect(try sample("1 - (2 - 3)").description == "1 - (2 - 3)")
    #expect(try sample("(2 ^ 3) ^ 2").description == "(2 ^ 3) ^ 2")
}

@Test func labelFilterPrecedence() throws {
    let l = try log(#"{a="b"} | x="1" or y="2" and z="3""#)
    guard case .labelFilter(let f) = l.pipeline[0].kind, case .or(_, let rhs) = f.kind, case .and = rhs.kind else {
        Issue.record("and should bind tighter than or"); return
    }
    #expect(try log(#"{a="b"} | (x="1" or y="2") z="3""#).description == #"{a="b"} | (x="1" or y="2") and z="3""#)
    #expect(try log(#"{a="b"} | x="1" y="2" z="3""#).description == #"{a="b"} | x="1", y="2" and z="3""#)
    #expect(try log(#"{a="b"} | x="1" y="2" z="3" w="4""#).description == #"{a="b"} | x="1", y="2", z="3" and w="4""#)
    #expect(try log(#"{a="b"} | x=5, y>=1KiB"#).description == #"{a="b"} | x==5 and y>=1024B"#)
    // A comma or juxtaposition takes everything after it as its right operand (Loki's grammar shifts).
    #expect(try log(#"{a="b"} | x="1", y="2" or z="3""#).description == #"{a="b"} | x="1", y="2" or z="3""#)
    #expect(try log(#"{a="b"} | x="1" y="2" or z="3""#).description == #"{a="b"} | x="1", y="2" or z="3""#)
    #expect(try log(#"{a="b"} | x="1" and (y="2" or z="3") | w="0""#).description == #"{a="b"} | x="1", y="2" or z="3" | w="0""#)
    #expect(try log(#"{a="b"} | x="1" and (y="2" or z="3") or w="0""#).description == #"{a="b"} | x="1" and (y="2" or z="3") or w="0""#)
    #expect(try log(#"{a="b"} | w="0" or x="1", y="2" or z="3""#).description
        == #"{a="b"} | w="0" or x="1", y="2" or z="3""#)
    #expect(try log(#"{a="b"} | w="0" and x="1" or y="2", z="3""#).description
        == #"{a="b"} | w="0" and x="1" or y="2" and z="3""#)
    #expect(try log(#"{a="b"} | x="1" and y="2" z="3""#).description == #"{a="b"} | x="1", y="2" and z="3""#)
    #expect(try log(#"{a="b"} | (w="0" or x="1"), y="2""#).description == #"{a="b"} | (w="0" or x="1") and y="2""#)
}

@Test func equalityIgnoresRangesAndSpelling() throws {
    #expect(try parse(#"{a="b"}"#) == parse(#"   {  a = "b" }"#))
    #expect(try parse(#"count_over_time({a="b"}[5m] |= "x")"#) == parse(#"count_over_time({a="b"} |= "x" [5m])"#))
    #expect(try parse(#"count_over_time(({a="b"} |= "x")[5m])"#) == parse(#"count_over_time({a="b"} |= "x" [5m])"#))
    #expect(try parse(#"SUM BY (x) (Count_Over_Time({a="b"}[300s]))"#) == parse(#"sum(count_over_time({a="b"}[5m])) by (x)"#))
    #expect(try parse(#"{a="b"} |= `x\y`"#) == parse(#"{a="b"} |= "x\\y""#))
    #expect(try parse(#"{a="b"}"#) != parse(#"{a="c"}"#))
}

@Test func sourceRanges() throws {
    let q = #"sum(count_over_time({job="x"} |= "e" [5m])) > 0"#
    let s = try sample(q)
    #expect(s.range == SourceRange(start: 0, end: q.utf8.count))
    let selector = try parse(q).streamSelectors[0]
    #expect(selector.range == SourceRange(start: 20, end: 29))
    guard case .binary(let b) = s.kind, case .vectorAggregation(let v) = b.lhs.kind,
          case .rangeAggregation(let r) = v.expr.kind else { Issue.record("wrong shape"); return }
    #expect(b.lhs.range == SourceRange(start: 0, end: 43))
    #expect(v.expr.range == SourceRange(start: 4, end: 42))
    #expect(r.logRange.log.pipeline[0].range == SourceRange(start: 30, end: 36))
}

@Test func queryKindAndMatchers() throws {
    let l = try parse(#"{app="api", env!="dev"} |= "x""#)
    #expect(l.isLogQuery && !l.isMetricQuery)
    #expect(l.matchers == [[try LabelMatcher(.equal, "app", "api"), try LabelMatcher(.notEqual, "env", "dev")]])
    let m = try parse(#"count_over_time({a="1"}[5m]) / count_over_time({b="2"}[5m])"#)
    #expect(m.isMetricQuery)
    #expect(m.matchers.map { $0.map(\.name) } == [["a"], ["b"]])
}

@Test func contextualKeywords() throws {
    // Function names and keywords used as label names.
    let l = try log(#"{a="b"} | logfmt | rate="x" | ip="y" | bytes > 1KB | duration > 1s | json="z""#)
    #expect(l.pipeline.count == 6)
    // A parser stage before `!=` stays a stage, and the `!=` is a line filter (as in Loki).
    let u = try log(#"{a="b"} | unpack != "message""#)
    #expect(u.pipeline.map(\.kind) == [.unpack, .lineFilter(LineFilter(.notContains, [.string("message")]))])
    let d = try log(#"{a="b"} | drop json, by"#)
    #expect(d.pipeline[0].kind == .drop([LabelSelection(name: "json"), LabelSelection(name: "by")]))
}

@Test func literalValues() throws {
    let l = try log(#"{a="b"} | d > 1h15m30.5s | s >= 2.5KiB | n == 0x1p3 | m = -2"#)
    let kinds = l.pipeline.map(\.kind)
    #expect(kinds[0] == .labelFilter(LabelFilter(.duration(label: "d", .greater, LogQLDuration(nanoseconds: 4_530_500_000_000)))))
    #expect(kinds[1] == .labelFilter(LabelFilter(.bytes(label: "s", .greaterOrEqual, 2560))))
    #expect(kinds[2] == .labelFilter(LabelFilter(.number(label: "n", .equal, 8))))
    #expect(kinds[3] == .labelFilter(LabelFilter(.number(label: "m", .equal, -2))))
    #expect(LogQLDuration(parsing: "90m")?.description == "1h30m")
    #expect(LogQLDuration(parsing: "-1500ms")?.description == "-1s500ms")
    #expect(try sample(#"max_over_time({a="b"} | unwrap x [5m] offset -5m)"#).description
        == #"max_over_time({a="b"} | unwrap x [5m] offset -5m)"#)
}

@Test func lexerTokens() {
    let (tokens, error) = Lexer.tokenize(#"sum by (a) (rate({x=~"y"} |= `z` [5m])) > -5ms"#)
    #expect(error == nil)
    #expect(tokens.map(\.kind) == [.sum, .by, .openParenthesis, .identifier, .closeParenthesis, .openParenthesis, .rate,
                                   .openParenthesis, .openBrace, .identifier, .re, .string, .closeBrace, .pipeExact, .string,
                                   .range, .closeParenthesis, .closeParenthesis, .gt, .duration])
    #expect(tokens[15].text == "5m")
    #expect(tokens[19].text == "-5ms")
}

@Test func regexFlagsInPipelines() throws {
    // Label filters keep the regex as written; the parser only checks it.
    let l = try log(#"{a="b"} | msg=~"(?i)error|(?:warn)" | drop x=~"(?s:.*)""#)
    #expect(l.pipeline[0].kind == .labelFilter(LabelFilter(.matcher(ValueMatcher(.regexMatch, "msg", "(?i)error|(?:warn)")))))
    // Line filter regexes are not compiled at parse time, as in Loki.
    #expect((try? log(#"{a="b"} |~ "" |~ "(?i)x""#)) != nil)
    #expect(throws: LogQLError.self) { try parse(#"{a="b"} | msg=~"(""#) }
}

@Test func streamSelectorRegexFlags() throws {
    // RE2 flag and non-capturing groups are valid in stream selectors.
    _ = try LogQLParser.parseExpr(#"{app=~"(?i)api"}"#)
    _ = try LogQLParser.parseExpr(#"{app=~"(?:api|web)-.+"}"#)
}

@Test func rangeAggregationStructure() throws {
    let s = try sample(#"quantile_over_time(0.9, {app="api"} |= "x" | json | unwrap duration(latency) | __error__="" [5m] offset 1h) by (pod)"#)
    guard case .rangeAggregation(let r) = s.kind else { Issue.record("not a range aggregation"); return }
    #expect(r.operation == .quantileOverTime)
    #expect(r.parameter == 0.9)
    #expect(r.grouping == Grouping(labels: ["pod"]))
    #expect(r.logRange.interval == LogQLDuration(nanoseconds: 300_000_000_000))
    #expect(r.logRange.offset == LogQLDuration(nanoseconds: 3_600_000_000_000))
    #expect(r.logRange.log.pipeline.map(\.kind) == [.lineFilter(LineFilter(.contains, [.string("x")])), .json([])])
    #expect(r.logRange.unwrap == Unwrap(label: "latency", conversion: .duration,
                                        postFilters: [LabelFilter(.matcher(ValueMatcher(.equal, "__error__", "")))]))
    // The pipeline may also follow the range.
    let after = try sample(#"count_over_time({a="b"}[5m] offset 1m |= "x" | logfmt)"#)
    guard case .rangeAggregation(let a) = after.kind else { Issue.record("not a range aggregation"); return }
    #expect(a.logRange.log.pipeline.count == 2)
    #expect(a.logRange.offset == LogQLDuration(nanoseconds: 60_000_000_000))
}

@Test func vectorAggregationAndMatching() throws {
    let s = try sample(#"topk by (app) (5, sum(rate({a="b"}[5m])) without (x)) * on (app) group_right (team) sum by (app) (count_over_time({a="c"}[1m]))"#)
    guard case .binary(let b) = s.kind, case .vectorAggregation(let top) = b.lhs.kind else { Issue.record("wrong shape"); return }
    #expect(b.op == .mul)
    #expect(b.matching == VectorMatching(on: true, labels: ["app"], card: .groupRight, include: ["team"]))
    #expect(top.operation == .topk && top.parameter == 5 && top.grouping == Grouping(labels: ["app"]))
    guard case .vectorAggregation(let inner) = top.expr.kind else { Issue.record("wrong shape"); return }
    #expect(inner.grouping == Grouping(without: true, labels: ["x"]))
}
