import Foundation
import LogQL
import Testing
import TimeSeries
@testable import Rules
@testable import RuleTesting

/// LogQL rules in `vigil test rules`: `input_streams`, `rule_files_type`, `logql_expr_test`.
struct LogQLRuleTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/logql")

    static func run(_ yaml: String, files: [String: String] = [:]) async throws -> TestFileResult {
        let dir = try FileErrorTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let file = dir.appendingPathComponent("t.yml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        var result = await RuleTestRunner().run(file: file.path)
        // Messages name the temporary folder; tests compare them without it.
        result.fileErrors = result.fileErrors.map { $0.replacingOccurrences(of: dir.path + "/", with: "") }
        return result
    }

    // MARK: The line notation

    @Test func lineNotation() throws {
        #expect(try LogLineRun.parse(#"0s "a""#) == LogLineRun(offset: 0, text: "a"))
        #expect(try LogLineRun.parse(#"2m x3 "b \"q\"\tc""#) == LogLineRun(offset: 120_000, count: 3, text: "b \"q\"\tc"))
        #expect(try LogLineRun.parse("30s+10s x6 `raw \\d`") == LogLineRun(offset: 30_000, step: 10_000, count: 6, text: "raw \\d"))
        #expect(try LogLineRun.parse(#"  1h   "spaced"  "#) == LogLineRun(offset: 3_600_000, text: "spaced"))
        let run = try LogLineRun.parse(#"30s+10s x3 "x""#)
        #expect(run.times(start: 1_000, defaultStep: 60_000) == [31_000, 41_000, 51_000])
        #expect(try LogLineRun.parse(#"1m x2 "x""#).times(start: 0, defaultStep: 60_000) == [60_000, 120_000])
    }

    @Test(arguments: [
        (#"0s a"#, "expected TIME[+STEP] [xCOUNT] followed by a quoted line"),
        (#""a""#, "expected TIME[+STEP] [xCOUNT] before the quoted line"),
        (#"0s x2 y "a""#, "expected TIME[+STEP] [xCOUNT] before the quoted line"),
        (#"soon "a""#, #"not a valid duration string: "soon""#),
        (#"0s+0s x2 "a""#, "the step must be positive"),
        (#"0s 3 "a""#, #"expected xCOUNT, got "3""#),
        (#"0s x0 "a""#, "the count must be between 1 and 1000000"),
        (#"0s x10000001 "a""#, "the count must be between 1 and 1000000"),
        (#"0s "a" "b""#, "the line must be one Go string literal: invalid syntax"),
        (#"0s "a\q""#, "the line must be one Go string literal"),
    ])
    func lineNotationErrors(_ written: String, _ message: String) {
        #expect {
            try LogLineRun.parse(written)
        } throws: { error in
            "\(error)".hasPrefix("log line \(quoteGo(written)): \(message)")
        }
    }

    @Test func streamLabels() throws {
        #expect(try LogInputStream.parseLabels(#"{job="a", node="b"}"#) == Labels(["job": "a", "node": "b"]))
        #expect(throws: NotationError.self) { try LogInputStream.parseLabels("{}") }
        #expect(throws: NotationError.self) { try LogInputStream.parseLabels(#"up{job="a"}"#) }
        #expect(throws: NotationError.self) { try LogInputStream.parseLabels(#"{job="a"} x"#) }
    }

    /// Times past what nanoseconds in Int64 hold are an error, not a trap.
    @Test func outOfRangeTimesAreErrors() {
        let far = LogInputStream(labels: Labels(["job": "a"]), lines: [LogLineRun(offset: 10_000_000_000_000, text: "x")],
                              position: SourcePosition(line: 1, column: 1))
        #expect(throws: NotationError.self) { try LogInputStream.store([far], start: 0, defaultStep: 60_000) }
        let overflowing = LogInputStream(labels: Labels(["job": "a"]), lines: [LogLineRun(offset: 0, step: .max / 2, count: 3, text: "x")],
                                      position: SourcePosition(line: 1, column: 1))
        #expect(throws: NotationError.self) { try LogInputStream.store([overflowing], start: 0, defaultStep: 60_000) }
    }

    // MARK: The querier

    @Test func localLogQLQuerierConvertsTimes() throws {
        var store = LogStore()
        try store.append([LogEntry(timestamp: 30 * 1_000_000_000, line: "a"), LogEntry(timestamp: 50 * 1_000_000_000, line: "b")],
                         to: Labels(["job": "x"]))
        let querier = LocalLogQLQuerier(store: store)
        // 60 s in milliseconds: (0, 60 s] holds both lines; the sample is stamped in milliseconds.
        #expect(try querier.querySynchronously(#"count_over_time({job="x"}[1m])"#, at: 60_000)
                == [InstantSample(labels: Labels(["job": "x"]), t: 60_000, value: 2)])
        #expect(try querier.querySynchronously("1 + 1", at: 5) == [InstantSample(labels: .empty, t: 5, value: 2)])
        #expect(throws: LogQLQueryError.self) { try querier.querySynchronously(#"{job="x"}"#, at: 60_000) }
        #expect(throws: LogQLQueryError.self) { try querier.querySynchronously("sum(", at: 60_000) }
        #expect(throws: LogQLQueryError.self) { try querier.querySynchronously("1", at: .max) }
    }

    // MARK: Fixtures

    @Test(arguments: ["talos-kernel.test.yaml", "annotated.test.yaml"])
    func fixturePasses(_ name: String) async {
        let result = await RuleTestRunner().run(file: Self.fixtures.appendingPathComponent(name).path)
        #expect(result.failures == [])
        #expect(result.passed)
        #expect(!result.groups.isEmpty)
    }

    /// Without `rule_files_type: loki` a plain Loki file is read as PromQL and fails to load.
    @Test func plainLokiFileNeedsTheType() async throws {
        let rules = try String(contentsOf: Self.fixtures.appendingPathComponent("talos-kernel.rules.yaml"), encoding: .utf8)
        let result = try await Self.run("rule_files: [r.yaml]\ntests:\n- name: a\n", files: ["r.yaml": rules])
        #expect(!result.passed)
        let typed = try await Self.run("rule_files_type: loki\nrule_files: [r.yaml]\ntests:\n- name: a\n", files: ["r.yaml": rules])
        #expect(typed.passed, "\(typed.failures)")
    }

    static let rules = """
        groups:
        - name: g
          rules:
          - alert: Errors
            expr: sum(count_over_time({app="a"} |= "error" [5m])) > 0
        """

    @Test func failuresReadLikePromtools() async throws {
        let result = try await Self.run("""
            rule_files_type: loki
            rule_files: [r.yaml]
            tests:
            - name: wrong
              input_streams:
              - labels: '{app="a"}'
                lines: ['1m x2 "an error"']
              alert_rule_test:
              - eval_time: 3m
                alertname: Errors
                exp_alerts: []
              logql_expr_test:
              - expr: count_over_time({app="a"}[5m])
                eval_time: 3m
                exp_samples:
                - labels: '{app="a"}'
                  value: 3
            """, files: ["r.yaml": Self.rules])
        #expect(result.fileErrors == [])
        let failures = result.groups.flatMap(\.failures)
        #expect(failures.count == 2, "\(failures)")
        #expect(failures.first?.contains("alertname: Errors, time: 3m") == true)
        #expect(failures.first?.contains(#"{alertname="Errors"}"#) == true, "\(failures)")
        #expect(failures.last == #"""
                expr: "count_over_time({app=\"a\"}[5m])", time: 3m,
                    exp: {app="a"} 3E+00
                    got: {app="a"} 2E+00
            """#, "\(failures)")
    }

    @Test func queryErrorsAreReported() async throws {
        let result = try await Self.run("""
            rule_files_type: loki
            rule_files: [r.yaml]
            tests:
            - logql_expr_test:
              - expr: '{app="a"}'
                eval_time: 1m
            """, files: ["r.yaml": Self.rules])
        let failures = result.groups.flatMap(\.failures)
        #expect(failures.first?.contains("log queries are not supported as an instant query type") == true, "\(failures)")
    }

    @Test(arguments: [
        ("rule_files_type: logql\n", "t.yml:1:18: rule_files_type must be prometheus or loki, got \"logql\""),
        ("tests:\n- input_streams:\n  - labels: '{a=\"b\"}'\n    line: ['0s \"x\"']\n",
         "t.yml:4:5: field line not found in type main.inputStream"),
        ("tests:\n- input_streams:\n  - lines: ['0s \"x\"']\n", "t.yml:3:5: missing required field labels in input_streams"),
        ("tests:\n- input_streams:\n  - labels: '{a=\"b\"}'\n    lines:\n    - '0s x'\n",
         "t.yml:5:7: log line \"0s x\": expected TIME[+STEP] [xCOUNT] followed by a quoted line"),
        ("tests:\n- input_streams:\n  - labels: '{}'\n", "t.yml:3:13: stream labels \"{}\": a stream needs at least one label"),
        ("tests:\n- logql_expr_test:\n  - expr: x\n    exp_alerts: []\n", "t.yml:4:5: field exp_alerts not found in type main.logqlTestCase"),
    ])
    func readerErrorsHaveTheirPlace(_ yaml: String, _ message: String) async throws {
        let result = try await Self.run(yaml)
        #expect(result.fileErrors == [message])
    }

    // MARK: The homelab's Loki rules (corpus/homelab/alerting-rules.yaml)

    static let routineKernelLines = [
        "[  12.345678] eth0: Link is Up - 10Gbps/Full - flow control off",
        "[  13.000001] BTRFS info (device sdb): enabling ssd optimizations",
        "[  14.100000] scsi 2:0:0:0: Direct-Access     TrueNAS  iSCSI Disk       0123 PQ: 0 ANSI: 7",
    ]
    static let btrfsLine = "[ 812.114512] BTRFS error (device sdb): parent transid verify failed on logical 30556160 mirror 1 wanted 87361 found 87102"
    static let iscsiLine = "[ 790.002214] connection1:0: detected conn error (1020) iscsid: Kernel reported iSCSI connection 1:0 error (1020 - ISCSI_ERR_TCP_CONN_CLOSE: TCP connection closed) state (3)"

    /// A YAML double-quoted scalar (JSON's escapes are YAML's).
    static func yamlQuoted(_ s: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return String(decoding: try encoder.encode(s), as: UTF8.self)
    }

    /// Both alerts fire on synthetic Talos kernel logs holding their patterns (BTRFS at once, iSCSI after its
    /// `for: 2m`), with the labels and annotations of the corpus file, and stay silent on routine lines.
    @Test func homelabLokiAlertsFireOnTheirPatternsOnly() async throws {
        guard let corpus = ProcessInfo.processInfo.environment["VIGIL_CORPUS_DIR"], !corpus.isEmpty,
              FileManager.default.fileExists(atPath: corpus + "/homelab/alerting-rules.yaml") else {
            print("SKIPPED homelabLokiAlertsFireOnTheirPatternsOnly: VIGIL_CORPUS_DIR is not set to an existing folder")
            return
        }
        let path = corpus + "/homelab/alerting-rules.yaml"
        // The expected annotations are the file's own (they hold no templates).
        let loaded = RuleLoader(options: .standard(language: .loki)).load(contentsOf: path)
        #expect(loaded.errors.isEmpty)
        let rules = loaded.files.flatMap(\.groups).flatMap(\.rules)
        #expect(rules.map(\.name) == ["BTRFSCorruptionDetected", "ISCSIKernelError"])
        func expected(_ name: String) throws -> String {
            guard let rule = rules.first(where: { $0.name == name }) else { return "[]" }
            let labels = try rule.labels.map { "\($0.name): \(try Self.yamlQuoted($0.value))" }.joined(separator: ", ")
            let annotations = try rule.annotations.map { "\($0.name): \(try Self.yamlQuoted($0.value))" }.joined(separator: ", ")
            return "\n      - exp_labels: {\(labels)}\n        exp_annotations: {\(annotations)}"
        }
        let routine = try Self.routineKernelLines.map { "'0s+1m x15 \(try Self.yamlQuoted($0).replacingOccurrences(of: "'", with: "''"))'" }
        func stream(_ extra: [String]) -> String {
            "  - labels: '{job=\"talos-kernel\", node=\"talos-1\"}'\n    lines: [\((routine + extra).joined(separator: ", "))]"
        }
        func check(_ alert: String, _ time: String, _ exp: String) -> String {
            "    - eval_time: \(time)\n      alertname: \(alert)\n      exp_alerts: \(exp)\n"
        }
        let btrfs = "'3m \(try Self.yamlQuoted(Self.btrfsLine))'"
        let iscsi = "'3m \(try Self.yamlQuoted(Self.iscsiLine))'"
        let yaml = """
            rule_files_type: loki
            rule_files: [\(try Self.yamlQuoted(path))]
            tests:
            - name: quiet
              input_streams:
            \(stream([]))
              alert_rule_test:
            \(check("BTRFSCorruptionDetected", "6m", "[]"))\(check("ISCSIKernelError", "6m", "[]"))
            - name: btrfs
              input_streams:
            \(stream([btrfs]))
              alert_rule_test:
            \(check("BTRFSCorruptionDetected", "2m", "[]"))\(check("BTRFSCorruptionDetected", "3m", try expected("BTRFSCorruptionDetected")))\
            \(check("BTRFSCorruptionDetected", "8m", "[]"))\(check("ISCSIKernelError", "6m", "[]"))
            - name: iscsi
              input_streams:
            \(stream([iscsi]))
              alert_rule_test:
            \(check("ISCSIKernelError", "4m", "[]"))\(check("ISCSIKernelError", "6m", try expected("ISCSIKernelError")))\
            \(check("ISCSIKernelError", "8m", "[]"))\(check("BTRFSCorruptionDetected", "6m", "[]"))
            """
        let result = try await Self.run(yaml)
        #expect(result.fileErrors == [], "\(yaml)")
        #expect(result.groups.map(\.name) == ["quiet", "btrfs", "iscsi"])
        #expect(result.failures == [], "\(yaml)")
    }
}
