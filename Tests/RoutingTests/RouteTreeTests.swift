import Foundation
import Testing
import TimeSeries
@testable import Routing

/// Route matching, keys and IDs, against what Debian's `amtool` 0.25 (`config routes test`,
/// `config routes show`) prints for the same files; amtool and Alertmanager 0.34 share `dispatch.Route`.
@Suite struct RouteTreeTests {
    static let dir = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"].map { $0 + "/alertmanager/testdata" }

    static func labels(_ args: String) -> Labels {
        var d: [String: String] = [:]
        for a in args.split(separator: " ") {
            let parts = a.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            d[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return Labels(d)
    }

    static func receivers(_ file: String, _ args: String) throws -> String {
        let tree = try AlertmanagerConfig.load(path: dir! + "/" + file).routeTree
        return tree.matchingRoutes(for: labels(args)).map(\.options.receiver).joined(separator: ",")
    }

    /// (file, labels, receivers as amtool 0.25 printed them).
    static let cases: [(String, String, String)] = [
        ("cli.conf.routing.yml", "test=1", "test1"),
        ("cli.conf.routing.yml", "test=2", "test1,test2"),
        ("cli.conf.routing.yml", "test=volovina", "default"),
        ("cli.conf.routing.yml", "test=12", "default"),
        ("cli.conf.routing.yml", "test=", "default"),
        ("cli.conf.routing.yml", "other=1", "default"),
        ("cli.conf.routing.yml", "test=1 other=2", "test1"),
        ("cli.conf.routing.yml", "test=3", "default"),
        ("cli.conf.routing-reverted.yml", "test=2", "test2,test1"),
        ("conf.good.yml", "service=foo1", "team-X-mails"),
        ("conf.good.yml", "service=foo1 severity=critical", "team-X-pager"),
        ("conf.good.yml", "service=files", "team-Y-mails"),
        ("conf.good.yml", "service=files severity=critical", "team-Y-pager"),
        ("conf.good.yml", "service=database", "team-DB-pager"),
        ("conf.good.yml", "service=database owner2=team-X", "team-X-pager"),
        ("conf.good.yml", "service=database owner=team-Y", "team-Y-pager"),
        ("conf.good.yml", "service=database owner2=team-X owner=team-Y", "team-X-pager,team-Y-pager"),
        ("conf.good.yml", "service=baz severity=warning", "team-X-mails"),
        ("conf.good.yml", "service=foo3", "team-X-mails"),
        ("conf.good.yml", "severity=critical", "team-X-mails"),
        ("conf.good.yml", "service=database owner=team-Z", "team-DB-pager"),
        ("conf.good.yml", "service=foo2 severity=critical owner=team-Y", "team-X-pager"),
        ("conf.good.yml", "service=files owner2=team-X", "team-Y-mails"),
    ]

    @Test(.enabled(if: dir != nil, "VIGIL_CONFORMANCE_DIR is not set"), arguments: cases)
    func receiversAsAmtoolPrintsThem(_ file: String, _ args: String, _ expected: String) throws {
        #expect(try Self.receivers(file, args) == expected)
    }

    /// The same label sets through the `amtool` on this machine, when there is one.
    @Test(.enabled(if: dir != nil && amtool != nil, "needs VIGIL_CONFORMANCE_DIR and amtool"), arguments: cases)
    func receiversAgreeWithLiveAmtool(_ file: String, _ args: String, _ expected: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.amtool!)
        p.arguments = ["config", "routes", "test", "--config.file", Self.dir! + "/" + file] + args.split(separator: " ").map(String.init)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let printed = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        #expect(printed == (try Self.receivers(file, args)))
    }

    static let amtool: String? = ["/usr/bin/amtool", "/usr/local/bin/amtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: dir != nil, "VIGIL_CONFORMANCE_DIR is not set"))
    func keysAndIDs() throws {
        let tree = try AlertmanagerConfig.load(path: Self.dir! + "/conf.good.yml").routeTree
        #expect(tree.key == "{}")
        #expect(tree.id == "{}")
        let x = tree.routes[0]
        #expect(x.key == #"{}/{service=~"^(?:^(foo1|foo2|baz)$)$"}"#)
        #expect(x.id == #"{}/{service=~"^(?:^(foo1|foo2|baz)$)$"}/0"#)
        #expect(x.routes[0].id == #"{}/{service=~"^(?:^(foo1|foo2|baz)$)$"}/0/{severity="critical"}/0"#)
        #expect(tree.routes[2].routes[1].key == #"{}/{service="database"}/{owner="team-Y"}"#)
        #expect(tree.routes[2].routes[1].id == #"{}/{service="database"}/2/{owner="team-Y"}/1"#)
        // Post-order numbering: children before parents, the root last.
        #expect(x.routes[0].index == 0 && x.index == 1 && tree.index == 7)
    }

    @Test(.enabled(if: dir != nil, "VIGIL_CONFORMANCE_DIR is not set"))
    func inheritance() throws {
        let tree = try AlertmanagerConfig.load(path: Self.dir! + "/conf.good.yml").routeTree
        #expect(tree.options.groupBy == ["alertname", "cluster", "service"])
        #expect(tree.options.repeatInterval.milliseconds == 3 * 3_600_000)
        let db = tree.routes[2]
        #expect(db.options.groupBy == ["alertname", "cluster", "database"])
        #expect(db.routes[0].options.groupBy == ["alertname", "cluster", "database"])
        #expect(db.routes[0].options.groupWait.milliseconds == 30_000)
        #expect(db.routes[0].continue)
    }

    @Test func defaultsAndGroupByAll() throws {
        let c = try AlertmanagerConfig.parse("""
            route:
              receiver: r
              group_by: ['...']
              routes:
                - matchers: ['team="a"']
                  group_by: [x]
                  routes: [{matchers: [b=c]}]
                - matchers: ['team="b"']
                  group_wait: 1s
            receivers: [{name: r}]
            """, file: "am.yml")
        let tree = c.routeTree
        #expect(tree.options.groupByAll)
        #expect(tree.options.groupWait.milliseconds == 30_000)
        #expect(tree.options.groupInterval.milliseconds == 300_000)
        #expect(tree.options.repeatInterval.milliseconds == 4 * 3_600_000)
        #expect(!tree.routes[0].options.groupByAll && tree.routes[0].options.groupBy == ["x"])
        #expect(tree.routes[0].routes[0].options.groupBy == ["x"])
        #expect(tree.routes[1].options.groupByAll)
        #expect(tree.routes[1].options.groupWait.milliseconds == 1000)
    }

    @Test(arguments: [
        ("route: {receiver: x}\nreceivers: [{name: r}]", "undefined receiver \"x\" used in route", 1),
        ("route: {receiver: r, routes: [{receiver: y}]}\nreceivers: [{name: r}]", "undefined receiver \"y\" used in route", 1),
        ("route: {receiver: r, routes: [{mute_time_intervals: [t]}]}\nreceivers: [{name: r}]", "undefined time interval \"t\" used in route", 1),
        ("route: {receiver: r, continue: true}\nreceivers: [{name: r}]", "cannot have continue in root route", 1),
        ("route: {receiver: r, matchers: [a=b]}\nreceivers: [{name: r}]", "root route must not have any matchers", 1),
        ("route: {group_by: [a]}\nreceivers: [{name: r}]", "root route must specify a default receiver", 1),
        ("receivers: [{name: r}]", "no routes provided", 1),
        ("route: {receiver: r, group_by: [a, a]}\nreceivers: [{name: r}]", "duplicated label \"a\" in group_by", 1),
        ("route: {receiver: r, group_by: [a, '...']}\nreceivers: [{name: r}]", "cannot have wildcard group_by (`...`) and other labels at the same time", 1),
        ("route: {receiver: r}\nreceivers: [{name: r}, {name: r}]", "notification config name \"r\" is not unique", 2),
        ("route: {receiver: r, routes: [{matchers: ['a=~(']}]}\nreceivers: [{name: r}]", "error parsing regexp: missing closing ): `^(?:()$`", 1),
        ("route: {receiver: r, repeat_interval: 0s}\nreceivers: [{name: r}]", "repeat_interval cannot be zero", 1),
        ("route: {receiver: r}\nreceivers: [{name: r, email_configs: [{to: a@b}]}]", "no global SMTP smarthost set", 2),
        ("route: {receiver: r}\nreceivers: [{name: r, webhook_configs: [{url: 'ftp://x'}]}]", "invalid URL: unsupported scheme \"ftp\" for URL", 2),
        ("route: {receiver: r}\nreceivers: [{name: r, webhook_configs: [{}]}]", "one of url or url_file must be configured", 2),
        ("route: {receiver: r}\nreceivers: [{name: r, bogus: 1}]", "field bogus not found in type config.plain", 2),
        ("", "no route provided in config", 0),
    ])
    func configErrors(_ text: String, _ message: String, _ line: Int) {
        do {
            _ = try AlertmanagerConfig.parse(text, file: "am.yml")
            Issue.record("should fail: \(message)")
        } catch {
            #expect(error.message == message)
            #expect(error.position?.line ?? 0 == line, "\(error)")
        }
    }
}
