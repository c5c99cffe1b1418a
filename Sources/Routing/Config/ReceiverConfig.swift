import ConfigYAML

/// One entry of `receivers:`: a name and the integrations it notifies.
public struct ReceiverConfig: Sendable, Hashable, Decodable {
    public var name: String
    /// Always holds `name` (Alertmanager adds it).
    public var labels: [String: String] = [:]
    public var discordConfigs: [DiscordConfig] = []
    public var emailConfigs: [EmailConfig] = []
    public var incidentioConfigs: [IncidentioConfig] = []
    public var pagerdutyConfigs: [PagerdutyConfig] = []
    public var slackConfigs: [SlackConfig] = []
    public var webhookConfigs: [WebhookConfig] = []
    public var opsGenieConfigs: [OpsGenieConfig] = []
    public var wechatConfigs: [WechatConfig] = []
    public var pushoverConfigs: [PushoverConfig] = []
    public var victorOpsConfigs: [VictorOpsConfig] = []
    public var snsConfigs: [SNSConfig] = []
    public var telegramConfigs: [TelegramConfig] = []
    public var webexConfigs: [WebexConfig] = []
    public var msTeamsConfigs: [MSTeamsConfig] = []
    public var msTeamsV2Configs: [MSTeamsV2Config] = []
    public var jiraConfigs: [JiraConfig] = []
    public var rocketchatConfigs: [RocketchatConfig] = []
    public var mattermostConfigs: [MattermostConfig] = []
    /// A Vigil extension: Alertmanager has no ntfy integration.
    public var ntfyConfigs: [NtfyConfig] = []

    enum CodingKeys: String, CodingKey {
        case name, labels, discordConfigs = "discord_configs", emailConfigs = "email_configs"
        case incidentioConfigs = "incidentio_configs", pagerdutyConfigs = "pagerduty_configs", slackConfigs = "slack_configs"
        case webhookConfigs = "webhook_configs", opsGenieConfigs = "opsgenie_configs", wechatConfigs = "wechat_configs"
        case pushoverConfigs = "pushover_configs", victorOpsConfigs = "victorops_configs", snsConfigs = "sns_configs"
        case telegramConfigs = "telegram_configs", webexConfigs = "webex_configs", msTeamsConfigs = "msteams_configs"
        case msTeamsV2Configs = "msteamsv2_configs", jiraConfigs = "jira_configs", rocketchatConfigs = "rocketchat_configs"
        case mattermostConfigs = "mattermost_configs", ntfyConfigs = "ntfy_configs"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func list<T: Decodable>(_ k: CodingKeys) throws -> [T] { try c.decodeIfPresent([T].self, forKey: k) ?? [] }
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        labels = try c.decodeStringMap(forKey: .labels) ?? [:]
        discordConfigs = try list(.discordConfigs)
        emailConfigs = try list(.emailConfigs)
        incidentioConfigs = try list(.incidentioConfigs)
        pagerdutyConfigs = try list(.pagerdutyConfigs)
        slackConfigs = try list(.slackConfigs)
        webhookConfigs = try list(.webhookConfigs)
        opsGenieConfigs = try list(.opsGenieConfigs)
        wechatConfigs = try list(.wechatConfigs)
        pushoverConfigs = try list(.pushoverConfigs)
        victorOpsConfigs = try list(.victorOpsConfigs)
        snsConfigs = try list(.snsConfigs)
        telegramConfigs = try list(.telegramConfigs)
        webexConfigs = try list(.webexConfigs)
        msTeamsConfigs = try list(.msTeamsConfigs)
        msTeamsV2Configs = try list(.msTeamsV2Configs)
        jiraConfigs = try list(.jiraConfigs)
        rocketchatConfigs = try list(.rocketchatConfigs)
        mattermostConfigs = try list(.mattermostConfigs)
        ntfyConfigs = try list(.ntfyConfigs)
        if name.isEmpty { throw ConfigValueError("missing name in receiver") }
        if let v = labels["name"], v != name {
            throw ConfigValueError("receiver label \"name\" must match receiver name \"\(name)\", got \"\(v)\"")
        }
        labels["name"] = name
    }

    /// How many integrations the receiver notifies (0 for a "null" receiver that drops alerts).
    public var integrationCount: Int {
        discordConfigs.count + emailConfigs.count + incidentioConfigs.count + pagerdutyConfigs.count + slackConfigs.count
            + webhookConfigs.count + opsGenieConfigs.count + wechatConfigs.count + pushoverConfigs.count
            + victorOpsConfigs.count + snsConfigs.count + telegramConfigs.count + webexConfigs.count + msTeamsConfigs.count
            + msTeamsV2Configs.count + jiraConfigs.count + rocketchatConfigs.count + mattermostConfigs.count + ntfyConfigs.count
    }
}
