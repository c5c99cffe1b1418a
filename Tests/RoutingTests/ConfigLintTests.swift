import Foundation
import Testing
import TimeSeries
@testable import Routing

/// `vigil check config`'s lint: routes no alert reaches and inhibit rules that can never apply, claimed
/// only when certain, placed at file:line:col.
@Suite struct ConfigLintTests {
    static func lint(_ yaml: String) throws -> [String] {
        let config = try AlertmanagerConfig.parse(yaml, file: "am.yml")
        return AlertmanagerConfigLint.check(config, text: yaml).map { $0.description(file: "am.yml") }
    }

    /// A configuration whose root has the given child routes (YAML list items at two-space indent).
    static func routes(_ items: String) -> String {
        "route:\n  receiver: r\n  routes:\n" + items + "receivers:\n  - name: r\n"
    }

    @Test func catchAllMakesLaterSiblingsUnreachable() throws {
        let findings = try Self.lint(Self.routes("""
              - receiver: r
              - receiver: r
                matchers: ['team="db"']
              - receiver: r
                matchers: ['team="web"']

            """))
        #expect(findings == [
            "am.yml:5:5: warning: route is unreachable: the earlier sibling route at line 4 has no matchers and no `continue: true`, so it takes every alert",
            "am.yml:7:5: warning: route is unreachable: the earlier sibling route at line 4 has no matchers and no `continue: true`, so it takes every alert",
        ])
    }

    @Test func continueKeepsLaterSiblingsReachable() throws {
        #expect(try Self.lint(Self.routes("""
              - receiver: r
                continue: true
              - receiver: r
                matchers: ['team="db"']

            """)).isEmpty)
    }

    @Test func narrowerRouteAfterBroaderIsShadowed() throws {
        let findings = try Self.lint(Self.routes("""
              - receiver: r
                matchers: ['severity="critical"']
              - receiver: r
                matchers: ['severity="critical"', 'team="db"']

            """))
        #expect(findings == [
            #"am.yml:6:5: warning: route is shadowed: every alert it matches also matches the earlier sibling route at line 4 {severity="critical"}, which has no `continue: true`"#,
        ])
    }

    @Test func broaderRouteAfterNarrowerIsFine() throws {
        #expect(try Self.lint(Self.routes("""
              - receiver: r
                matchers: ['severity="critical"', 'team="db"']
              - receiver: r
                matchers: ['severity="critical"']

            """)).isEmpty)
    }

    /// (earlier route's matchers, later route's matchers, shadowed?)
    @Test(arguments: [
        (#"severity=~"critical|warning""#, #"severity="critical""#, true),
        (#"severity=~"crit.*""#, #"severity="critical""#, true),
        (#"severity=~"crit.*""#, #"severity=~"critical""#, true),
        (#"severity=~"crit.*""#, #"severity=~"crit.+""#, false),
        (#"severity=~"crit.*""#, #"severity="warning""#, false),
        (#"team!="db""#, #"team="web""#, true),
        (#"team!="db""#, #"team="db""#, false),
        (#"team!="db""#, #"team!="db""#, true),
        (#"team!="db""#, #"team!~"db|web""#, false),
        (#"team=~".*""#, #"x="y""#, true),
        (#"team="""#, #"x="y""#, false),
        (#"team="""#, #"team="""#, true),
    ])
    func regexAndNegativeMatchers(_ earlier: String, _ later: String, _ shadowed: Bool) throws {
        let findings = try Self.lint(Self.routes("""
              - receiver: r
                matchers: ['\(earlier)']
              - receiver: r
                matchers: ['\(later)']

            """))
        #expect(findings.count == (shadowed ? 1 : 0), "\(findings)")
    }

    @Test func legacyMatchAndNestedRoutes() throws {
        let findings = try Self.lint("""
            route:
              receiver: r
              routes:
                - receiver: r
                  match: {team: db}
                  routes:
                    - receiver: r
                      match_re: {severity: 'critical|warning'}
                    - receiver: r
                      matchers: ['severity="warning"', 'service="pg"']
                - receiver: r
                  matchers: ['team="db"', 'severity="info"']
            receivers:
              - name: r
            """)
        #expect(findings.count == 2)
        #expect(findings[0].hasPrefix("am.yml:9:11: warning: route is shadowed: every alert it matches also matches the earlier sibling route at line 7"))
        #expect(findings[1] == #"am.yml:11:7: warning: route is shadowed: every alert it matches also matches the earlier sibling route at line 4 {team="db"}, which has no `continue: true`"#)
    }

    static func inhibit(_ rule: String) -> String {
        "route:\n  receiver: r\nreceivers:\n  - name: r\ninhibit_rules:\n" + rule
    }

    /// (source matchers, target matchers, equal, message or nil)
    @Test(arguments: [
        (#"'a="x"', 'a="y"'"#, #"'b="1"'"#, "[]",
         #"am.yml:6:23: warning: inhibit rule can never apply: no alert matches all its source matchers (a="x", a="y" cannot all hold)"#),
        (#"'b="1"'"#, #"'a="x"', 'a!="x"'"#, "[]",
         #"am.yml:6:51: warning: inhibit rule can never apply: no alert matches all its target matchers (a="x", a!="x" cannot all hold)"#),
        (#"'a="x"', 'a=~"y|z"'"#, #"'b="1"'"#, "[]",
         #"am.yml:6:23: warning: inhibit rule can never apply: no alert matches all its source matchers (a="x", a=~"y|z" cannot all hold)"#),
        (#"'a="x"', 'a=~"[yz]+"'"#, #"'b="1"'"#, "[]",
         #"am.yml:6:23: warning: inhibit rule can never apply: no alert matches all its source matchers (a=~"[yz]+", a="x" cannot all hold)"#),
        (#"'a=~"x.+"', 'a!~"x.+"'"#, #"'b="1"'"#, "[]",
         #"am.yml:6:23: warning: inhibit rule can never apply: no alert matches all its source matchers (a=~"x.+", a!~"x.+" cannot all hold)"#),
        (#"'a="x"', 'a=~"x.*"'"#, #"'b="1"'"#, "[]", nil),
        (#"'a!="x"', 'a!="y"'"#, #"'b="1"'"#, "[]", nil),
        (#"'instance="a"'"#, #"'instance="b"'"#, "[instance]",
         #"am.yml:6:84: warning: inhibit rule can never apply: equal label "instance" cannot have the same value on a source alert (instance="a") and a target alert (instance="b")"#),
        (#"'instance!=""'"#, #"'instance=""'"#, "[instance]",
         #"am.yml:6:83: warning: inhibit rule can never apply: equal label "instance" cannot have the same value on a source alert (instance!="") and a target alert (instance="")"#),
        (#"'instance="a"'"#, #"'instance="b"'"#, "[job]", nil),
        (#"'instance=~"a.*"'"#, #"'instance=~"b.*"'"#, "[instance]", nil),
    ] as [(String, String, String, String?)])
    func deadInhibitRules(_ source: String, _ target: String, _ equal: String, _ message: String?) throws {
        let findings = try Self.lint(Self.inhibit("  - {source_matchers: [\(source)], target_matchers: [\(target)], equal: \(equal)}\n"))
        #expect(findings == (message.map { [$0] } ?? []))
    }

    @Test func legacyInhibitMatchersAreLocated() throws {
        let findings = try Self.lint(Self.inhibit("  - source_match: {a: x}\n    source_matchers: ['a=\"y\"']\n    target_match: {b: '1'}\n"))
        #expect(findings == [#"am.yml:7:22: warning: inhibit rule can never apply: no alert matches all its source matchers (a="x", a="y" cannot all hold)"#])
        let legacyOnly = try Self.lint(Self.inhibit("  - target_match: {a: x}\n    target_match_re: {a: 'y'}\n"))
        // match_re is anchored as Alertmanager anchors it; the finding sits at the first legacy map.
        #expect(legacyOnly == [#"am.yml:6:19: warning: inhibit rule can never apply: no alert matches all its target matchers (a="x", a=~"^(?:y)$" cannot all hold)"#])
    }

    /// The homelab's configuration (the shared corpus) loads with no findings: its routes are ordered
    /// narrow to broad and its inhibit rules can all apply.
    @Test func homelabConfigHasNoFindings() throws {
        guard let corpus = ProcessInfo.processInfo.environment["VIGIL_CORPUS_DIR"], !corpus.isEmpty else {
            print("SKIPPED homelabConfigHasNoFindings: VIGIL_CORPUS_DIR is not set")
            return
        }
        let path = corpus + "/homelab/alertmanager.yml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let config = try AlertmanagerConfig.parse(text, file: path)
        #expect(config.route.routes.count == 6)
        #expect(AlertmanagerConfigLint.check(config, text: text) == [])
    }
}
