import ConfigYAML
import TimeSeries

/// `global:`: defaults for every receiver (SMTP, Slack, OpsGenie, ...) and `resolve_timeout`. An
/// explicitly empty string (`smtp_hello: ''`) replaces a default, as in Alertmanager.
public struct GlobalConfig: Sendable, Hashable, Decodable {
    /// How long an alert without `endsAt` stays firing after its last update.
    public var resolveTimeout = PromDuration(seconds: 300)
    public var httpConfig = HTTPConfig()

    public var smtpFrom = ""
    public var smtpHello = "localhost"
    public var smtpSmarthost = HostPort()
    public var smtpAuthUsername = ""
    public var smtpAuthPassword = SecretSource()
    public var smtpAuthSecret = SecretSource()
    public var smtpAuthIdentity = ""
    public var smtpRequireTLS = true
    public var smtpTLSConfig = TLSConfig()
    public var smtpForceImplicitTLS: Bool?

    /// nil when not set (an empty value is "set", as Go's pointer is).
    public var slackAPIURL: Secret?
    public var slackAPIURLFile = ""
    public var slackAppToken: Secret?
    public var slackAppTokenFile = ""
    public var slackAppURL: ConfigURL? = ConfigURL(unchecked: SlackConfig.postMessageURL)

    public var pagerdutyURL: ConfigURL? = ConfigURL(unchecked: "https://events.pagerduty.com/v2/enqueue")
    public var opsGenieAPIURL: ConfigURL? = ConfigURL(unchecked: "https://api.opsgenie.com/")
    public var opsGenieAPIKey: Secret?
    public var opsGenieAPIKeyFile = ""
    public var wechatAPIURL: ConfigURL? = ConfigURL(unchecked: "https://qyapi.weixin.qq.com/cgi-bin/")
    public var wechatAPISecret: Secret?
    public var wechatAPISecretFile = ""
    public var wechatAPICorpID = ""
    public var victorOpsAPIURL: ConfigURL? = ConfigURL(unchecked: "https://alert.victorops.com/integrations/generic/20131114/alert/")
    public var victorOpsAPIKey: Secret?
    public var victorOpsAPIKeyFile = ""
    public var telegramAPIURL: ConfigURL? = ConfigURL(unchecked: "https://api.telegram.org")
    public var telegramBotToken: Secret?
    public var telegramBotTokenFile = ""
    public var webexAPIURL: ConfigURL? = ConfigURL(unchecked: "https://webexapis.com/v1/messages")
    public var rocketchatAPIURL: ConfigURL? = ConfigURL(unchecked: "https://open.rocket.chat/")
    public var rocketchatToken: Secret?
    public var rocketchatTokenFile = ""
    public var rocketchatTokenID: Secret?
    public var rocketchatTokenIDFile = ""
    public var mattermostWebhookURL: Secret?
    public var mattermostWebhookURLFile = ""
    public var jiraAPIURL: ConfigURL?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case resolveTimeout = "resolve_timeout", httpConfig = "http_config", jiraAPIURL = "jira_api_url"
        case smtpFrom = "smtp_from", smtpHello = "smtp_hello", smtpSmarthost = "smtp_smarthost"
        case smtpAuthUsername = "smtp_auth_username", smtpAuthPassword = "smtp_auth_password"
        case smtpAuthPasswordFile = "smtp_auth_password_file", smtpAuthSecret = "smtp_auth_secret"
        case smtpAuthSecretFile = "smtp_auth_secret_file", smtpAuthIdentity = "smtp_auth_identity"
        case smtpRequireTLS = "smtp_require_tls", smtpTLSConfig = "smtp_tls_config", smtpForceImplicitTLS = "smtp_force_implicit_tls"
        case slackAPIURL = "slack_api_url", slackAPIURLFile = "slack_api_url_file", slackAppToken = "slack_app_token"
        case slackAppTokenFile = "slack_app_token_file", slackAppURL = "slack_app_url", pagerdutyURL = "pagerduty_url"
        case opsGenieAPIURL = "opsgenie_api_url", opsGenieAPIKey = "opsgenie_api_key", opsGenieAPIKeyFile = "opsgenie_api_key_file"
        case wechatAPIURL = "wechat_api_url", wechatAPISecret = "wechat_api_secret", wechatAPISecretFile = "wechat_api_secret_file"
        case wechatAPICorpID = "wechat_api_corp_id", victorOpsAPIURL = "victorops_api_url", victorOpsAPIKey = "victorops_api_key"
        case victorOpsAPIKeyFile = "victorops_api_key_file", telegramAPIURL = "telegram_api_url"
        case telegramBotToken = "telegram_bot_token", telegramBotTokenFile = "telegram_bot_token_file"
        case webexAPIURL = "webex_api_url", rocketchatAPIURL = "rocketchat_api_url", rocketchatToken = "rocketchat_token"
        case rocketchatTokenFile = "rocketchat_token_file", rocketchatTokenID = "rocketchat_token_id"
        case rocketchatTokenIDFile = "rocketchat_token_id_file", mattermostWebhookURL = "mattermost_webhook_url"
        case mattermostWebhookURLFile = "mattermost_webhook_url_file"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func string(_ k: CodingKeys, _ d: String) throws -> String { try c.decodeIfPresent(String.self, forKey: k) ?? d }
        func url(_ k: CodingKeys, _ d: ConfigURL?) throws -> ConfigURL? { try c.decodeIfPresent(ConfigURL.self, forKey: k) ?? d }
        func secretURL(_ k: CodingKeys) throws -> Secret? { try c.decodeIfPresent(SecretURL.self, forKey: k)?.secret }
        resolveTimeout = try c.decodeIfPresent(PromDuration.self, forKey: .resolveTimeout) ?? resolveTimeout
        httpConfig = try c.decodeIfPresent(HTTPConfig.self, forKey: .httpConfig) ?? httpConfig
        jiraAPIURL = try url(.jiraAPIURL, nil)
        smtpFrom = try string(.smtpFrom, smtpFrom)
        smtpHello = try string(.smtpHello, smtpHello)
        smtpSmarthost = try c.decodeIfPresent(HostPort.self, forKey: .smtpSmarthost) ?? smtpSmarthost
        smtpAuthUsername = try string(.smtpAuthUsername, smtpAuthUsername)
        smtpAuthPassword = try c.decodeSecret(.smtpAuthPassword, file: .smtpAuthPasswordFile)
        smtpAuthSecret = try c.decodeSecret(.smtpAuthSecret, file: .smtpAuthSecretFile)
        smtpAuthIdentity = try string(.smtpAuthIdentity, smtpAuthIdentity)
        smtpRequireTLS = try c.decodeIfPresent(Bool.self, forKey: .smtpRequireTLS) ?? true
        smtpTLSConfig = try c.decodeIfPresent(TLSConfig.self, forKey: .smtpTLSConfig) ?? smtpTLSConfig
        smtpForceImplicitTLS = try c.decodeIfPresent(Bool.self, forKey: .smtpForceImplicitTLS)
        slackAPIURL = try secretURL(.slackAPIURL)
        slackAPIURLFile = try string(.slackAPIURLFile, "")
        slackAppToken = try c.decodeIfPresent(Secret.self, forKey: .slackAppToken)
        slackAppTokenFile = try string(.slackAppTokenFile, "")
        slackAppURL = try url(.slackAppURL, slackAppURL)
        pagerdutyURL = try url(.pagerdutyURL, pagerdutyURL)
        opsGenieAPIURL = try url(.opsGenieAPIURL, opsGenieAPIURL)
        opsGenieAPIKey = try c.decodeIfPresent(Secret.self, forKey: .opsGenieAPIKey)
        opsGenieAPIKeyFile = try string(.opsGenieAPIKeyFile, "")
        wechatAPIURL = try url(.wechatAPIURL, wechatAPIURL)
        wechatAPISecret = try c.decodeIfPresent(Secret.self, forKey: .wechatAPISecret)
        wechatAPISecretFile = try string(.wechatAPISecretFile, "")
        wechatAPICorpID = try string(.wechatAPICorpID, "")
        victorOpsAPIURL = try url(.victorOpsAPIURL, victorOpsAPIURL)
        victorOpsAPIKey = try c.decodeIfPresent(Secret.self, forKey: .victorOpsAPIKey)
        victorOpsAPIKeyFile = try string(.victorOpsAPIKeyFile, "")
        telegramAPIURL = try url(.telegramAPIURL, telegramAPIURL)
        telegramBotToken = try c.decodeIfPresent(Secret.self, forKey: .telegramBotToken)
        telegramBotTokenFile = try string(.telegramBotTokenFile, "")
        webexAPIURL = try url(.webexAPIURL, webexAPIURL)
        rocketchatAPIURL = try url(.rocketchatAPIURL, rocketchatAPIURL)
        rocketchatToken = try c.decodeIfPresent(Secret.self, forKey: .rocketchatToken)
        rocketchatTokenFile = try string(.rocketchatTokenFile, "")
        rocketchatTokenID = try c.decodeIfPresent(Secret.self, forKey: .rocketchatTokenID)
        rocketchatTokenIDFile = try string(.rocketchatTokenIDFile, "")
        mattermostWebhookURL = try secretURL(.mattermostWebhookURL)
        mattermostWebhookURLFile = try string(.mattermostWebhookURLFile, "")
    }

    /// The "at most one of X & X_file" checks Alertmanager makes on the global block, in its order.
    func conflict() -> String? {
        let set = { (s: Secret?) in !(s?.isEmpty ?? true) }
        if set(slackAppToken) && !slackAppTokenFile.isEmpty { return "at most one of slack_app_token & slack_app_token_file must be configured" }
        if slackAPIURL != nil && !slackAPIURLFile.isEmpty { return "at most one of slack_api_url & slack_api_url_file must be configured" }
        if (set(slackAppToken) || !slackAppTokenFile.isEmpty) && (slackAPIURL != nil || !slackAPIURLFile.isEmpty),
           slackAPIURL?.revealed != slackAppURL?.text {
            return "at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured"
        }
        if set(opsGenieAPIKey) && !opsGenieAPIKeyFile.isEmpty { return "at most one of opsgenie_api_key & opsgenie_api_key_file must be configured" }
        if set(victorOpsAPIKey) && !victorOpsAPIKeyFile.isEmpty { return "at most one of victorops_api_key & victorops_api_key_file must be configured" }
        if set(telegramBotToken) && !telegramBotTokenFile.isEmpty { return "at most one of telegram_bot_token & telegram_bot_token_file must be configured" }
        if !(smtpAuthPassword.inline?.isEmpty ?? true) && !(smtpAuthPassword.file ?? "").isEmpty {
            return "at most one of smtp_auth_password & smtp_auth_password_file must be configured"
        }
        if rocketchatToken != nil && !rocketchatTokenFile.isEmpty { return "at most one of rocketchat_token & rocketchat_token_file must be configured" }
        if rocketchatTokenID != nil && !rocketchatTokenIDFile.isEmpty {
            return "at most one of rocketchat_token_id & rocketchat_token_id_file must be configured"
        }
        if !(smtpAuthSecret.inline?.isEmpty ?? true) && !(smtpAuthSecret.file ?? "").isEmpty {
            return "at most one of smtp_auth_secret & smtp_auth_secret_file must be configured"
        }
        if set(wechatAPISecret) && !wechatAPISecretFile.isEmpty { return "at most one of wechat_api_secret & wechat_api_secret_file must be configured" }
        if mattermostWebhookURL != nil && !mattermostWebhookURLFile.isEmpty {
            return "at most one of mattermost_webhook_url & mattermost_webhook_url_file must be configured"
        }
        return nil
    }
}
