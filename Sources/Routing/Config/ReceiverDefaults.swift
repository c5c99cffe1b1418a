/// Copies the global settings into a receiver's integrations and checks that each integration ends up
/// with what it needs, with Alertmanager's messages ("no global SMTP smarthost set", ...).
struct ReceiverDefaults {
    let global: GlobalConfig

    /// Which integration (`email_configs` entry 0) a problem is about.
    struct Problem: Error {
        let field: String
        let index: Int
        let message: String
    }

    private func given(_ s: Secret?) -> Bool { !(s?.isEmpty ?? true) }
    private func given(_ s: String?) -> Bool { !(s?.isEmpty ?? true) }

    /// Fills in `r`; the first problem found, or nil.
    func applying(to r: inout ReceiverConfig) -> Problem? {
        do {
            try apply(to: &r)
            return nil
        } catch {
            return error
        }
    }

    private func apply(to r: inout ReceiverConfig) throws(Problem) {
        let http = global.httpConfig
        for i in r.webhookConfigs.indices { r.webhookConfigs[i].httpConfig = r.webhookConfigs[i].httpConfig ?? http }
        for i in r.emailConfigs.indices { try email(&r.emailConfigs[i], i) }
        for i in r.slackConfigs.indices { try slack(&r.slackConfigs[i], i) }
        for i in r.pushoverConfigs.indices { r.pushoverConfigs[i].httpConfig = r.pushoverConfigs[i].httpConfig ?? http }
        for i in r.pagerdutyConfigs.indices {
            r.pagerdutyConfigs[i].httpConfig = r.pagerdutyConfigs[i].httpConfig ?? http
            r.pagerdutyConfigs[i].url = r.pagerdutyConfigs[i].url ?? global.pagerdutyURL
            if r.pagerdutyConfigs[i].url == nil { throw Problem(field: "pagerduty_configs", index: i, message: "no global PagerDuty URL set") }
        }
        for i in r.incidentioConfigs.indices { r.incidentioConfigs[i].httpConfig = r.incidentioConfigs[i].httpConfig ?? http }
        for i in r.opsGenieConfigs.indices {
            var o = r.opsGenieConfigs[i]
            let fail = { (m: String) in Problem(field: "opsgenie_configs", index: i, message: m) }
            o.httpConfig = o.httpConfig ?? http
            guard let url = o.apiURL ?? global.opsGenieAPIURL else { throw fail("no global OpsGenie URL set") }
            o.apiURL = url.withTrailingSlashPath()
            if !given(o.apiKey.inline) { o.apiKey.inline = global.opsGenieAPIKey }
            if !given(o.apiKey.file) { o.apiKey.file = global.opsGenieAPIKeyFile }
            if !given(o.apiKey.inline) && !given(o.apiKey.file) { throw fail("no global OpsGenie API Key set either inline or in a file") }
            r.opsGenieConfigs[i] = o
        }
        for i in r.wechatConfigs.indices {
            var w = r.wechatConfigs[i]
            let fail = { (m: String) in Problem(field: "wechat_configs", index: i, message: m) }
            w.httpConfig = w.httpConfig ?? http
            guard let url = w.apiURL ?? global.wechatAPIURL else { throw fail("no global Wechat URL set") }
            if !given(w.apiSecret.inline) && !given(w.apiSecret.file) {
                if !given(global.wechatAPISecret) && global.wechatAPISecretFile.isEmpty {
                    throw fail("no global Wechat Api Secret set either inline or in a file")
                }
                w.apiSecret = SecretSource(inline: global.wechatAPISecret, file: global.wechatAPISecretFile)
            }
            if w.corpID.isEmpty { w.corpID = global.wechatAPICorpID }
            if w.corpID.isEmpty { throw fail("no global Wechat CorpID set") }
            w.apiURL = url.withTrailingSlashPath()
            r.wechatConfigs[i] = w
        }
        for i in r.victorOpsConfigs.indices {
            var v = r.victorOpsConfigs[i]
            let fail = { (m: String) in Problem(field: "victorops_configs", index: i, message: m) }
            v.httpConfig = v.httpConfig ?? http
            guard let url = v.apiURL ?? global.victorOpsAPIURL else { throw fail("no global VictorOps URL set") }
            v.apiURL = url.withTrailingSlashPath()
            if !given(v.apiKey.inline) { v.apiKey.inline = global.victorOpsAPIKey }
            if !given(v.apiKey.file) { v.apiKey.file = global.victorOpsAPIKeyFile }
            if !given(v.apiKey.inline) && !given(v.apiKey.file) { throw fail("no global VictorOps API Key set") }
            r.victorOpsConfigs[i] = v
        }
        for i in r.snsConfigs.indices { r.snsConfigs[i].httpConfig = r.snsConfigs[i].httpConfig ?? http }
        for i in r.telegramConfigs.indices {
            var t = r.telegramConfigs[i]
            t.httpConfig = t.httpConfig ?? http
            t.apiURL = t.apiURL ?? global.telegramAPIURL
            if !given(t.botToken.inline) && !given(t.botToken.file) {
                if !given(global.telegramBotToken) && global.telegramBotTokenFile.isEmpty {
                    throw Problem(field: "telegram_configs", index: i, message: "missing bot_token or bot_token_file on telegram_config")
                }
                t.botToken = SecretSource(inline: global.telegramBotToken, file: global.telegramBotTokenFile)
            }
            r.telegramConfigs[i] = t
        }
        for i in r.discordConfigs.indices { r.discordConfigs[i].httpConfig = r.discordConfigs[i].httpConfig ?? http }
        for i in r.webexConfigs.indices {
            r.webexConfigs[i].httpConfig = r.webexConfigs[i].httpConfig ?? http
            r.webexConfigs[i].apiURL = r.webexConfigs[i].apiURL ?? global.webexAPIURL
            if r.webexConfigs[i].apiURL == nil { throw Problem(field: "webex_configs", index: i, message: "no global Webex URL set") }
        }
        for i in r.msTeamsConfigs.indices { r.msTeamsConfigs[i].httpConfig = r.msTeamsConfigs[i].httpConfig ?? http }
        for i in r.msTeamsV2Configs.indices {
            if r.msTeamsV2Configs[i].httpConfig == nil {
                r.msTeamsV2Configs[i].httpConfig = http
            } else if r.msTeamsV2Configs[i].httpConfig?.proxy.proxyURL == nil {
                // A partial http_config still takes the global proxy URL (upstream does this for Teams v2 only).
                r.msTeamsV2Configs[i].httpConfig?.proxy.proxyURL = http.proxy.proxyURL
            }
        }
        for i in r.jiraConfigs.indices {
            r.jiraConfigs[i].httpConfig = r.jiraConfigs[i].httpConfig ?? http
            r.jiraConfigs[i].apiURL = r.jiraConfigs[i].apiURL ?? global.jiraAPIURL
            if r.jiraConfigs[i].apiURL == nil { throw Problem(field: "jira_configs", index: i, message: "no global Jira Cloud URL set") }
        }
        for i in r.rocketchatConfigs.indices {
            var c = r.rocketchatConfigs[i]
            let fail = { (m: String) in Problem(field: "rocketchat_configs", index: i, message: m) }
            c.httpConfig = c.httpConfig ?? http
            c.apiURL = c.apiURL ?? global.rocketchatAPIURL
            if c.tokenID.inline == nil { c.tokenID.inline = global.rocketchatTokenID }
            if !given(c.tokenID.file) { c.tokenID.file = global.rocketchatTokenIDFile }
            if c.tokenID.inline == nil && !given(c.tokenID.file) { throw fail("no global Rocketchat TokenID set either inline or in a file") }
            if c.token.inline == nil { c.token.inline = global.rocketchatToken }
            if !given(c.token.file) { c.token.file = global.rocketchatTokenFile }
            if c.token.inline == nil && !given(c.token.file) { throw fail("no global Rocketchat Token set either inline or in a file") }
            r.rocketchatConfigs[i] = c
        }
        for i in r.ntfyConfigs.indices { r.ntfyConfigs[i].httpConfig = r.ntfyConfigs[i].httpConfig ?? http }
        for i in r.mattermostConfigs.indices {
            var m = r.mattermostConfigs[i]
            m.httpConfig = m.httpConfig ?? http
            if m.webhookURL.inline == nil && !given(m.webhookURL.file) {
                if global.mattermostWebhookURL == nil && global.mattermostWebhookURLFile.isEmpty {
                    throw Problem(field: "mattermost_configs", index: i, message: "missing webhook_url or webhook_url_file on mattermost_config")
                }
                m.webhookURL = SecretSource(inline: global.mattermostWebhookURL, file: global.mattermostWebhookURLFile)
            }
            r.mattermostConfigs[i] = m
        }
    }

