import GoTemplate
import Notifiers
import Routing

/// The router's integrations of one receiver: each configured notifier wrapped for the pipeline.
enum ReceiverIntegrations {
    struct Built {
        var integrations: [Integration]
        /// Integration types of the receiver Vigil does not implement (logged; their notifications drop).
        var unsupported: [String]
    }

    static func build(_ receiver: ReceiverConfig, template: AlertmanagerTemplate, externalURL: String) throws -> Built {
        var integrations: [Integration] = []
        func add(_ notifier: any Notifiers.Notifier, index: Int) {
            integrations.append(Integration(name: notifier.integration, index: index, sendResolved: notifier.sendResolved,
                                            notifier: RoutedNotifier(notifier, externalURL: externalURL)))
        }
        for (i, c) in receiver.webhookConfigs.enumerated() { add(try WebhookNotifier(config: c, template: template), index: i) }
        for (i, c) in receiver.emailConfigs.enumerated() { add(try EmailNotifier(config: c, template: template), index: i) }
        var unsupported: [String] = []
        func note(_ name: String, _ count: Int) { if count > 0 { unsupported.append(name) } }
        note("discord", receiver.discordConfigs.count)
        note("slack", receiver.slackConfigs.count)
        note("pagerduty", receiver.pagerdutyConfigs.count)
        note("telegram", receiver.telegramConfigs.count)
        note("pushover", receiver.pushoverConfigs.count)
        note("msteams", receiver.msTeamsConfigs.count)
        note("msteamsv2", receiver.msTeamsV2Configs.count)
        note("opsgenie", receiver.opsGenieConfigs.count)
        note("wechat", receiver.wechatConfigs.count)
        note("victorops", receiver.victorOpsConfigs.count)
        note("sns", receiver.snsConfigs.count)
        note("webex", receiver.webexConfigs.count)
        note("jira", receiver.jiraConfigs.count)
        note("rocketchat", receiver.rocketchatConfigs.count)
        note("mattermost", receiver.mattermostConfigs.count)
        note("incidentio", receiver.incidentioConfigs.count)
        return Built(integrations: integrations, unsupported: unsupported)
    }
}
