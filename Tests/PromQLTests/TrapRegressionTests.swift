import Testing
import TimeSeries
@testable import PromQL

/// Inputs that used to stop the process (Swift traps where Go wraps), each with what Prometheus gives for
/// it. "2.42" marks values observed with Debian's promtool 2.42 (`promtool test rules`, a
/// promql_expr_test); the others follow Prometheus 3.14's source (cited per case) where 2.42 differs or
/// lacks the feature.
@Suite struct TrapRegressionTests {
    enum Expected: Sendable, CustomStringConvertible {
        /// The result lines, `{labels} value` (GoFloat %g), sorted.
        case samples([String])
        case empty
        /// The error message, exactly.
        case error(String)

        var description: String {
            switch self {
            case .samples(let s): return s.joined(separator: "; ")
            case .empty: return "empty"
            case .error(let e): return "error: \(e)"
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var query: String
        var expected: Expected
        /// How Prometheus behaves, and where that was seen.
        var prometheus: String
        var series = [#"up{job="a"} 1+1x10"#]
        var time: Int64 = 60_000
        var testDescription: String { query }
    }

    static let cases: [Case] = [
        // The four queries of the report that started this suite.
        Case(query: "hour(vector(NaN))", expected: .samples(["{} 15"]),
             prometheus: "2.42: 15. int64(NaN) is math.MinInt64 on amd64; time.Unix wraps it to 292277026596-12-04 15:30:08"),
        Case(query: "topk(-Inf, up)", expected: .empty,
             prometheus: "3.14 rangeEvalAgg: params.Max() < 1 returns no result before any int64 conversion"),
        Case(query: "up @ 9e18", expected: .empty,
             prometheus: "2.42: empty. 9e18 passes the parser's bound, FromFloatSeconds overflows to math.MinInt64"),
        Case(query: "day_of_week(vector(1e300))", expected: .samples(["{} 0"]),
             prometheus: "2.42: 0 (the same wrapped date, a Sunday)"),

        // Date functions: int64 conversion and Go's calendar at its limits.
        Case(query: "minute(vector(Inf))", expected: .samples(["{} 30"]), prometheus: "2.42: 30"),
        Case(query: "month(vector(-Inf))", expected: .samples(["{} 12"]), prometheus: "2.42: 12"),
        Case(query: "year(vector(-1e300))", expected: .samples(["{} 2.92277026596e+11"]), prometheus: "2.42: 2.92277026596E+11"),
        Case(query: "day_of_month(vector(9.3e18))", expected: .samples(["{} 4"]), prometheus: "2.42: 4"),
        Case(query: "day_of_year(vector(NaN))", expected: .samples(["{} 339"]), prometheus: "2.42: 339"),
        Case(query: "days_in_month(vector(NaN))", expected: .samples(["{} 31"]), prometheus: "2.42: 31"),
        Case(query: "hour(vector(9.2e18))", expected: .samples(["{} 11"]), prometheus: "2.42: 11 (in range: year 291536396232)"),
        Case(query: "year(vector(-9.2e18))", expected: .samples(["{} -2.91536392293e+11"]), prometheus: "2.42: -2.91536392293E+11"),
        Case(query: "year(vector(253402300800))", expected: .samples(["{} 10000"]), prometheus: "Go: 10000-01-01"),
        Case(query: "days_in_month(vector(951782400))", expected: .samples(["{} 29"]), prometheus: "Go: 2000-02-29, a leap February"),
        Case(query: "day_of_week(vector(-1))", expected: .samples(["{} 3"]), prometheus: "Go: 1969-12-31, a Wednesday"),
        Case(query: "hour()", expected: .samples(["{} 0"]), prometheus: "2.42: 0 (the evaluation time, 60s)"),

        // topk / bottomk / limitk / limit_ratio / quantile parameters.
        Case(query: "bottomk(-Inf, up)", expected: .empty, prometheus: "3.14: Max() < 1, empty"),
        Case(query: "topk(-1e19, up)", expected: .empty, prometheus: "3.14: Max() < 1 is checked before the int64 bounds"),
        Case(query: "topk(scalar(up) - 100, up)", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "topk(NaN, up)", expected: .error("Parameter value is NaN"), prometheus: "3.14 engine.go"),
        Case(query: "topk(Inf, up)", expected: .error("Scalar value +Inf overflows int64"), prometheus: "3.14 engine.go, %v of +Inf"),
        Case(query: "topk(1e19, up)", expected: .error("Scalar value 1e+19 overflows int64"), prometheus: "3.14 engine.go"),
        Case(query: "bottomk(9.3e18, up)", expected: .error("Scalar value 9.3e+18 overflows int64"), prometheus: "3.14 engine.go"),
        Case(query: "topk(1e10, up)", expected: .samples([#"{__name__="up", job="a"} 2"#]), prometheus: "3.14: k = min(int64(k), len(input))"),
        Case(query: "limitk(-Inf, up)", expected: .empty, prometheus: "3.14: Max() < 1, empty"),
        Case(query: "limitk(NaN, up)", expected: .error("Parameter value is NaN"), prometheus: "3.14 engine.go"),
        Case(query: "limit_ratio(NaN, up)", expected: .error("Ratio value is NaN"), prometheus: "3.14 engine.go"),
        Case(query: "limit_ratio(Inf, up)", expected: .samples([#"{__name__="up", job="a"} 2"#]), prometheus: "3.14: capped to 1, with a warning"),
        Case(query: "quantile(NaN, up)", expected: .samples(["{} NaN"]), prometheus: "2.42: NaN"),
        Case(query: "quantile(-Inf, up)", expected: .samples(["{} -Inf"]), prometheus: "2.42: -Inf"),

        // Other functions taking numbers: Go's float arithmetic, no conversions.
        Case(query: "round(up, 0)", expected: .samples(upNaN), prometheus: "2.42: NaN"),
        Case(query: "round(up, 1e-320)", expected: .samples(upNaN), prometheus: "2.42: NaN"),
        Case(query: "round(up, 1e308)", expected: .samples([#"{job="a"} 0"#]), prometheus: "2.42: 0"),
        Case(query: "clamp(up, Inf, -Inf)", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "clamp(up, NaN, Inf)", expected: .samples(upNaN), prometheus: "2.42: NaN"),
        Case(query: "predict_linear(up[5m], Inf)", expected: .samples([#"{job="a"} +Inf"#]), prometheus: "2.42: +Inf"),
        Case(query: "predict_linear(up[5m], NaN)", expected: .samples(upNaN), prometheus: "2.42: NaN"),
        Case(query: "double_exponential_smoothing(up[5m], NaN, 0.5)",
             expected: .error("invalid smoothing factor. Expected: 0 < sf < 1, got: NaN"), prometheus: "3.14 functions.go, %f of NaN"),
        Case(query: "count_values(\"x\", up / 0)", expected: .samples([#"{x="+Inf"} 1"#]), prometheus: "2.42: {x=\"+Inf\"} 1"),
        Case(query: "vector(time())", expected: .samples(["{} 60"]), prometheus: "2.42: 60"),

        // `@` timestamps near and past the int64 milliseconds range.
        Case(query: "up @ -9e18", expected: .empty, prometheus: "2.42: empty (math.MinInt64 too)"),
        Case(query: "up @ 9.3e15", expected: .empty, prometheus: "2.42: empty (9.3e18 ms overflows)"),
        Case(query: "up @ -9.3e15", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "up @ 9.2e15", expected: .empty, prometheus: "2.42: empty (in range, no data there)"),
        Case(query: "up @ 9.2e15 offset -106751d", expected: .empty, prometheus: "2.42: empty (the window wraps)"),
        Case(query: "up @ -9.2e15 offset 106751d", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "rate(up[5m] @ 9e18)", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "rate(up[5m] @ -9e18)", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "max_over_time(up[5m:] @ 9e18)", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "max_over_time(up[5m:1m] @ -9e18)", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "max_over_time((up @ -9e18)[5m:1m])", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "timestamp(up @ 9e18)", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "absent(up @ 9e18)", expected: .samples(["{} 1"]), prometheus: "2.42: {} 1"),
        Case(query: "absent_over_time(up[5m] @ 9e18)", expected: .samples(["{} 1"]), prometheus: "2.42: {} 1"),
        Case(query: "up @ 9.3e18", expected: .error("1:1: parse error: timestamp out of bounds for @ modifier: 9300000000000000000.000000"),
             prometheus: "3.14 parse.go setTimestamp"),

        // Offsets, ranges and subqueries of ±292 years (the largest Go durations).
        Case(query: "up offset -106751d", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "up offset 9223372036s", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "max_over_time(up[106751d] offset -106751d)", expected: .samples([#"{job="a"} 11"#]),
             prometheus: "3.14: the window (60s, 292y+60s] holds every sample; promtool 2.42 says 2 because it loads input series only up to the evaluation time"),
        Case(query: "max_over_time(up[106751d:1d] offset -106751d)", expected: .empty, prometheus: "2.42: empty"),
        Case(query: "max_over_time(up[106751d:106751d])", expected: .samples([#"{job="a"} 1"#]), prometheus: "2.42: 1"),
        Case(query: "rate(up[9223372036s])", expected: .samples([#"{job="a"} 1.6263032588789744e-10"#]),
             prometheus: "3.14 extrapolation by hand: increase 1, extrapolated by 30s to 90s over the 60s sampled, / 9223372036s"),
        Case(query: "up[5m:9223372037s]", expected: .error("1:7: parse error: duration out of range"), prometheus: "2.42 and 3.14"),
        Case(query: "up[5m * 1e8]", expected: .error("3:11: duration is out of range"), prometheus: "3.14 durations.go"),
        Case(query: "up offset (1h * 3e6)", expected: .error("11:19: duration is out of range"), prometheus: "3.14 durations.go"),
        Case(query: "up[1m * (1e9 ^ 1e9)]", expected: .error("3:18: duration is NaN or infinite"), prometheus: "3.14 durations.go"),

        // Numbers and the series notation.
        Case(query: "9223372036854775807", expected: .samples(["scalar 9.223372036854776e+18"]), prometheus: "2.42: 9.223372036854776E+18"),
        Case(query: "0xffffffffffffffffff",
             expected: .error(#"1:1: parse error: error parsing number: strconv.ParseFloat: parsing "0xffffffffffffffffff": invalid syntax"#),
             prometheus: "2.42, same text"),
        Case(query: "histogram_count(h)", expected: .samples(["{} 4"]), prometheus: "Go int32 bucket indexes wrap; the count is unaffected",
             series: ["h {{schema:0 sum:5 count:4 offset:2147483647 buckets:[1 2 1]}}x3"]),
        Case(query: "histogram_sum(h + h)", expected: .samples(["{} 10"]), prometheus: "Go int32 bucket indexes wrap",
             series: ["h {{schema:0 sum:5 count:4 offset:-2147483648 n_buckets:[1 2 1] n_offset:2147483647}}x3"]),
        Case(query: "histogram_count(h * 2)", expected: .samples(["{} 8"]),
             prometheus: "Prometheus's storage refuses an invalid schema when loading; Vigil's notation does not check it, and must not trap",
             series: ["h {{schema:-2147483648 sum:5 count:4 buckets:[1 2 1]}}x3"]),
        Case(query: "s", expected: .samples([#"{__name__="s"} 1e+308"#]), prometheus: "1 + 1e308 rounds to 1e308",
             series: ["s 1+1e308x3"], time: 60_000),
        Case(query: "s", expected: .samples([#"{__name__="s"} +Inf"#]), prometheus: "float steps overflow to +Inf, no trap",
             series: ["s 1+1e308x3"], time: 120_000),
    ]

    static let upNaN = [#"{job="a"} NaN"#]

    static func run(_ c: Case) -> Expected {
        var store = SeriesStore()
        for line in c.series {
            do {
                let (labels, end) = try SeriesDescription.parse(prefixOf: line)
                for (i, v) in try SeriesValues.parse(String(line.unicodeScalars.dropFirst(end))).enumerated() {
                    switch v {
                    case .missing: continue
                    case .float(let f): store.append(labels, t: Int64(i) * 60_000, v: f)
                    case .histogram(let h): store.append(labels, t: Int64(i) * 60_000, histogram: h)
                    }
                }
            } catch {
                return .error("series: \(error)")
            }
        }
        do {
            let result = try Engine().instantQuery(c.query, at: c.time, source: store)
            switch result.value {
            case .scalar(_, let v): return .samples(["scalar \(GoFloat.formatG(v))"])
            case .vector(let samples):
                if samples.isEmpty { return .empty }
                return .samples(samples.map { s in
                    "\(s.labels) \(s.histogram.map { _ in "histogram" } ?? GoFloat.formatG(s.value))"
                }.sorted())
            case .matrix(let series):
                return series.isEmpty ? .empty : .samples(series.map { "\($0.labels) matrix" }.sorted())
            case .string(_, let s): return .samples(["string \(s)"])
            }
        } catch {
            return .error(error.message)
        }
    }

    @Test(arguments: cases)
    func prometheusAnswer(_ c: Case) {
        #expect(TrapRegressionTests.run(c).description == c.expected.description, "Prometheus: \(c.prometheus)")
    }

    // MARK: The series notation

    struct NotationCase: Sendable, CustomTestStringConvertible {
        var values: String
        /// The number of values, or the error message.
        var expected: Result<Int, SeriesValues.Failure>
        var testDescription: String { String(values.prefix(60)) }
    }

    static let tooLong = "series expands to more than 10000000 samples (the limit for one series, native histogram buckets included)"

    static let notationCases: [NotationCase] = [
        NotationCase(values: "1+1x10000000", expected: .failure(.init(message: tooLong, offset: 0))),
        // The limit is on the whole series: tokens within it one by one, not together.
        NotationCase(values: "1x4999999 2x4999999", expected: .success(10_000_000)),
        NotationCase(values: "1x4999999 2x4999999 3", expected: .failure(.init(message: tooLong, offset: 20))),
        NotationCase(values: "1x5000000 1x5000000", expected: .failure(.init(message: tooLong, offset: 10))),
        NotationCase(values: "_x9999999 1", expected: .success(10_000_000)),
        NotationCase(values: "{{buckets:[1 2 3 4]}}x2000000", expected: .failure(.init(message: tooLong, offset: 0))),
        NotationCase(values: "1+1x99999999999999999999", expected: .failure(.init(message: #"invalid repetition in "1+1x99999999999999999999""#, offset: 0))),
        NotationCase(values: "1+1x10000001", expected: .failure(.init(message: #"expansion of "1+1x10000001" is too long"#, offset: 0))),
        NotationCase(values: "{{schema:0 offset:4294967297 buckets:[1]}}", expected: .success(1)),
    ]

    @Test(arguments: notationCases)
    func seriesNotation(_ c: NotationCase) {
        let got: Result<Int, SeriesValues.Failure>
        do { got = .success(try SeriesValues.parse(c.values).count) } catch { got = .failure(error) }
        #expect(got == c.expected)
    }

    /// Upstream keeps the low 32 bits of a bucket offset (`int32(v)`).
    @Test func histogramOffsetsKeepTheirLow32Bits() throws {
        let values = try SeriesValues.parse("{{schema:0 offset:4294967297 buckets:[1]}}")
        guard case .histogram(let h) = values.first else { Issue.record("not a histogram"); return }
        #expect(h.positiveSpans.first?.offset == 1)
    }

    // MARK: Printing

    /// Upstream prints the `@` time as `%.3f` of float seconds; a timestamp that overflowed to
    /// math.MinInt64 prints as the float does.
    @Test func printsOverflowedTimestampsAsGo() throws {
        #expect(try PromQLParser.parseExpr("up @ 9e18").description == "up @ -9223372036854776.000")
        #expect(try PromQLParser.parseExpr("up @ 1.5").description == "up @ 1.500")
        #expect(try PromQLParser.parseExpr("up @ -4e12").description == "up @ -4000000000000.000")
        #expect(PromDuration(milliseconds: .min).description.hasPrefix("-106751991167d"))
    }
}
