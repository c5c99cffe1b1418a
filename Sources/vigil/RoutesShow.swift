import ArgumentParser
import Foundation
import Routing

/// `vigil routes show`: the routing tree, as `amtool config routes show` prints it.
struct RoutesShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the routing tree of an Alertmanager configuration.")

    @Option(name: .customLong("config"), help: "The Alertmanager configuration file.")
    var config: String

    func run() throws { try RoutesFailure.reporting(show) }

    func show() throws {
        let loaded: AlertmanagerConfig
        do { loaded = try AlertmanagerConfig.load(path: config) } catch {
            throw RoutesFailure("\(error)")
        }
        print("Routing tree:")
        print(RouteTreeText.tree(loaded.routeTree))
    }
}

/// A `routes` command's failure: the message on standard error and exit status 1, as amtool exits.
struct RoutesFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension RoutesFailure {
    /// Runs `body`, turning a failure into its message and status 1.
    static func reporting(_ body: () throws -> Void) throws {
        do { try body() } catch let f as RoutesFailure {
            FileHandle.standardError.write(Data("error: \(f.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
