import ConfigYAML
import Foundation
import Testing
import TimeSeries
@testable import Routing

/// Every Alertmanager loader fixture loads or fails as upstream's `config_test.go` expects, with the
/// same message (table in `conformance/alertmanager/README.md`).
@Suite struct ConformanceTests {
    static let dir = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"].map { $0 + "/alertmanager/testdata" }
    static let corpus = ProcessInfo.processInfo.environment["VIGIL_CORPUS_DIR"]

    enum Expectation: Sendable {
        case loads
        case fails(String)
        /// The message only has to mention this text.
        case failsMentioning(String)
    }

    static let table: [String: Expectation] = [
        "conf.empty-fields.yml": .loads,
        "conf.good.yml": .loads,
        "conf.group-by-all.yml": .loads,
        "conf.http-config.good.yml": .loads,
        "conf.mattermost-both-webhook-url-and-file.yml": .fails("at most one of mattermost_webhook_url & mattermost_webhook_url_file must be configured"),
        "conf.mattermost-default-webhook-url-file.yml": .loads,
        "conf.mattermost-default-webhook-url.yml": .loads,
        "conf.mattermost-no-webhook-url.yml": .fails("missing webhook_url or webhook_url_file on mattermost_config"),
        "conf.mattermost-valid-receiver-both-webhook-url-and-file.yml": .fails("at most one of mattermost_webhook_url & mattermost_webhook_url_file must be configured"),
        "conf.nil-match_re-route.yml": .failsMentioning("invalid_label"),
        "conf.nil-source_match_re-inhibition.yml": .failsMentioning("invalid_source_label"),
        "conf.nil-target_match_re-inhibition.yml": .failsMentioning("invalid_target_label"),
        "conf.opsgenie-both-file-and-apikey.yml": .fails("at most one of opsgenie_api_key & opsgenie_api_key_file must be configured"),
        "conf.opsgenie-default-apikey-file.yml": .loads,
        "conf.opsgenie-default-apikey-old-team.yml": .fails("yaml: unmarshal errors:\n  line 16: field teams not found in type opsgenie.plain"),
        "conf.opsgenie-default-apikey.yml": .loads,
        "conf.opsgenie-no-apikey.yml": .fails("no global OpsGenie API Key set either inline or in a file"),
        "conf.rocketchat-both-token-and-tokenfile.yml": .fails("at most one of rocketchat_token & rocketchat_token_file must be configured"),
        "conf.rocketchat-both-tokenid-and-tokenidfile.yml": .fails("at most one of rocketchat_token_id & rocketchat_token_id_file must be configured"),
        "conf.rocketchat-default-token-file.yml": .loads,
        "conf.rocketchat-default-token.yml": .loads,
        "conf.rocketchat-no-token.yml": .fails("no global Rocketchat Token set either inline or in a file"),
        "conf.slack-both-file-and-token.yml": .fails("at most one of slack_app_token & slack_app_token_file must be configured"),
        "conf.slack-both-file-and-url.yml": .fails("at most one of slack_api_url & slack_api_url_file must be configured"),
        "conf.slack-both-url-and-token.yml": .fails("at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured"),
        "conf.slack-default-api-url-file.yml": .loads,
        "conf.slack-default-app-token.yml": .loads,
        "conf.slack-no-api-url-or-token.yml": .fails("no Slack API URL nor App token set either inline or in a file"),
        "conf.slack-update-message-and-webhook.yml": .fails("update_message can only be used with bot tokens. api_url must be set to https://slack.com/api/chat.postMessage"),
        "conf.smtp-both-password-and-file.yml": .fails("at most one of smtp_auth_password & smtp_auth_password_file must be configured"),
        "conf.smtp-no-username-or-password.yml": .loads,
        "conf.smtp-password-global-and-local.yml": .loads,
        "conf.sns-invalid.yml": .fails("must provide either a Target ARN, Topic ARN, or Phone Number for SNS config"),
        "conf.sns-topic-arn.yml": .loads,
        "conf.telegram-both-bot-token-and-file.yml": .fails("at most one of telegram_bot_token & telegram_bot_token_file must be configured"),
        "conf.telegram-default-bot-token-file.yml": .loads,
        "conf.telegram-default-bot-token.yml": .loads,
        "conf.telegram-no-bot-token.yml": .fails("missing bot_token or bot_token_file on telegram_config"),
        "conf.telegram-valid-receiver-both-bot-token-and-file.yml": .fails("at most one of telegram_bot_token & telegram_bot_token_file must be configured"),
        "conf.victorops-both-file-and-apikey.yml": .fails("at most one of victorops_api_key & victorops_api_key_file must be configured"),
        "conf.victorops-default-apikey-file.yml": .loads,
        "conf.victorops-default-apikey.yml": .loads,
        "conf.victorops-no-apikey.yml": .fails("no global VictorOps API Key set"),
        "conf.wechat-both-file-and-secret.yml": .fails("at most one of wechat_api_secret & wechat_api_secret_file must be configured"),
        "conf.wechat-default-api-secret-file.yml": .loads,
        "conf.wechat-no-api-secret.yml": .fails("no global Wechat Api Secret set either inline or in a file"),
        "cli.conf.good.yml": .loads,
        "cli.conf.bad.yml": .failsMentioning("BAD"),
        "cli.conf.routing.yml": .loads,
        "cli.conf.routing-reverted.yml": .loads,
    ]

