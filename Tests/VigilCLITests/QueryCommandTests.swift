import Foundation
import Testing

/// `vigil query` reads times and durations as Prometheus's query API does, refuses what the API refuses
/// with its messages (`error: <errorType>: <error>`, exit 1), and runs under a sample limit and a timeout.
@Suite struct QueryCommandTests {
    static let series = ["--series", #"x{i="1"} 1+1x10"#, "--series", #"x{i="2"} 5x10"#]

    func query(_ arguments: [String]) throws -> VigilProcess.Result {
        try VigilProcess.run(["query"] + Self.series + arguments)
    }

    @Test func answersAnInstantQuery() throws {
        let r = try query(["--time", "10m", "sum(x)"])
        #expect(r.exitCode == 0, "\(r.output)")
        #expect(r.stdout == "{}  16\n")
    }

    @Test func refusesMoreThan11000Steps() throws {
        let ok = try query(["--start", "0", "--end", "11000", "--step", "1", "--format", "json", "1"])
        #expect(ok.exitCode == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[0,"1"],"#))
        let r = try query(["--start", "0", "--end", "11001", "--step", "1", "x"])
        #expect(r.exitCode == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "error: bad_data: exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)\n")
        let json = try query(["--start", "0", "--end", "1h", "--step", "0.1", "--format", "json", "x"])
        #expect(json.exitCode == 1)
        #expect(json.stdout == #"{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"}"# + "\n")
    }

    @Test func sampleLimit() throws {
        // Two series over eleven steps hold 22 samples.
        let over = try query(["--max-samples", "21", "--start", "0", "--end", "10m", "--step", "1m", "x"])
        #expect(over.exitCode == 1)
        #expect(over.stderr == "error: execution: query processing would load too many samples into memory in query execution\n")
        let under = try query(["--max-samples", "22", "--start", "0", "--end", "10m", "--step", "1m", "x"])
        #expect(under.exitCode == 0, "\(under.stderr)")
    }

    /// A day's quantile at every second of three hours takes half a minute in a debug build; `--timeout 1s`
    /// stops it after about a second.
    @Test func timeoutStopsAnExpensiveQuery() throws {
        let started = ContinuousClock.now
        let r = try VigilProcess.run([
            "query", "--series", "y 0+1x10800", "--interval", "1s", "--start", "0", "--end", "10800", "--step", "1",
            "--timeout", "1s", "quantile_over_time(0.5, y[1d])",
        ])
        let elapsed = ContinuousClock.now - started
        #expect(r.exitCode == 1)
        #expect(r.stderr == "error: timeout: query timed out in expression evaluation\n")
        // Wide for a loaded CI machine; without the timeout the query runs for half a minute or more.
        #expect(elapsed < .seconds(20), "took \(elapsed)")
    }

    struct Hostile: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var error: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let hostile: [Hostile] = [
        Hostile(arguments: ["--time", "nan"], error: #"bad_data: invalid parameter "time": cannot parse "nan" to a valid timestamp"#),
        Hostile(arguments: ["--time", "inf"], error: #"bad_data: invalid parameter "time": cannot parse "inf" to a valid timestamp"#),
        Hostile(arguments: ["--time", "1e30"], error: #"bad_data: invalid parameter "time": cannot parse "1e30" to a valid timestamp"#),
        Hostile(arguments: ["--time=-1e300"], error: #"bad_data: invalid parameter "time": cannot parse "-1e300" to a valid timestamp"#),
        Hostile(arguments: ["--start", "nan", "--end", "10"], error: #"bad_data: invalid parameter "start": cannot parse "nan" to a valid timestamp"#),
        Hostile(arguments: ["--start", "0", "--end", "1e30"], error: #"bad_data: invalid parameter "end": cannot parse "1e30" to a valid timestamp"#),
        Hostile(arguments: ["--start", "10", "--end", "0"], error: #"bad_data: invalid parameter "end": end timestamp must not be before start time"#),
        Hostile(arguments: ["--start", "0", "--end", "10", "--step", "nan"], error: #"bad_data: invalid parameter "step": cannot parse "nan" to a valid duration"#),
        Hostile(arguments: ["--start", "0", "--end", "10", "--step", "1e30"],
                error: #"bad_data: invalid parameter "step": cannot parse "1e30" to a valid duration. It overflows int64"#),
        Hostile(arguments: ["--start", "0", "--end", "10", "--step=-1e300"],
                error: #"bad_data: invalid parameter "step": cannot parse "-1e300" to a valid duration. It overflows int64"#),
        Hostile(arguments: ["--start", "0", "--end", "10", "--step", "0.0001"],
                error: #"bad_data: invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer"#),
        Hostile(arguments: ["--start=-292273086-05-16T16:47:06Z", "--end", "292277025-08-18T07:12:54.999999999Z", "--step", "292y"],
                error: "bad_data: exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"),
        Hostile(arguments: ["--interval", "1e30"], error: #"bad_data: invalid parameter "interval": cannot parse "1e30" to a valid duration. It overflows int64"#),
        Hostile(arguments: ["--interval", "inf"], error: #"bad_data: invalid parameter "interval": cannot parse "inf" to a valid duration. It overflows int64"#),
        Hostile(arguments: ["--interval", "0"], error: #"bad_data: invalid parameter "interval": zero or negative intervals between series values are not accepted"#),
        // 292 years apart, the millionth value would be past the last timestamp.
        Hostile(arguments: ["--interval", "9223372036", "--series", "z 1x1000000"],
                error: #"bad_data: invalid parameter "series": series 3: value 999995 would be at more than 9223309901257974999 ms; use a shorter interval or fewer values"#),
        Hostile(arguments: ["--timeout", "nan"], error: #"bad_data: invalid parameter "timeout": cannot parse "nan" to a valid duration"#),
        Hostile(arguments: ["--timeout", "0"], error: "timeout: query timed out in query execution"),
    ]

    @Test(arguments: hostile)
    func hostileNumbersAreRefusedNotTrapped(_ c: Hostile) throws {
        let r = try query(c.arguments + ["x"])
        #expect(r.exitCode == 1, "\(r.output)")
        #expect(r.stderr == "error: \(c.error)\n")
    }

    @Test func extremeTimesThatTheAPIAcceptsEvaluate() throws {
        for time in ["292277025-08-18T07:12:54.999999999Z", "-292273086-05-16T16:47:06Z", "9223309901257974"] {
            let r = try query(["--time=\(time)", "x offset 1y"])
            #expect(r.exitCode == 0, "\(time): \(r.output)")
            #expect(r.stdout == "(empty result)\n")
        }
    }

    @Test func errorsInJSONAreTheAPIsErrorResponse() throws {
        let parse = try query(["--format", "json", "sum("])
        #expect(parse.exitCode == 1)
        #expect(parse.stdout == #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis"}"# + "\n")
        let time = try query(["--format", "json", "--time", "nan", "x"])
        #expect(time.stdout == #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"time\": cannot parse \"nan\" to a valid timestamp"}"# + "\n")
    }
}
