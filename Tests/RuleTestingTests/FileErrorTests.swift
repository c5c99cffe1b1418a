import Foundation
import Testing
@testable import RuleTesting

/// Unit-test files that cannot be used say why, and patterns that cannot work are errors, not silence.
struct FileErrorTests {
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-ruletesting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func invalidRunPatternIsAnError() async throws {
        #expect(throws: (any Error).self) { try RuleTestRunner.runMatchers(["("]) }
        #expect(try RuleTestRunner.runMatchers(["a.*", "b"]).count == 2)
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.yml")
        try "rule_files: []\ntests:\n- name: t\n".write(to: file, atomically: true, encoding: .utf8)
        var options = RuleTestOptions()
        options.run = ["("]
        let result = await RuleTestRunner(options: options).run(file: file.path)
        #expect(!result.passed)
        #expect(result.fileErrors.first?.hasPrefix("invalid --run pattern: ") == true)
    }

    /// promtool: a malformed `rule_files` pattern fails the file with filepath.ErrBadPattern's text.
    @Test func malformedRuleFilesPatternFailsTheFile() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.yml")
        try "rule_files: [\"[x\"]\ntests: []\n".write(to: file, atomically: true, encoding: .utf8)
        let result = await RuleTestRunner(options: RuleTestOptions()).run(file: file.path)
        #expect(result.fileErrors == ["syntax error in pattern"])
        #expect(!result.passed)
    }

    @Test func unreadableTestFilesSayWhy() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runner = RuleTestRunner(options: RuleTestOptions())
        #expect(await runner.run(file: dir.path + "/none.yml").fileErrors == [dir.path + "/none.yml: cannot read file: no such file or directory"])
        #expect(await runner.run(file: dir.path).fileErrors == [dir.path + ": cannot read file: is a directory, not a file"])
        let fifo = dir.path + "/fifo"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(await runner.run(file: fifo).fileErrors == [fifo + ": cannot read file: is a named pipe (FIFO), not a regular file"])
    }

    /// A start timestamp beyond what milliseconds in Int64 hold is an error with its place, not a trap.
    @Test(arguments: ["1e300", "-1e17", "nan", "inf"])
    func startTimestampOutOfRange(_ value: String) async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.yml")
        try "rule_files: []\ntests:\n- name: t\n  start_timestamp: \(value)\n".write(to: file, atomically: true, encoding: .utf8)
        let result = await RuleTestRunner(options: RuleTestOptions()).run(file: file.path)
        #expect(!result.passed)
        #expect(result.fileErrors.first?.contains("4:20: timestamp \"\(value)\" is out of range") == true, "\(result.fileErrors)")
    }

    /// Durations past Prometheus's range in a test file are errors with their place.
    @Test func durationsAtTheLimits() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.yml")
        try """
            rule_files: []
            evaluation_interval: 9999999999999y
            tests:
            - interval: 1m
              input_series: []
            """.write(to: file, atomically: true, encoding: .utf8)
        let result = await RuleTestRunner(options: RuleTestOptions()).run(file: file.path)
        #expect(result.fileErrors.first?.contains("duration out of range") == true, "\(result.fileErrors)")
    }
}
