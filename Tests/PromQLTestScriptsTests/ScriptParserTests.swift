import PromQL
import Testing
import TimeSeries
@testable import PromQLTestScripts

@Suite struct ScriptParserTests {
    func parse(_ text: String) throws -> Script { try ScriptParser.parse(text, file: "t.test") }

    func parseError(_ text: String) -> ScriptError? {
        do { _ = try ScriptParser.parse(text, file: "t.test"); return nil } catch { return error }
    }

    @Test func loadBlockWithStepCommentsAndRepeatedSeries() throws {
        let script = try parse("""
        # a comment
        load 1m30s
          http{job="api"} 0+10x2 _ stale
            other 1
          http{job="api"} 5

        clear
        """)
        #expect(script.commands.count == 2)
        guard case .load(let load) = script.commands[0] else { Issue.record("not a load"); return }
        #expect(load.line == 2)
        #expect(load.step == 90_000)
        #expect(!load.withNHCB)
        #expect(load.series.count == 2)
        // The second line of a series wins but the series keeps its first place.
        #expect(load.series[0].labels == Labels(["__name__": "http", "job": "api"]))
        #expect(load.series[0].values == [.float(5)])
        #expect(load.series[0].line == 5)
        #expect(load.series[1].values == [.float(1)])
        guard case .clear(let line) = script.commands[1] else { Issue.record("not clear"); return }
        #expect(line == 7)
    }

    @Test func startTimestampLines() throws {
        let script = try parse("""
        load 1m
          c{type="a"}@st _ -30s-1mx1 -1m
          c{type="a"} 1 2 3 4
        """)
        guard case .load(let load) = script.commands[0] else { Issue.record("not a load"); return }
        #expect(load.series[0].startTimestampOffsets == [nil, -30_000, -90_000, -60_000])
        let samples = load.series[0].samples(step: 60_000)
        let expected: [Int64?] = [nil, 30_000, 30_000, 120_000]
        #expect(samples.map(\.startTimestamp) == expected)
    }

    @Test func startTimestampLineErrors() {
        #expect(parseError("load 1m\n  c@st -1m\n  d 1")?.line == 2)
        #expect(parseError("load 1m\n  c@st -1m -1m\n  c 1")?.message.contains("2 values but sample line has 1") == true)
        #expect(parseError("load 1m\n  c@st -1m")?.message == "@st line has no following sample line")
    }

    @Test func instantEvalWithExpectations() throws {
        let script = try parse("""
        eval instant at 1h30m sum by (job) (http)
          expect warn msg: PromQL warning: boo (1:1)
          expect warn
          expect no_info
          expect ordered
          {job="api"} 3
          {job="db"} {{schema:0 count:2 counter_reset_hint:gauge}}
        """)
        let eval = try #require(script.evals.first)
        #expect(eval.line == 1)
        #expect(eval.kind == .instant(at: 5_400_000))
        #expect(eval.expression == "sum by (job) (http)")
        #expect(eval.expressionColumn == 23)
        #expect(eval.isOrdered)
        #expect(eval.expectations.warnings.count == 2)
        #expect(eval.expectations.warnings[0].value.description == "PromQL warning: boo (1:1)")
        #expect(eval.expectations.warnings[0].line == 2)
        #expect(eval.expectations.noInfos)
        #expect(eval.expectations.series.map(\.position) == [1, 2])
        #expect(eval.expectations.series.map(\.line) == [6, 7])
        #expect(eval.expectations.series[1].points.first?.counterResetHintSet == true)
        #expect(eval.expectations.series[0].points.first?.counterResetHintSet == false)
    }

    @Test func rangeEvalAndValuesAtSteps() throws {
        let script = try parse("""
        eval range from 0 to 10m step 5m rate(x[5m])
          {} 1 _ {{count:1}}x0
        """)
        let eval = try #require(script.evals.first)
        #expect(eval.kind == .range(start: 0, end: 600_000, step: 300_000))
        #expect(eval.expression == "rate(x[5m])")
        #expect(eval.expectations.series[0].points.count == 3)
        #expect(eval.expectations.series[0].labels == Labels())
    }

    @Test func scalarStringAndRangeVectorExpectations() throws {
        let script = try parse("""
        eval instant at 0 1
          0x10

        eval instant at 0 "a"
          expect string "a\\tb"

        eval instant at 5m x[1m]
          expect range vector from 1m to 2m step 30s
          x 1 2 3
        """)
        let evals = script.evals
        #expect(evals[0].expectations.scalar?.value == 16)
        #expect(evals[1].expectations.string?.value == "a\tb")
        #expect(evals[1].excludedFromRangeMode)
        #expect(evals[2].expectations.rangeVector?.value == RangeVectorExpectation(start: 60_000, end: 120_000, step: 30_000))
        // With `expect range vector`, upstream runs the query at the range's end.
        #expect(evals[2].instantEvaluationTime == 120_000)
    }

