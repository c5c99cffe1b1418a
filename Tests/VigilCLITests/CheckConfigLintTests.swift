import Foundation
import Testing

/// `vigil check config`'s lint warnings: on standard error with file:line:col, exit status 0, or 3 with
/// `--lint-fatal` (as `vigil check rules`); `--lint none` turns them off.
@Suite struct CheckConfigLintTests {
    static let config = """
        route:
          receiver: r
          routes:
            - receiver: r
              matchers: ['severity="critical"']
            - receiver: r
              matchers: ['severity="critical"', 'team="db"']
        inhibit_rules:
          - source_matchers: ['severity="critical"']
            target_matchers: ['severity="warning"', 'severity="info"']
        receivers:
          - name: r

        """

    @Test func warningsExitStatusAndLintNone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("am.yml").path
        try Self.config.write(toFile: file, atomically: true, encoding: .utf8)

        let plain = try VigilProcess.run(["check", "config", file])
        #expect(plain.exitCode == 0)
        #expect(plain.stdout.hasSuffix("  SUCCESS\nFound:\n - global config\n - route\n - 1 inhibit rules\n - 1 receivers\n - 0 templates\n\n"))
        #expect(plain.stderr == """
            \(file):6:7: warning: route is shadowed: every alert it matches also matches the earlier sibling route at line 4 {severity="critical"}, which has no `continue: true`
            \(file):10:22: warning: inhibit rule can never apply: no alert matches all its target matchers (severity="info", severity="warning" cannot all hold)

            """)
        let fatal = try VigilProcess.run(["check", "config", "--lint-fatal", file])
        #expect(fatal.exitCode == 3)
        let none = try VigilProcess.run(["check", "config", "--lint", "none", "--lint-fatal", file])
        #expect(none.exitCode == 0)
        #expect(none.stderr == "")
    }

    /// The shared corpus's Alertmanager configuration still passes, without warnings.
    @Test func corpusConfigPassesWithoutWarnings() throws {
        guard let corpus = SharedData.corpus else {
            SharedData.noteSkip("corpusConfigPassesWithoutWarnings", "VIGIL_CORPUS_DIR")
            return
        }
        let result = try VigilProcess.run(["check", "config", "--lint-fatal", corpus.path + "/homelab/alertmanager.yml"])
        #expect(result.exitCode == 0)
        #expect(result.stderr == "")
    }
}
