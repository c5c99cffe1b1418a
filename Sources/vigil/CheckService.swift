import ArgumentParser
import Foundation
import VigilService

/// `vigil check service`: everything `vigil run --config FILE` would load, checked without running it.
struct CheckService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Check a vigil run configuration: vigil.yml, its rule files, the router's configuration, TLS and credential files.",
        discussion: """
            Loads what `vigil run --config FILE` loads — the configuration, every rule file its rule_files \
            match, the Alertmanager configuration of alerting.config_file with its templates and receivers, \
            the clients' settings, web.tls_server_config's certificate pair and web.auth's files — and reports \
            every problem with file:line:col where there is one. Nothing is contacted. Exit status: 0 when all \
            of it loads, 1 otherwise (as promtool check config).
            """
    )

    @Argument(help: "vigil run configuration files.")
    var files: [String] = ["vigil.yml"]

    func run() async throws {
        var failed = 0
        for file in files {
            print("Checking \(file)")
            do {
                let s = try await ServiceConfigCheck.check(path: file)
                var found = "  SUCCESS: \(s.datasources) datasources, \(s.ruleFiles) rule files, \(s.groups) groups, \(s.rules) rules"
                if let router = s.router { found += ", router \(router.file) with \(router.receivers) receivers" }
                print(found)
                for w in s.warnings { FileHandle.standardError.write(Data("  warning: \(w)\n".utf8)) }
            } catch {
                print("  FAILED:")
                for p in error.problems { print("    " + p.replacingOccurrences(of: "\n", with: "\n    ")) }
                for w in error.warnings { FileHandle.standardError.write(Data("  warning: \(w)\n".utf8)) }
                failed += 1
            }
            print("")
        }
        if failed > 0 {
            FileHandle.standardError.write(Data("error: failed to validate \(failed) file(s)\n".utf8))
            throw ExitCode(1)
        }
    }
}
