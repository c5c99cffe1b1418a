import PromQL
import Testing
import TimeSeries
@testable import PromQLTestScripts

@Suite struct ScriptRunnerTests {
    func run(_ text: String, engine: FakeEngine = FakeEngine(), options: ScriptRunner.Options = .init()) throws -> ScriptReport {
        ScriptRunner(engine: engine, options: options).run(try ScriptParser.parse(text, file: "t.test"))
    }

    func message(_ outcome: EvalOutcome?) -> String {
        if case .failed(let m)? = outcome?.status { return m }
        return ""
    }

    static let data = """
    load 1m
      up{job="api"} 1 2 3 stale
      up{job="db"}  5 5 5 5
      h {{schema:0 count:4 sum:5 buckets:[1 2 1]}}x3


    """

    @Test func passingEvals() throws {
        let report = try run(Self.data + """
        eval instant at 1m up
          up{job="api"} 2
          up{job="db"} 5

        eval instant at 10m up

        eval instant at 0 42
          42

        eval instant at 0 "hi"
          expect string "hi"

        eval range from 0 to 3m step 1m up{job="api"}
          up{job="api"} 1 2 3 _

        eval instant at 1m h
          h {{schema:0 count:4 sum:5 buckets:[1 2 1]}}

        eval instant at 2m up{job="api"}[2m]
          expect range vector from 1m to 2m step 1m
          up{job="api"} 2 3
        """)
        for o in report.outcomes { #expect(o.passed, "line \(o.line): \(o.status)") }
        #expect(report.passed == 7)
        #expect(report.errors.isEmpty)
        #expect(report.summaryLine == "t.test: 7 passed, 0 failed, 0 skipped")
    }

    @Test func wrongValueFailsWithExpectedAndGot() throws {
        let report = try run(Self.data + """
        eval instant at 1m up{job="api"}
          up{job="api"} 7
        """)
        #expect(report.failed == 1)
        #expect(message(report.outcomes.first) == #"expected 7 for {__name__="up", job="api"} but got 2"#)
    }

    @Test func missingAndUnexpectedSeries() throws {
        let report = try run(Self.data + """
        eval instant at 1m up
          up{job="api"} 2

        eval instant at 1m up{job="api"}
          up{job="api"} 2
          up{job="web"} 2
        """)
        #expect(message(report.outcomes[0]).hasPrefix(#"unexpected metric {__name__="up", job="db"} in result, has value 5"#))
        #expect(message(report.outcomes[1]).hasPrefix(#"expected metric {__name__="up", job="web"} with [2] not found"#))
    }

    @Test func staleMarkerIsNotAnOrdinaryNaN() throws {
        let script = try ScriptParser.parse("""
        eval range from 0 to 1m step 1m x
          x NaN stale

        eval range from 0 to 1m step 1m x
          x NaN NaN
        """, file: "t.test")
        let evals = script.evals
        let result = QueryValue.matrix([RangeSeries(labels: Labels(["__name__": "x"]),
                                                    floats: [Sample(t: 0, v: .nan), Sample(t: 60_000, v: StaleNaN.value)])])
        #expect(ResultComparison.compare(result, with: evals[0], window: .of(evals[0])) == nil)
        let mismatch = ResultComparison.compare(result, with: evals[1], window: .of(evals[1]))
        #expect(mismatch?.hasPrefix("expected float value at index 1 (t=60000)") == true)
    }

    @Test func orderedEvalChecksPositions() throws {
        let report = try run(Self.data + """
        eval instant at 1m up
          expect ordered
          up{job="api"} 2
          up{job="db"} 5

        eval instant at 1m up
          expect ordered
          up{job="db"} 5
          up{job="api"} 2

        eval range from 0 to 1m step 1m up
          expect ordered
        """)
        #expect(report.outcomes[0].passed)
        #expect(message(report.outcomes[1]).contains("at position 2 but was at 1"))
        #expect(message(report.outcomes[2]) == "expected ordered result, but query returned a matrix")
    }

    @Test func expectedFailures() throws {
        let report = try run("""
        eval instant at 0 explode
          expect fail

        eval instant at 0 explode
          expect fail msg: query exploded: boom

        eval instant at 0 explode
          expect fail regex: exploded

        eval instant at 0 explode
          expect fail msg: something else

        eval instant at 0 1
          expect fail

        eval_fail instant at 0 explode
          expected_fail_regexp ^query

        eval instant at 0 explode
        """)
        let firstThree = report.outcomes.prefix(3).allSatisfy { $0.passed }
        #expect(firstThree)
        #expect(message(report.outcomes[3]).contains(#"expected error matching "something else""#))
        let noError = message(report.outcomes[4])
        #expect(noError.contains("expected error evaluating query \"1\" (line 13) but got none"))
        #expect(report.outcomes[5].passed)
        #expect(message(report.outcomes[6]).contains("error evaluating query \"explode\" (line 19): query exploded: boom"))
    }

    @Test func annotationRules() throws {
        let report = try run("""
        eval instant at 0 warn_me
          expect warn msg: PromQL warning: you were warned (1:1)
          1

        eval instant at 0 warn_me
          expect warn regex: warned
          1

        eval instant at 0 warn_me
          1

        eval instant at 0 warn_me
          expect no_warn
          1

        eval instant at 0 warn_me
          expect warn msg: PromQL warning: you were warned
          1

        eval instant at 0 1
          expect warn
          1

        eval_warn instant at 0 warn_me
          1

        eval instant at 0 warn_me
          expect warn regex: warned
          expect warn regex: nope
          1

        eval instant at 0 warn_me
          expect info
          1
        """, options: .init(crossChecks: false))
        let status = report.outcomes.map(\.passed)
        #expect(status == [true, true, true, false, false, false, true, false, false])
        #expect(message(report.outcomes[3]).hasPrefix("unexpected warning annotations"))
        #expect(message(report.outcomes[4]).contains("no matching annotation was found"))
        #expect(message(report.outcomes[5]).hasPrefix("expected warn annotations but none were found"))
        #expect(message(report.outcomes[8]).hasPrefix("expected info annotations but none were found"))
    }

    @Test func parseErrorsAreFileErrors() throws {
        let report = try run("eval instant at 0 broken(\n  1\n")
        #expect(report.failed == 1)
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.line == 1)
        #expect(report.errors.first?.message.contains("column 19") == true)
    }

