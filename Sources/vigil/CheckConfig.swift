import ArgumentParser
import Foundation
import Routing

/// `vigil check config`: amtool's `check-config` for Alertmanager configuration files.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check Alertmanager configuration files, as amtool check-config does.",
        discussion: "Prints what each file holds, or its first error with file:line:col. Exit status 1 when any file fails."
    )

    @Argument(help: "Alertmanager configuration files.")
    var files: [String]

    func run() throws {
        var failed = 0
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
    }
}
