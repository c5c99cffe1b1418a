import Rules
import Testing
@testable import VigilService

/// `heartbeat:` of a datasource: absent means the default heartbeat, `enabled: false` means none (it once
/// meant the default too, and the heartbeat alerts fired in configurations that had turned them off).
@Suite struct DatasourceHeartbeatConfigTests {
    static func heartbeat(_ setting: String, type: String = "prometheus") throws -> HeartbeatSettings? {
        let config = try VigilConfig.parse("datasources: [{name: d, type: \(type), url: \"http://127.0.0.1:9090\"\(setting)}]\n", file: "vigil.yml")
        return config.datasources.first?.heartbeat
    }

    @Test func absentMeansTheDefault() throws {
        #expect(try Self.heartbeat("") == HeartbeatSettings.prometheusDefault())
        #expect(try Self.heartbeat("", type: "loki") == HeartbeatSettings.lokiDefault())
    }

    @Test func disabledMeansNone() throws {
        #expect(try Self.heartbeat(", heartbeat: {enabled: false}") == nil)
        #expect(try Self.heartbeat(", heartbeat: {enabled: false, max_age: 1m}") == nil)
    }

    @Test func settingsReplaceTheDefaults() throws {
        let s = try #require(try Self.heartbeat(", heartbeat: {max_age: 10m, interval: 30s, kind: presence, query: \"vector(1)\"}"))
        #expect(s.maxAge == 600_000)
        #expect(s.interval == 30_000)
        #expect(s.kind == .presence)
        #expect(s.query == "vector(1)")
        #expect(try Self.heartbeat(", heartbeat: {enabled: true}") == HeartbeatSettings.prometheusDefault())
    }
}
