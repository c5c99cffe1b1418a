import GoTemplate
import Routing

/// Builds the notifiers of a receiver's integrations, in the order Alertmanager builds them
/// (webhook, email, pagerduty, ..., mattermost), each with its type name and its index among the
/// receiver's integrations of that type (`slack[1]`).
///
/// Integration types Vigil does not implement are listed in `unsupported` (once per type, in that
/// order) so the caller can warn; an integration whose settings Vigil cannot honour (an `http_config`
/// with `oauth2`, for example) is listed in `failed` with the reason rather than left out silently.
public enum IntegrationFactory {
    public struct Built: Sendable {
        public var name: String
        public var index: Int
        public var notifier: any Notifier
    }

    public struct Failed: Sendable {
        public var name: String
        public var index: Int
        public var error: NotifyError
    }

    public struct Result: Sendable {
        public var notifiers: [Built] = []
        /// Type names (`opsgenie`, `jira`) of configured integrations Vigil cannot send to.
        public var unsupported: [String] = []
        public var failed: [Failed] = []
    }

    /// `timeout` bounds one request of the integrations without a `timeout` setting of their own (and of
    /// Slack, PagerDuty and webhooks when theirs is 0); email conversations get `emailTimeout`.
    public static func notifiers(for receiver: ReceiverConfig, template: AlertmanagerTemplate,
                                 timeout: Duration = .seconds(30), emailTimeout: Duration = .seconds(60)) -> Result {
        var result = Result()
        func add<C>(_ name: String, _ configs: [C], _ make: (C) throws(NotifyError) -> any Notifier) {
            for (index, config) in configs.enumerated() {
                do {
                    result.notifiers.append(Built(name: name, index: index, notifier: try make(config)))
                } catch {
                    result.failed.append(Failed(name: name, index: index, error: error))
                }
            }
        }
        func unsupported(_ name: String, _ count: Int) {
            if count > 0 { result.unsupported.append(name) }
        }
        let r = receiver
        add("webhook", r.webhookConfigs) { c throws(NotifyError) in try WebhookNotifier(config: c, template: template, defaultTimeout: timeout) }
        add("email", r.emailConfigs) { c throws(NotifyError) in try EmailNotifier(config: c, template: template, timeout: emailTimeout) }
        add("pagerduty", r.pagerdutyConfigs) { c throws(NotifyError) in try PagerDutyNotifier(config: c, template: template, defaultTimeout: timeout) }
        unsupported("opsgenie", r.opsGenieConfigs.count)
        unsupported("wechat", r.wechatConfigs.count)
        add("slack", r.slackConfigs) { c throws(NotifyError) in try SlackNotifier(config: c, template: template, defaultTimeout: timeout) }
        unsupported("victorops", r.victorOpsConfigs.count)
        add("pushover", r.pushoverConfigs) { c throws(NotifyError) in try PushoverNotifier(config: c, template: template, timeout: timeout) }
        unsupported("sns", r.snsConfigs.count)
        add("telegram", r.telegramConfigs) { c throws(NotifyError) in try TelegramNotifier(config: c, template: template, timeout: timeout) }
        add("discord", r.discordConfigs) { c throws(NotifyError) in try DiscordNotifier(config: c, template: template, timeout: timeout) }
        unsupported("webex", r.webexConfigs.count)
        add("msteams", r.msTeamsConfigs) { c throws(NotifyError) in try MSTeamsNotifier(config: c, template: template, timeout: timeout) }
        add("msteamsv2", r.msTeamsV2Configs) { c throws(NotifyError) in try MSTeamsV2Notifier(config: c, template: template, timeout: timeout) }
        unsupported("jira", r.jiraConfigs.count)
        unsupported("incidentio", r.incidentioConfigs.count)
        unsupported("rocketchat", r.rocketchatConfigs.count)
        unsupported("mattermost", r.mattermostConfigs.count)
        // A Vigil extension, after the integrations Alertmanager knows.
        add("ntfy", r.ntfyConfigs) { c throws(NotifyError) in try NtfyNotifier(config: c, template: template, timeout: timeout) }
        return result
    }
}
