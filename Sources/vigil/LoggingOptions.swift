import ArgumentParser
import Logging
import VigilService

/// `--log.level` and `--log.format`, shared by the commands that run as services (`run`, `logstore`,
/// `receive`), and the one place that turns them into the process's logging.
struct LoggingOptions: ParsableArguments {
    @Option(name: .customLong("log.level"), help: "debug, info, warn or error.")
    var logLevel: String = "info"

    @Option(name: .customLong("log.format"), help: "logfmt or json.")
    var logFormat: String = "logfmt"

    /// Checks both flags and installs the logfmt/JSON handler; throws the flag's error before anything runs.
    func bootstrap() throws {
        guard let level = Self.level(logLevel) else {
            throw ValidationError("--log.level must be debug, info, warn or error, got \"\(logLevel)\"")
        }
        guard let format = LogfmtLogHandler.Format(rawValue: logFormat) else {
            throw ValidationError("--log.format must be logfmt or json, got \"\(logFormat)\"")
        }
        LoggingSystem.bootstrap { label in LogfmtLogHandler(label: label, level: level, format: format) }
    }

    static func level(_ text: String) -> Logger.Level? {
        switch text {
        case "debug": return .debug
        case "info": return .info
        case "warn", "warning": return .warning
        case "error": return .error
        default: return nil
        }
    }
}
