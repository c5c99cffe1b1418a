import ArgumentParser
import VigilService

/// The `vigil` command line. Each subcommand is a thin wrapper over a library target.
@main
struct Vigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Rule evaluator and alert router for Prometheus and Loki rules.",
        version: VigilVersion.description,
        subcommands: [RunCommand.self, Check.self, TestCommand.self, QueryCommand.self, TemplateCommand.self]
    )
}

/// `vigil check …`: validation commands, following promtool's `check` family.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check rule files for errors.",
        subcommands: [CheckRules.self]
    )
}
