import Testing

/// `vigil query` on inputs that once stopped the process with a trap (SIGILL): it must answer or report
/// an error, with exit code 0 or 1, never die from a signal.
@Suite struct QueryTrapTests {
    static let queries = [
        "hour(vector(NaN))",
        "topk(-Inf, up)",
        "up @ 9e18",
        "day_of_week(vector(1e300))",
        "up @ -9e18",
        "rate(up[5m] @ 9e18)",
        "max_over_time(up[5m:1m] @ -9e18)",
        "topk(1e19, up)",
        String(repeating: "abs(", count: 5_000) + "up" + String(repeating: ")", count: 5_000),
    ]

    @Test(arguments: queries)
    func answersWithoutATrap(_ query: String) throws {
        let result = try VigilProcess.run(["query", "--series", #"up{job="a"} 1+1x10"#, "--time", "60", "--", query])
        #expect(!result.signaled, "vigil died from signal \(result.exitCode): \(result.stderr.prefix(300))")
        #expect(result.exitCode == 0 || result.exitCode == 1, "exit \(result.exitCode): \(result.output.prefix(300))")
    }
}
