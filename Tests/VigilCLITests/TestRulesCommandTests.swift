import Foundation
import Testing

/// `vigil test rules` end to end: the rule pack's own tests, the example and its deliberately wrong copy,
/// JUnit and coverage output.
@Suite struct TestRulesCommandTests {
    static let root = VigilProcess.packageRoot

    @Test func rulePackTestsPass() throws {
        let tests = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("rules/tests").path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { "rules/tests/" + $0 }
        #expect(!tests.isEmpty)
        let result = try VigilProcess.run(["test", "rules", "--coverage"] + tests, in: Self.root)
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.stdout.contains("SUCCESS"))
        // Every rule of the pack is exercised by at least one test group.
        #expect(!result.stdout.contains("UNTESTED"), "\(result.stdout)")
        #expect(result.stdout.split(separator: "\n").last?.hasSuffix(" passed, 0 failed") == true)
    }

    @Test func exampleTestPasses() throws {
        let result = try VigilProcess.run(["test", "rules", "examples/unit-tests/disk.test.yaml"], in: Self.root)
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.stdout == "Unit Testing:  examples/unit-tests/disk.test.yaml\n  SUCCESS\n\n2 passed, 0 failed\n")
    }

    @Test func wrongExampleFailsWithExpectedAgainstGot() throws {
        let result = try VigilProcess.run(["test", "rules", "--diff", "examples/unit-tests/disk.wrong.test.yaml"], in: Self.root)
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("  FAILED:"))
        #expect(result.stderr.contains("alertname: DiskAlmostFull, time: 20m, \n        exp:["))
        #expect(result.stderr.contains(#"Labels:{alertname="DiskAlmostFull", fstype="ext4", instance="nas:9100", mountpoint="/data", severity="critical"}"#))
        #expect(result.stderr.contains("got: {__name__=\"instance:node_filesystem_free:ratio\", fstype=\"ext4\", instance=\"nas:9100\", mountpoint=\"/data\"} 8E-02"))
        #expect(result.stderr.contains("          - severity=\"critical\"}"))
        #expect(result.stderr.contains("          + severity=\"warning\"}"))
        #expect(result.stdout.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test func junitReportAndRunFilter() throws {
        let junit = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-junit-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: junit) }
        let result = try VigilProcess.run(["test", "rules", "--junit", junit.path, "--run", "room",
                                           "examples/unit-tests/disk.wrong.test.yaml"], in: Self.root)
        // Only the passing group ("a disk with room stays quiet") runs.
        #expect(result.exitCode == 0, "\(result.output)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains(#"<testsuite name="examples/unit-tests/disk.wrong.test.yaml" tests="1" failures="0""#))
        #expect(xml.contains(#"<testcase name="a disk with room stays quiet""#))
    }

    /// `alertmanager_config` and `exp_notifications`: the rules' alerts routed by the real router.
    @Test func routingFixturePasses() throws {
        let path = "Tests/RuleTestingTests/Fixtures/routing/routing.test.yml"
        let result = try VigilProcess.run(["test", "rules", path], in: Self.root)
        #expect(result.exitCode == 0, "\(result.output)")
        #expect(result.stdout == "Unit Testing:  \(path)\n  SUCCESS\n\n2 passed, 0 failed\n")
    }

    @Test func unknownFileIsAFailure() throws {
        let result = try VigilProcess.run(["test", "rules", "no-such-file.yaml"], in: Self.root)
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("no-such-file.yaml"))
    }
}