    @Test func skippedEvalsAndFailedLoads() throws {
        let report = try run("""
        eval instant at 0 1
          1

        load_with_nhcb 1m
          h_bucket{le="1"} 5
          h_bucket{le="2"} 3

        eval instant at 0 1
          1
        """, options: .init(skippedEvals: [1: "not in the core subset"]))
        #expect(report.outcomes[0].status == .skipped("not in the core subset"))
        #expect(report.outcomes[1].status == .skipped("the load at line 4 failed"))
        #expect(report.errors.count == 1)
        #expect(report.skipped == 2)
    }

    @Test func rangeMatrixMustBeSorted() throws {
        let report = try run("eval range from 0 to 0 step 1m unsorted_matrix\n")
        #expect(message(report.outcomes.first).hasPrefix("matrix results should always be sorted by labels"))
    }

    @Test func instantMatrixNeedsExpectRangeVector() throws {
        let report = try run(Self.data + "eval instant at 2m up{job=\"db\"}[1m]\n  up{job=\"db\"} 5\n")
        #expect(message(report.outcomes.first).contains("query time range cannot return this many points"))
    }

    /// A range selector passes as an instant query but cannot run in range mode: the cross-check says so.
    @Test func rangeModeCrossCheck() throws {
        let text = Self.data + "eval instant at 10m up{job=\"db\"}[1m]\n"
        #expect(try run(text, options: .init(crossChecks: false)).outcomes.first?.passed == true)
        let checked = try run(text)
        #expect(message(checked.outcomes.first).hasPrefix("range-mode check"))
    }

    /// With selectors pinned by `@`, the query is re-run at other times and must give the same answer.
    @Test func stepInvarianceCrossCheck() throws {
        let text = Self.data + "eval instant at 1m up{job=\"api\"}\n  up{job=\"api\"} 2\n"
        let pinned = try run(text)
        #expect(pinned.outcomes.first?.passed == true)
        #expect(pinned.stepInvarianceChecksNotRun == 0)
        let unsupported = try run(text, engine: FakeEngine(canPin: false))
        #expect(unsupported.stepInvarianceChecksNotRun == 1)
    }

    /// A fake that ignores `@` returns other values at other times; the step-invariance check catches it.
    @Test func stepInvarianceCatchesAnEngineIgnoringAt() throws {
        struct IgnoresAt: PromQLTestEngine {
            let inner = FakeEngine()
            func instantQuery(_ q: String, at t: Int64, source: SeriesStore) -> Result<QueryResult, QueryError> {
                inner.instantQuery(q.components(separatedBy: " @ ")[0], at: t, source: source)
            }
            func rangeQuery(_ q: String, start: Int64, end: Int64, step: Int64, source: SeriesStore) -> Result<QueryResult, QueryError> {
                inner.rangeQuery(q.components(separatedBy: " @ ")[0], start: start, end: end, step: step, source: source)
            }
            func stepInvariantForm(of q: String, at t: Int64) -> StepInvariantForm { inner.stepInvariantForm(of: q, at: t) }
        }
        let script = try ScriptParser.parse(Self.data + "eval instant at 1m up{job=\"api\"}\n  up{job=\"api\"} 2\n", file: "t.test")
        let report = ScriptRunner(engine: IgnoresAt()).run(script)
        #expect(message(report.outcomes.first).hasPrefix("step-invariance check"))
    }

    @Test func nhcbHistogramsCanBeQueried() throws {
        let report = try run("""
        load_with_nhcb 1m
          h_bucket{le="1"} 1
          h_bucket{le="+Inf"} 3

        eval instant at 0 h
          h {{schema:-53 count:3 custom_values:[1] buckets:[1 2]}}
        """)
        #expect(report.outcomes.first?.passed == true, "\(report.outcomes.first?.status as Any)")
    }
}
