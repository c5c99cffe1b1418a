import VigilTesting
import Foundation
import Routing
import Server
import TimeSeries

/// Alertmanager's API over a real router on a simulated clock at 2026-01-02T03:04:05Z, with silence IDs
/// counted up in UUID form (`00000000-0000-4000-8000-000000000001`, ...), served on a loopback port.
final class AlertmanagerAPIHarness: Sendable {
    static let t0 = Date(timeIntervalSince1970: 1_767_323_045)
    static let t0Text = "2026-01-02T03:04:05.000Z"

    /// Two receivers, an inhibit rule (a page inhibits the warning of the same alertname), a secret.
    static let config = """
        global:
          resolve_timeout: 5m
          smtp_auth_password: hunter2
        route:
          receiver: team-a
          group_by: [alertname]
          group_wait: 0s
          routes:
            - matchers: [severity="page"]
              receiver: pager
        inhibit_rules:
          - source_matchers: [severity="page"]
            target_matchers: [severity="warn"]
            equal: [alertname]
        receivers:
          - name: team-a
            webhook_configs:
              - url: http://127.0.0.1:9/hook-with-token-s3cr3t
          - name: pager
            slack_configs:
              - api_url: https://hooks.slack.com/services/XYZ
                channel: '#x'
        """

    let clock: SimulatedClock
    let router: AlertRouter
    let api: AlertmanagerAPI

    init(config text: String = AlertmanagerAPIHarness.config, clock: SimulatedClock = SimulatedClock(AlertmanagerAPIHarness.t0)) throws {
        self.clock = clock
        let config = try AlertmanagerConfig.parse(text, file: "alertmanager.yml")
        let counter = Counter()
        let silences = Silences(clock: clock, makeID: { String(format: "00000000-0000-4000-8000-%012d", counter.next()) })
        router = AlertRouter(config: config, integrations: [:], clock: clock, silences: silences)
        api = AlertmanagerAPI(router: router, config: config, originalYAML: text, clock: clock, startTime: Self.t0,
                              version: AlertmanagerVersionInfo(version: "0.1.0", revision: "abc", branch: "main",
                                                               buildUser: "ci", buildDate: "20260101-00:00:00"))
    }

    func serve<T>(_ body: (Int) async throws -> T) async throws -> T {
        try await withServer([api], body)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func next() -> Int { lock.withLock { n += 1; return n } }
    }
}

extension RawHTTPClient {
    static func post(_ port: Int, _ target: String, json: String) async throws -> HTTPResult {
        try await request(port: port, method: "POST", target: target, headers: ["Content-Type": "application/json"], body: json)
    }

    static func delete(_ port: Int, _ target: String) async throws -> HTTPResult {
        try await request(port: port, method: "DELETE", target: target)
    }
}
