import ArgumentParser
import Routing
import TimeSeries

/// `vigil routes test`: the receivers an alert with the given labels goes to, as
/// `amtool config routes test` prints them (comma-separated, in tree order).
struct RoutesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Print the receivers an alert with the given labels is routed to.",
        discussion: "Exit status 1 when --verify.receivers is given and differs from the result."
    )

    @Option(name: .customLong("config"), help: "The Alertmanager configuration file.")
    var config: String

    @Option(name: .customLong("verify.receivers"), help: "The receivers expected, comma-separated.")
    var verifyReceivers: String?

    @Flag(name: .long, help: "Also print the branches the alert follows.")
    var tree = false

    @Argument(help: "Labels as name=value.")
    var labels: [String] = []

    func run() throws { try RoutesFailure.reporting(test) }

    func test() throws {
        let loaded: AlertmanagerConfig
        do { loaded = try AlertmanagerConfig.load(path: config) } catch {
            throw RoutesFailure("\(error)")
        }
        var set: [String: String] = [:]
        for l in labels {
            let m: AlertMatcher
            do { m = try MatcherParser.matcher(l) } catch {
                throw RoutesFailure("Failed to parse labels: \(error)")
            }
            guard m.type == .equal else { throw RoutesFailure("Labels must be specified as key=value pairs") }
            set[m.name] = m.value
        }
        let root = loaded.routeTree
        let alert = Labels(set)
        if tree {
            print("Matching routes:")
            print(RouteTreeText.matchingTree(root, labels: alert))
            print("")
        }
        let receivers = root.matchingRoutes(for: alert).map(\.options.receiver).joined(separator: ",")
        print(receivers)
        if let verifyReceivers, verifyReceivers != receivers {
            print("WARNING: Expected receivers did not match resolved receivers.")
            throw ExitCode(1)
        }
    }
}
