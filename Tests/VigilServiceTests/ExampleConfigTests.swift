import Foundation
import Testing
@testable import VigilService

/// `examples/vigil.yml`, as the README shows it, loads with the rule pack it names.
@Suite struct ExampleConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theExampleLoadsWithTheRulePack() throws {
        let config = try VigilConfig.load(path: Self.root.appendingPathComponent("examples/vigil.yml").path)
        #expect(config.datasources.map(\.name) == ["prometheus", "loki"])
        #expect(config.global.externalLabels == ["cluster": "homelab"])
        #expect(config.datasource(named: "loki")?.tenant == "fake")
        #expect(config.remoteWrite.count == 1)
        #expect(config.alerting?.alertmanagers.count == 1)
        let set = try RuleSet.load(config)
        #expect(set.files.map { ($0 as NSString).lastPathComponent }.sorted()
            == ["vigil-homelab-loki.configmap.yaml", "vigil-homelab.prometheusrule.yaml"])
        #expect(set.groups.contains { $0.datasource == "loki" && $0.language == .loki })
        #expect(set.groups.filter { $0.group.name.hasPrefix("vigil.datasource.") }.count == 2)
    }
}
