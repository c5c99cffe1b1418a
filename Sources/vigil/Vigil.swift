import ArgumentParser
import TimeSeries

/// The `vigil` command line. Each subcommand is a thin wrapper over a library target.
@main
struct Vigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Rule evaluator and alert router for Prometheus and Loki rules.",
        version: VigilVersion.description,
        subcommands: [RunCommand.self, Check.self, TestCommand.self, QueryCommand.self, TemplateCommand.self, Routes.self,
                      HistoryCommand.self, LogStoreCommand.self, ReceiveCommand.self]
    )
}

/// `vigil check …`: validation commands, following promtool's `check` family.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check rule files and Alertmanager configurations for errors.",
        subcommands: [CheckRules.self, CheckConfig.self, CheckService.self]
    )
}

/// `vigil routes …`: Alertmanager routing questions answered offline, as `amtool config routes`.
struct Routes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show an Alertmanager routing tree or test which receivers labels are routed to.",
        subcommands: [RoutesShow.self, RoutesTest.self],
        defaultSubcommand: RoutesShow.self
    )
}
