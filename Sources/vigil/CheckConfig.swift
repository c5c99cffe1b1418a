import ArgumentParser
import Foundation
import Routing
import TimeSeries

/// `vigil check config`: amtool's `check-config` for Alertmanager configuration files.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check Alertmanager configuration files, as amtool check-config does.",
        discussion: """
            Prints what each file holds, or its first error with file:line:col. Lint warnings (routes no alert \
            can reach, inhibit rules that can never apply) go to standard error as file:line:col: warning: .... \
            Exit status: 0 when every file is valid, 1 when any fails, 3 when only lint warnings were reported \
            and --lint-fatal is set (as `vigil check rules`).
            """
    )

    enum Lint: String, ExpressibleByArgument, CaseIterable {
        case none, all
    }

    @Option(name: .long, help: "Lint checks to apply: none, all (unreachable and shadowed routes, inhibit rules that can never apply).")
    var lint: Lint = .all

    @Flag(name: .long, help: "Make lint warnings exit with status 3.")
    var lintFatal = false

    @Argument(help: "Alertmanager configuration files.")
    var files: [String]

    func run() throws {
        var failed = 0
        var warned = false
        for file in files {
            print("Checking '\(file)'", terminator: "")
            do {
                let config = try AlertmanagerConfig.load(path: file)
                print("  SUCCESS")
                print("Found:")
                print(" - global config")
                print(" - route")
                print(" - \(config.inhibitRules.count) inhibit rules")
                print(" - \(config.receivers.count) receivers")
                print(" - \(config.templates.count) templates")
                if lint == .all, let text = try? SourceFile.read(file) {
                    for finding in AlertmanagerConfigLint.check(config, text: text) {
                        FileHandle.standardError.write(Data((finding.description(file: file) + "\n").utf8))
                        warned = true
                    }
                }
            } catch {
                print("  FAILED: \(error)")
                failed += 1
            }
            print("")
        }
        if failed > 0 {
            FileHandle.standardError.write(Data("error: failed to validate \(failed) file(s)\n".utf8))
            throw ExitCode(1)
        }
        if warned && lintFatal { throw ExitCode(3) }
    }
}
