import Foundation
import Testing
import TimeSeries
@testable import Rules

/// Rule files at the limits: durations past what Prometheus holds, alias bombs, deep nesting, huge lines,
/// and files that cannot be read. Each ends in an error that names the place, never a trap.
struct LoaderLimitsTests {
    @Test func durationsPastTheRangeAreErrors() {
        let result = Loading.load("""
            groups:
            - name: g
              interval: 9999999999999y
              rules:
              - alert: A
                expr: up
                for: 106751991167300d
                keep_firing_for: 293y
            """)
        let messages = result.errors.map(\.shortDescription)
        #expect(messages.contains("rules.yaml:3:13: duration out of range"))
        #expect(messages.contains("rules.yaml:7:10: duration out of range"))
        #expect(messages.contains("rules.yaml:8:22: duration out of range"))
    }

    @Test func promDurationAtTheEnds() throws {
        do {
            _ = try PromDuration(parsing: "9999999999999y")
            Issue.record("9999999999999y should be out of range")
        } catch {
            #expect(error.message == "duration out of range")
        }
        #expect(throws: PromDuration.ParseError.self) { try PromDuration(parsing: "99999999999999999999999s") }
        #expect(try PromDuration(parsing: "292y").milliseconds == 292 * 365 * 86_400_000)
        #expect(PromDuration(milliseconds: Int64.min).description == "-106751991167y42w2d7h12m55s808ms"
                || PromDuration(milliseconds: Int64.min).description.hasPrefix("-"))
        #expect(PromDuration(seconds: Int64.max).milliseconds == Int64.max)
        #expect(PromDuration(seconds: Int64.min).milliseconds == Int64.min)
    }

    /// "Billion laughs": aliases are shared nodes, and nothing walks a whole tree, so the file is refused
    /// for what it is (unknown fields, wrong types) in bounded time and memory.
    @Test func aliasBombIsRefusedCheaply() {
        var lines = [#"a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for i in 1..<10 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ",") + "]") }
        lines.append("groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n    labels: *a9")
        let result = Loading.load(lines.joined(separator: "\n"))
        #expect(!result.errors.isEmpty)
        #expect(result.errors.first?.shortDescription.hasPrefix("rules.yaml:1:1: field a0 not found") == true)
    }

    @Test func deepNestingIsAnError() {
        let deep = Loading.load("groups: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        #expect(deep.errors.first?.message.contains("Maximum nesting level reached") == true)
    }

    /// A located error quotes a window of the offending line, not a whole megabyte of it.
    @Test func longLinesAreQuotedInPart() {
        let line = "groups: " + String(repeating: "[", count: 200_000)
        let text = formatLocatedError(file: "f.yml", position: SourcePosition(line: 1, column: 100_000), message: "bad", source: line)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].count <= excerptWidth + 6)
        #expect(lines[1].hasPrefix("    …") && lines[1].hasSuffix("…"))
        // The caret still points under the column.
        let caret = lines[2].count - 1
        let shown = Array(lines[1])
        #expect(shown[caret] == "[")
        // Short lines are quoted whole, as before.
        let short = formatLocatedError(file: "f.yml", position: SourcePosition(line: 2, column: 3), message: "m", source: "a\nbcd\n")
        #expect(short == "f.yml:2:3: m\n    bcd\n      ^")
    }

    @Test func unreadableFilesSayWhy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let loader = RuleLoader(options: Loading.options)
        func message(_ path: String) -> String? { loader.load(contentsOf: path).errors.first?.description }
        #expect(message(dir.path + "/missing.yml") == dir.path + "/missing.yml: cannot read file: no such file or directory")
        #expect(message(dir.path) == dir.path + ": cannot read file: is a directory, not a file")
        let fifo = dir.path + "/fifo"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(message(fifo) == fifo + ": cannot read file: is a named pipe (FIFO), not a regular file")
        #expect(message("/dev/zero") == "/dev/zero: cannot read file: is a device, not a regular file")
        let loop = dir.path + "/loop"
        #expect(symlink(loop, loop) == 0)
        #expect(message(loop) == loop + ": cannot read file: too many levels of symbolic links (is there a symlink loop?)")
        let bad = dir.appendingPathComponent("bad.yml")
        try Data(Array("groups:\n- name: a".utf8) + [0xFF, 0x0A]).write(to: bad)
        #expect(message(bad.path)?.hasPrefix(bad.path + ": cannot read file: not valid UTF-8 text: invalid byte at offset 17 (line 2, column 10)") == true)
    }
}