    @Test func aScalarLineEndsTheBlock() {
        let error = parseError("eval instant at 0 1\n  1\n  x 2")
        #expect(error?.line == 3)
        #expect(error?.message.hasPrefix("invalid command") == true)
    }

    @Test func failExpectations() throws {
        let script = try parse("""
        eval instant at 0 x
          expect fail regex: bad .* here

        eval_fail instant at 0 y
          expected_fail_message some error

        eval_fail range from 0 to 1m step 1m z
          expected_fail_regexp a+
        """)
        let evals = script.evals
        let allFail = evals.allSatisfy { $0.expectsFailure }
        #expect(allFail)
        #expect(evals[0].expectations.failure?.value.matches("a bad thing here!") == true)
        #expect(evals[1].legacyModifier == .fail)
        #expect(evals[1].expectations.legacyFailMatcher?.value.matches("some error") == true)
        #expect(evals[2].expectations.legacyFailMatcher?.value.matches("baaa") == true)
    }

    @Test func legacyHeadings() throws {
        let script = try parse("eval_warn instant at 0 a\n\neval_info range from 0 to 1m step 1m b\n\neval_ordered instant at 0 c")
        #expect(script.evals.map(\.legacyModifier) == [.warn, .info, .ordered])
    }

    @Test func errorsNameTheLine() {
        #expect(parseError("load 1m\n  x 1\n\nbogus")?.description == "t.test:4: invalid command \"bogus\"")
        #expect(parseError("load 1x\n")?.line == 1)
        #expect(parseError("eval instant at 1q x")?.line == 1)
        #expect(parseError("eval range from 10m to 1m step 1m x")?.message.contains("is before start timestamp") == true)
        #expect(parseError("eval instant at 0 x\n  x 1 2")?.message.contains("expecting multiple values") == true)
        #expect(parseError("eval instant at 0 x\n  expect warn\n  expect no_warn")?.line == 3)
        #expect(parseError("eval instant at 0 x\n  expect fail\n  expect fail")?.message.contains("multiple expect fail") == true)
        #expect(parseError("eval instant at 0 x\n  expect bogus")?.line == 2)
        #expect(parseError("eval instant at 0 x\n  expect string foo")?.line == 2)
        #expect(parseError("eval instant x")?.line == 1)
        #expect(parseError("load 1m\n  x{a=\"b\" 1")?.line == 2)
    }

    @Test func expectedFailLinesAreHonouredOnlyUnderEvalFail() {
        // Under a plain eval, `expected_fail_message` is read as a series line and fails to parse.
        #expect(parseError("eval instant at 0 x\n  expected_fail_message oops")?.line == 2)
    }

    @Test func nhcbConversionOfClassicHistograms() throws {
        let script = try parse("""
        load_with_nhcb 1m
          h_bucket{le="1", job="a"} 1 2
          h_bucket{le="+Inf", job="a"} 3 4
          h_bucket{le="0.5", job="a"} 0 2
          h_count{job="a"} 3 4
          h_sum{job="a"} 10 20
        """)
        guard case .load(let load) = script.commands[0] else { Issue.record("not a load"); return }
        #expect(load.withNHCB)
        var store = SeriesStore()
        try load.apply(to: &store, file: "t.test")
        let h = store.select([try LabelMatcher(.equal, "__name__", "h")], mint: 0, maxt: 100_000)
        #expect(h.count == 1)
        #expect(h.first?.labels == Labels(["__name__": "h", "job": "a"]))
        let points = try #require(h.first?.histograms)
        #expect(points.map(\.t) == [0, 60_000])
        let first = points[points.startIndex].h
        #expect(first.schema == -53)
        #expect(first.customValues == [0.5, 1])
        #expect(first.count == 3)
        #expect(first.sum == 10)
        // Buckets 0, 1, 2 with the empty first one compacted away.
        #expect(first.positiveSpans == [.init(offset: 1, length: 2)])
        #expect(first.positiveBuckets == [1, 2])
        let second = points[points.startIndex + 1].h
        #expect(second.positiveBuckets == [2, 0, 2])
        // The float series are stored too.
        #expect(store.seriesCount == 6)
    }

    @Test func nhcbConversionRejectsNonCumulativeBuckets() throws {
        let script = try parse("load_with_nhcb 1m\n  h_bucket{le=\"1\"} 5\n  h_bucket{le=\"2\"} 3\n")
        guard case .load(let load) = script.commands[0] else { Issue.record("not a load"); return }
        var store = SeriesStore()
        #expect(throws: ScriptError.self) { try load.apply(to: &store, file: "t.test") }
    }
}
