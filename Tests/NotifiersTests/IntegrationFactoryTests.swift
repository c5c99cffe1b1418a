import Foundation
import Testing
@testable import Notifiers

@Suite struct IntegrationFactoryTests {
    @Test func buildsEveryImplementedIntegrationAndNamesTheRest() throws {
        let receiver = try Fixtures.receiver("""
            route: {receiver: r}
            receivers:
              - name: r
                slack_configs: [{api_url: 'http://127.0.0.1:1/a'}, {api_url: 'http://127.0.0.1:1/b'}]
                webhook_configs: [{url: 'http://127.0.0.1:1/w'}]
                email_configs: [{to: a@example.com, from: b@example.com, smarthost: 'localhost:25'}]
                pagerduty_configs: [{routing_key: k}]
                pushover_configs: [{user_key: u, token: t}]
                telegram_configs: [{bot_token: t, chat_id: 1}]
                discord_configs: [{webhook_url: 'http://127.0.0.1:1/d'}]
                msteams_configs: [{webhook_url: 'http://127.0.0.1:1/t'}]
                msteamsv2_configs: [{webhook_url: 'http://127.0.0.1:1/t2', http_config: {oauth2: {client_id: c, client_secret: s, token_url: 'http://127.0.0.1:1/token'}}}]
                opsgenie_configs: [{api_key: k}, {api_key: k2}]
                mattermost_configs: [{webhook_url: 'http://127.0.0.1:1/m'}]
                webex_configs: [{room_id: r, http_config: {authorization: {credentials: c}}}]
                ntfy_configs: [{topic: t}]
            """)
        let result = IntegrationFactory.notifiers(for: receiver, template: try Fixtures.template())
        #expect(result.notifiers.map { "\($0.name)[\($0.index)]" } == [
            "webhook[0]", "email[0]", "pagerduty[0]", "slack[0]", "slack[1]", "pushover[0]", "telegram[0]", "discord[0]", "msteams[0]", "ntfy[0]",
        ])
        #expect(result.notifiers.allSatisfy { $0.name == $0.notifier.integration })
        #expect(result.unsupported == ["opsgenie", "webex", "mattermost"])
        #expect(result.failed.count == 1)
        #expect(result.failed.first?.name == "msteamsv2")
        #expect(result.failed.first?.error.message.contains("oauth2") == true)
    }
}