    private func email(_ e: inout EmailConfig, _ i: Int) throws(Problem) {
        let fail = { (m: String) in Problem(field: "email_configs", index: i, message: m) }
        e.tlsConfig = e.tlsConfig ?? global.smtpTLSConfig
        if e.smarthost.isEmpty { e.smarthost = global.smtpSmarthost }
        if e.smarthost.isEmpty { throw fail("no global SMTP smarthost set") }
        if e.from.isEmpty { e.from = global.smtpFrom }
        if e.from.isEmpty { throw fail("no global SMTP from set") }
        if e.hello.isEmpty { e.hello = global.smtpHello }
        if e.authUsername.isEmpty { e.authUsername = global.smtpAuthUsername }
        if !given(e.authPassword.inline) && !given(e.authPassword.file) { e.authPassword = global.smtpAuthPassword }
        if !given(e.authSecret.inline) && !given(e.authSecret.file) { e.authSecret = global.smtpAuthSecret }
        if e.authIdentity.isEmpty { e.authIdentity = global.smtpAuthIdentity }
        if e.requireTLS == nil { e.requireTLS = global.smtpRequireTLS }
        if e.forceImplicitTLS == nil { e.forceImplicitTLS = global.smtpForceImplicitTLS }
    }

    private func slack(_ s: inout SlackConfig, _ i: Int) throws(Problem) {
        let fail = { (m: String) in Problem(field: "slack_configs", index: i, message: m) }
        s.appURL = s.appURL ?? global.slackAppURL
        guard let appURL = s.appURL else { throw fail("no global Slack App URL set") }
        let hasLocalAuthorization = s.httpConfig?.authorization != nil
        // The global app token only when the receiver has no authorization and no webhook URL of its own.
        if !given(s.appToken.inline) && !given(s.appToken.file) && !hasLocalAuthorization && s.apiURL.inline == nil {
            s.appToken = SecretSource(inline: global.slackAppToken, file: global.slackAppTokenFile)
        }
        if s.apiURL.inline == nil && !given(s.apiURL.file) {
            s.apiURL = SecretSource(inline: global.slackAPIURL, file: global.slackAPIURLFile)
        }
        let hasToken = given(s.appToken.inline) || given(s.appToken.file)
        if s.apiURL.inline == nil && !given(s.apiURL.file) && !hasToken {
            throw fail("no Slack API URL nor App token set either inline or in a file")
        }
        var http = s.httpConfig ?? global.httpConfig
        if hasToken {
            if http.authorization != nil { throw fail("http authorization can't be set when using Slack App tokens") }
            http.authorization = HTTPConfig.Authorization(type: "Bearer", credentials: s.appToken)
            s.apiURL = SecretSource(inline: Secret(appURL.text), file: nil)
        }
        s.httpConfig = http
    }
}
