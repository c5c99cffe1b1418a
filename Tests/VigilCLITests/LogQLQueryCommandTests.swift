import Foundation
import Testing

/// `vigil query --logql`: LogQL over a file of log streams in the notation of `input_streams`.
@Suite struct LogQLQueryCommandTests {
    static let streams = """
        - labels: '{job="talos-kernel", node="talos-1"}'
          lines:
            - '0s x5 "eth0: Link is Up"'                  # 0m, 1m, … 4m
            - '3m "BTRFS error (device sdb): parent transid verify failed"'
        - labels: '{job="talos-kernel", node="talos-2"}'
          lines: ['30s `eth0: Link is Up`']
        """

    func query(_ arguments: [String], streams: String = Self.streams) throws -> VigilProcess.Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-logql-query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("streams.yaml")
        try streams.write(to: file, atomically: true, encoding: .utf8)
        var result = try VigilProcess.run(["query", "--logql", "--streams-file", file.path] + arguments)
        result.stderr = result.stderr.replacingOccurrences(of: file.path, with: "streams.yaml")
        return result
    }

    /// Without --time, an instant query runs at the last line's time (4m): (-1m, 4m] holds every line.
    @Test func instantQueryAtTheLastLine() throws {
        let r = try query([#"sum by (node) (count_over_time({job="talos-kernel"}[5m]))"#])
        #expect(r.exitCode == 0, "\(r.output)")
        #expect(r.stdout == "{node=\"talos-1\"}  6\n{node=\"talos-2\"}  1\n")
    }

    @Test func instantQueryAsJSON() throws {
        let r = try query(["--time", "3m", "--format", "json", #"count_over_time({node="talos-2"}[5m])"#])
        #expect(r.exitCode == 0, "\(r.output)")
        #expect(r.stdout == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"talos-kernel","node":"talos-2"},"value":[180,"1"]}]}}"# + "\n")
    }

    @Test func rangeQuery() throws {
        let r = try query(["--start", "0", "--end", "2m", "--step", "1m", #"sum(count_over_time({job="talos-kernel"}[1m]))"#])
        #expect(r.exitCode == 0, "\(r.output)")
        #expect(r.stdout == "{}  1 @0  2 @60  1 @120\n")
    }

    /// A log query returns the entries of every line by default, newest first, as Loki's API does.
    @Test func logQuery() throws {
        let json = try query(["--format", "json", #"{job="talos-kernel"} |= "BTRFS""#])
        #expect(json.exitCode == 0, "\(json.output)")
        #expect(json.stdout == #"{"status":"success","data":{"resultType":"streams","result":[{"stream":{"job":"talos-kernel","node":"talos-1"},"values":[["180000000000","BTRFS error (device sdb): parent transid verify failed"]]}]}}"# + "\n")
        let last = try query([#"{node="talos-1"} |= "Link""#, "--limit", "1"])
        #expect(last.stdout == "{job=\"talos-kernel\", node=\"talos-1\"}  240  eth0: Link is Up\n", "\(last.output)")
        let first = try query([#"{node="talos-1"}"#, "--limit", "2", "--direction", "forward"])
        #expect(first.stdout == "{job=\"talos-kernel\", node=\"talos-1\"}  0  eth0: Link is Up\n{job=\"talos-kernel\", node=\"talos-1\"}  60  eth0: Link is Up\n",
                "\(first.output)")
    }

    @Test func errorsSayWhere() throws {
        let line = try query(["count_over_time({a=\"b\"}[1m])"], streams: "- labels: '{a=\"b\"}'\n  lines: ['0s x0 \"no\"']\n")
        #expect(line.exitCode == 1)
        #expect(line.stderr == "error: bad_data: invalid parameter \"streams-file\": streams.yaml:2:11: log line \"0s x0 \\\"no\\\"\": the count must be between 1 and 1000000\n")
        let parse = try query(["--format", "json", "sum("])
        #expect(parse.exitCode == 1)
        #expect(parse.stdout.hasPrefix(#"{"status":"error","errorType":"bad_data","error":"#), "\(parse.output)")
        let direction = try query(["--direction", "sideways", #"{a="b"}"#])
        #expect(direction.exitCode == 1)
        #expect(direction.stderr.contains("forward or backward"))
        let noLogQL = try VigilProcess.run(["query", "--streams-file", "x.yaml", "1"])
        #expect(noLogQL.exitCode == 1)
        #expect(noLogQL.stderr == "error: --streams-file needs --logql\n")
    }
}
