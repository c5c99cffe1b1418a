import Foundation
import Testing
@testable import RuleTesting

/// `alertmanager_config` and `exp_notifications`: the rules' alerts go through the real router, and the
/// notifications it sends are compared with the expected ones.
@Suite struct NotificationTestingTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/routing")

    /// A test file in a fresh folder next to copies of the fixture's rules and Alertmanager config.
    static func testFile(_ body: String, alertmanager: String? = nil) throws -> (dir: URL, file: URL) {
        let dir = try FileErrorTests.temporaryDirectory()
        for name in ["rules.yml", "alertmanager.yml"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        if let alertmanager {
            try alertmanager.write(to: dir.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
        }
        let file = dir.appendingPathComponent("t.yml")
        try body.write(to: file, atomically: true, encoding: .utf8)
        return (dir, file)
    }

    /// The fixture: grouping with group_wait and group_interval, inhibition, resolved notifications,
    /// repeated resolutions, and a silence.
    @Test func fixturePasses() async {
        let result = await RuleTestRunner().run(file: Self.fixtures.appendingPathComponent("routing.test.yml").path)
        #expect(result.fileErrors.isEmpty)
        #expect(result.groups.map(\.name) == ["grouping, inhibition and resolution", "a silence holds notifications back until it ends"])
        #expect(result.groups.allSatisfy { $0.passed }, "\(result.failures)")
        // For --coverage, the alerts expected in notifications are tested alerts.
        #expect(result.groups.first?.testedAlerts == ["HostDown", "ServiceSlow"])
    }

    static let header = """
        rule_files: [rules.yml]
        alertmanager_config: alertmanager.yml
        tests:
          - name: slow
            interval: 1m
            input_series:
              - series: 'latency_seconds{instance="c"}'
                values: '2x10'

        """

    /// group_wait delays the first notification: nothing at 0s–29s, the group at 30s (window (0s, 30s]).
    @Test func groupWaitAndWindows() async throws {
        let (dir, file) = try Self.testFile(Self.header + """
                exp_notifications:
                  - eval_time: 29s
                    notifications: []
                  - eval_time: 30s
                    notifications:
                      - receiver: default
                        group_labels: {alertname: ServiceSlow}
                        alerts:
                          - exp_labels: {alertname: ServiceSlow, instance: c, severity: warning}
                            exp_annotations: {summary: c is slow}
                  # Re-sent by the ruler every 2m, unchanged: the group stays quiet until repeat_interval.
                  - eval_time: 10m
                    notifications: []
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = await RuleTestRunner().run(file: file.path)
        #expect(result.passed, "\(result.failures)")
    }

    /// A wrong expectation fails with expected against got, promtool-style.
    @Test func failingExpectationMessage() async throws {
        let (dir, file) = try Self.testFile(Self.header + """
                exp_notifications:
                  - eval_time: 1m
                    notifications:
                      - receiver: pager
                        group_labels: {alertname: ServiceSlow}
                        alerts:
                          - exp_labels: {alertname: ServiceSlow, instance: c, severity: warning}
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = await RuleTestRunner().run(file: file.path)
        #expect(result.fileErrors.isEmpty)
        #expect(result.groups.first?.failures == ["""
                name: slow,
                notifications: time: 1m (sent since the start), 
                    exp:[
                        0:
                          Receiver:pager
                          GroupLabels:{alertname="ServiceSlow"}
                          Status:firing
                          Alerts:[
                            0:
                              Labels:{alertname="ServiceSlow", instance="c", severity="warning"}
                              Annotations:{}
                              Status:firing
                            ]
                        ], 
                    got:[
                        0:
                          Receiver:default
                          GroupLabels:{alertname="ServiceSlow"}
                          Status:firing
                          Alerts:[
                            0:
                              Labels:{alertname="ServiceSlow", instance="c", severity="warning"}
                              Annotations:{summary="c is slow"}
                              Status:firing
                            ]
                        ]
            """])
    }

    /// Inhibition comes from the configuration's inhibit rules: a critical alert on the same instance
    /// mutes the warning for as long as it fires.
    @Test func inhibitionFromTheConfig() async throws {
        let (dir, file) = try Self.testFile("""
            rule_files: [rules.yml]
            alertmanager_config: alertmanager.yml
            tests:
              - interval: 1m
                input_series:
                  - series: 'up{instance="c"}'
                    values: '0x10'
                  - series: 'latency_seconds{instance="c"}'
                    values: '0 0 2x10'
                exp_notifications:
                  - eval_time: 10m
                    notifications:
                      - receiver: pager
                        group_labels: {alertname: HostDown}
                        alerts:
                          - exp_labels: {alertname: HostDown, instance: c, severity: critical}
                            exp_annotations: {summary: c is down}
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = await RuleTestRunner().run(file: file.path)
        #expect(result.passed, "\(result.failures)")
    }

    @Test func unknownFieldsAreErrorsWithPositions() async throws {
        let (dir, file) = try Self.testFile(Self.header + """
                exp_notifications:
                  - eval_time: 1m
                    notifications:
                      - receiver: default
                        colour: red
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = await RuleTestRunner().run(file: file.path)
        #expect(result.fileErrors == ["\(file.path):13:13: field colour not found in type main.notification"])
    }

    @Test func statusMustBeFiringOrResolved() async throws {
        let (dir, file) = try Self.testFile(Self.header + """
                exp_notifications:
                  - eval_time: 1m
                    notifications:
                      - receiver: default
                        status: pending
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = await RuleTestRunner().run(file: file.path)
        #expect(result.fileErrors == ["\(file.path):13:21: status must be firing or resolved, got \"pending\""])
    }

    @Test func notificationsNeedAnAlertmanagerConfig() async throws {
        let (dir, file) = try Self.testFile("""
            rule_files: [rules.yml]
            tests:
              - name: x
                exp_notifications:
                  - eval_time: 1m
                    notifications: []
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = await RuleTestRunner().run(file: file.path)
        #expect(result.fileErrors == ["\(file.path):3:5: exp_notifications and silences need a top-level alertmanager_config"])
    }

    @Test func brokenAlertmanagerConfigFailsTheFile() async throws {
        let (dir, file) = try Self.testFile(Self.header, alertmanager: "route:\n  receiver: nobody\nreceivers: [{name: default}]\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = await RuleTestRunner().run(file: file.path)
        #expect(result.fileErrors == ["alertmanager_config: \(dir.path)/alertmanager.yml:2:13: undefined receiver \"nobody\" used in route"])
    }

    @Test func repeatedEvalTimeIsAnError() async throws {
        let (dir, file) = try Self.testFile(Self.header + """
                exp_notifications:
                  - eval_time: 1m
                    notifications: []
                  - eval_time: 1m
                    notifications: []
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = await RuleTestRunner().run(file: file.path)
        #expect(result.groups.first?.failures == ["    exp_notifications: eval_time 1m is given twice (line 10 and line 12)"])
    }

    @Test func invalidSilenceMatcherIsAnError() async throws {
        let (dir, file) = try Self.testFile(Self.header + """
                silences:
                  - matchers: ['alertname=~"("']
                    ends_at: 5m
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = await RuleTestRunner().run(file: file.path)
        #expect(result.groups.first?.failures.first?.hasPrefix("    silence at line 10: matcher ") == true, "\(result.failures)")
    }
}
