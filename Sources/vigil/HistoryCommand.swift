import ArgumentParser
import Foundation
import Storage
import VigilService

/// `vigil history`: the router's alert changes and notification attempts, read straight from its
/// database (`<storage.path>/router.sqlite`, opened read-only, so it works beside a running service).
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the router's alert changes and notification attempts, newest first.",
        discussion: """
            The filters are those of GET /api/v1/history. --match takes an Alertmanager matcher list \
            ('severity=~"crit.*"' or '{team="db",env!="dev"}'); given several times, a record is kept when \
            any one list matches. --receiver narrows notifications only. --start and --end are Unix \
            seconds or RFC 3339 times, both included. The table shows the newest --limit records of both \
            kinds together; --output json prints {"alerts":[...],"notifications":[...]}, up to --limit of each.
            """
    )

    enum Output: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Option(name: .customLong("storage.path"), help: "The service's storage folder (default: storage.path of --config).")
    var storagePath: String?

    @Option(name: .long, help: "The service's configuration file, read for its storage.path.")
    var config: String = "vigil.yml"

    @Option(name: .long, help: "Only this alert.")
    var alertname: String?

    @Option(name: .long, help: "A matcher list the alert's labels must satisfy. Repeatable: any list.")
    var match: [String] = []

    @Option(name: .long, help: "Only notifications to this receiver.")
    var receiver: String?

    @Option(name: .long, help: "Nothing before this time.")
    var start: String?

    @Option(name: .long, help: "Nothing after this time.")
    var end: String?

    @Option(name: .long, help: "At most this many records (1 to 10000).")
    var limit: Int = HistoryQuery.defaultLimit

    @Option(name: .long, help: "table or json.")
    var output: Output = .table

    func run() throws {
        do {
            try show()
        } catch let failure as HistoryFailure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    func show() throws {
        let query = try parsedQuery()
        let folder = try storageFolder()
        let result: HistoryResult
        do {
            let db = try RouterDatabase(path: (folder as NSString).appendingPathComponent(RouterDatabase.fileName), readOnly: true)
            result = try db.history(query)
            try db.close()
        } catch {
            throw HistoryFailure("\(error)")
        }
        switch output {
        case .json:
            let data = try HistoryJSON.encoder().encode(result)
            print(String(decoding: data, as: UTF8.self))
        case .table:
            print(HistoryTable.render(result, limit: query.limit), terminator: "")
        }
    }

    /// The flags read as the API's parameters, so both check them alike; errors name the flag.
    func parsedQuery() throws -> HistoryQuery {
        var parameters: [String: [String]] = ["match[]": match, "limit": [String(limit)]]
        if let alertname { parameters["alertname"] = [alertname] }
        if let receiver { parameters["receiver"] = [receiver] }
        if let start { parameters["start"] = [start] }
        if let end { parameters["end"] = [end] }
        do {
            return try HistoryQuery.parse { parameters[$0] ?? [] }
        } catch {
            let flag = error.parameter == "match[]" ? "match" : error.parameter
            throw HistoryFailure("--\(flag): \(error.reason)")
        }
    }

    func storageFolder() throws -> String {
        if let storagePath { return storagePath }
        let loaded: VigilConfig
        do { loaded = try VigilConfig.load(path: config) } catch {
            throw HistoryFailure("\(error) (give --storage.path or --config)")
        }
        guard let path = loaded.storage?.path else {
            throw HistoryFailure("\(config) sets no storage.path: the router keeps no history without one")
        }
        return loaded.resolve(path)
    }
}

/// A `history` failure: the message on standard error and exit status 1.
struct HistoryFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