    /// The message as Alertmanager prints it: an unknown field is one of yaml.v2's "unmarshal errors",
    /// which carry their line in the text; Vigil keeps the line in the position instead.
    static func upstreamText(_ e: ConfigFileError) -> String {
        if e.message.hasPrefix("field "), e.message.contains(" not found in type "), let p = e.position {
            return "yaml: unmarshal errors:\n  line \(p.line): \(e.message)"
        }
        return e.message
    }

    @Test(.enabled(if: dir != nil, "VIGIL_CONFORMANCE_DIR is not set"))
    func everyFixtureIsInTheTable() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.dir!).filter { $0.hasSuffix(".yml") }.sorted()
        #expect(files.count == 50)
        #expect(Set(files) == Set(Self.table.keys))
    }

    @Test(.enabled(if: dir != nil, "VIGIL_CONFORMANCE_DIR is not set"), arguments: table.keys.sorted())
    func fixture(_ name: String) throws {
        let path = Self.dir! + "/" + name
        let expectation = try #require(Self.table[name])
        let result = Result { () throws(ConfigFileError) in try AlertmanagerConfig.load(path: path) }
        switch (expectation, result) {
        case (.loads, .success): break
        case (.loads, .failure(let e)): Issue.record("\(name) should load: \(e)")
        case (.fails, .success), (.failsMentioning, .success): Issue.record("\(name) should fail")
        case (.fails(let text), .failure(let e)):
            #expect(Self.upstreamText(e) == text)
            #expect(e.position != nil, "\(e) has no position")
        case (.failsMentioning(let text), .failure(let e)):
            #expect(e.message.contains(text), "\(e)")
        }
    }

    /// What `conf.empty-fields.yml` is compared against upstream: explicit empty strings replace the
    /// defaults, the email receiver inherits smarthost and from, and `match_re` keeps its text.
    @Test(.enabled(if: dir != nil, "VIGIL_CONFORMANCE_DIR is not set"))
    func emptyFields() throws {
        _ = try AlertmanagerConfig.load(path: Self.dir! + "/conf.good.yml")
        let c = try AlertmanagerConfig.load(path: Self.dir! + "/conf.empty-fields.yml")
        #expect(c.global.smtpHello == "")
        #expect(c.global.smtpAuthUsername == "")
        #expect(c.global.resolveTimeout.milliseconds == 300_000)
        let email = try #require(c.receivers.first?.emailConfigs.first)
        #expect(email.smarthost.description == "localhost:25")
        #expect(email.from == "alertmanager@example.org")
        #expect(email.hello == "")
        #expect(email.requireTLS == true)
        #expect(email.sendResolved == false)
        let legacy = try #require(c.route.routes.first?.match.regex.first)
        #expect(legacy.original == "^(foo1|foo2|baz)$")
        let tree = c.routeTree
        #expect(tree.routes[0].matchingRoutes(for: Labels(["service": "foo1"])).count == 1)
        #expect(tree.routes[0].matchingRoutes(for: Labels(["service": "xfoo1"])).isEmpty)
        #expect(c.templatePaths == ["/etc/alertmanager/template/*.tmpl"])
    }

    @Test(.enabled(if: dir != nil, "VIGIL_CONFORMANCE_DIR is not set"))
    func goodFileDefaults() throws {
        let c = try AlertmanagerConfig.load(path: Self.dir! + "/conf.good.yml")
        #expect(c.receivers.count == 9)
        #expect(c.inhibitRules.count == 1)
        let pager = try #require(c.receiver(named: "team-X-pager"))
        #expect(pager.pagerdutyConfigs[0].url?.text == "https://events.pagerduty.com/v2/enqueue")
        #expect(pager.pagerdutyConfigs[0].sendResolved)
        #expect(pager.pagerdutyConfigs[0].httpConfig?.proxy.proxyURL == "http://127.0.0.1:1025")
        let ops = try #require(c.receiver(named: "opsGenie-receiver")?.opsGenieConfigs.first)
        #expect(ops.apiURL?.text == "https://api.opsgenie.com/")
        let slack = try #require(c.receiver(named: "slack-receiver")?.slackConfigs.first)
        #expect(slack.apiURL.inline?.revealed == "http://mysecret.example.com/")
        #expect("\(slack.apiURL)" == "<secret>")
        let victor = try #require(c.receiver(named: "victorOps-receiver")?.victorOpsConfigs.first)
        #expect(victor.apiURL?.text == "https://alert.victorops.com/integrations/generic/20131114/alert/")
        #expect(c.global.smtpAuthPassword.inline?.revealed == "multiline\nmysecret")
        #expect(!"\(c)".contains("mysecret"))
        #expect(!String(reflecting: c).contains("mysecret"))
        var dumped = ""
        dump(c, to: &dumped)
        #expect(!dumped.contains("mysecret"))
    }

    /// The corpus's Alertmanager configurations load (files with a top-level `route:`).
    @Test(.enabled(if: corpus != nil, "VIGIL_CORPUS_DIR is not set"))
    func corpusConfigsLoad() throws {
        let root = Self.corpus!
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { ($0 as NSString).lastPathComponent.lowercased().hasPrefix("alertmanager") && ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) }
        var loaded = 0
        for f in files.sorted() {
            let text = try String(contentsOfFile: root + "/" + f, encoding: .utf8)
            // alertmanager-prometheusRule.yaml and the like are rule files about Alertmanager, not its config.
            guard text.contains("\nroute:") || text.hasPrefix("route:") else { continue }
            do {
                _ = try AlertmanagerConfig.load(path: root + "/" + f)
                loaded += 1
            } catch {
                Issue.record("\(error)")
            }
        }
        #expect(loaded >= 1)
    }

    @Test(.enabled(if: corpus != nil, "VIGIL_CORPUS_DIR is not set"))
    func homelab() throws {
        let c = try AlertmanagerConfig.load(path: Self.corpus! + "/homelab/alertmanager.yml")
        #expect(c.inhibitRules.count == 4)
        let deadman = try #require(c.receiver(named: "deadman")?.webhookConfigs.first)
        #expect(deadman.url.file == "/etc/alertmanager/secrets/alertmanager-deadman/ping-url")
        #expect(deadman.sendResolved == false)
        let critical = try #require(c.receiver(named: "email-critical")?.emailConfigs.first)
        #expect(critical.smarthost == HostPort(host: "smtp.gmail.com", port: "587"))
        #expect(critical.authPassword.file == "/etc/alertmanager/secrets/alertmanager-smtp/password")
        #expect(critical.authUsername == "gjcourt@gmail.com")
        #expect(critical.from == "gjcourt@gmail.com")
        #expect(critical.hello == "localhost")
        let tree = c.routeTree
        #expect(tree.matchingRoutes(for: Labels(["alertname": "IngestionWatchdog"])).map(\.options.receiver) == ["deadman"])
        #expect(tree.matchingRoutes(for: Labels(["alertname": "IngestionWatchdog"])).first?.options.repeatInterval.milliseconds == 60_000)
        #expect(tree.matchingRoutes(for: Labels(["severity": "warning", "namespace": "a-stage"])).map(\.options.receiver) == ["null"])
        #expect(tree.matchingRoutes(for: Labels(["severity": "warning", "namespace": "prod"])).map(\.options.receiver) == ["email-warning"])
        #expect(tree.matchingRoutes(for: Labels(["severity": "warning"])).first?.options.groupBy == ["namespace"])
        let ir = c.inhibitRules[0]
        #expect(ir.allTargetMatchers.description == #"{severity=~"warning|info"}"#)
        #expect(ir.allTargetMatchers.matches(Labels(["severity": "info"])))
        #expect(!ir.allTargetMatchers.matches(Labels(["severity": "critical"])))
    }
}
