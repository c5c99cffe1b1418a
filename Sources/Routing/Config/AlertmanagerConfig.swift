import ConfigYAML
import Foundation
import TimeSeries

/// An Alertmanager configuration file (`alertmanager.yml`, the format of Alertmanager 0.34), loaded with
/// Alertmanager's validation and messages; every error carries the file, line and column.
///
/// After loading, the global defaults have been copied into the receivers as Alertmanager copies them
/// (SMTP settings into email configs, API URLs and keys into Slack, OpsGenie, VictorOps, WeChat,
/// Telegram, Rocket.Chat, Mattermost, Webex, Jira and PagerDuty configs, `http_config` into every HTTP
/// integration that has none), so an engine reads a receiver's settings from the receiver alone.
public struct AlertmanagerConfig: Sendable, Hashable, Decodable {
    public var global = GlobalConfig()
    public var route: RouteConfig
    public var inhibitRules: [InhibitRuleConfig] = []
    public var receivers: [ReceiverConfig] = []
    /// Template globs as written; `templatePaths` resolves them against the file's folder.
    public var templates: [String] = []
    /// The deprecated top-level `mute_time_intervals`.
    public var muteTimeIntervals: [NamedTimeInterval] = []
    public var timeIntervals: [NamedTimeInterval] = []
    public var tracing: TracingConfig?
    /// The folder of the configuration file ("." when parsed from text without one).
    public var directory = "."

    enum CodingKeys: String, CodingKey {
        case global, route, inhibitRules = "inhibit_rules", receivers, templates
        case muteTimeIntervals = "mute_time_intervals", timeIntervals = "time_intervals", tracing
    }

    /// Reads and checks a configuration file (the only I/O here, with `SecretReader`).
    public static func load(path: String) throws(ConfigFileError) -> AlertmanagerConfig {
        let text: String
        do {
            text = try SourceFile.read(path)
        } catch {
            throw ConfigFileError(file: path, position: nil, message: error.reason)
        }
        return try parse(text, file: path)
    }

    /// Parses configuration text; `file` names it in errors and its folder anchors relative paths.
    public static func parse(_ text: String, file: String) throws(ConfigFileError) -> AlertmanagerConfig {
        if text.allSatisfy({ $0.isWhitespace }) {
            // Alertmanager's own check for a file without content: its Config decoding never ran.
            throw ConfigFileError(file: file, position: nil, message: "no route provided in config")
        }
        var decoder = StrictYAMLDecoder()
        decoder.unknownFieldMessage = { key, typeName, _ in
            "field \(key) not found in type \(goTypeNames[typeName] ?? "config.plain")"
        }
        var config = try decoder.decode(AlertmanagerConfig.self, from: text, file: file)
        let folder = PathName.directory(of: file)
        config.directory = folder.isEmpty ? "." : folder
        config.resolveHTTPPaths()
        return config
    }

    /// How Go's yaml.v2 names the types in "field X not found in type T" (Alertmanager decodes most of
    /// them through a local `plain` type).
    static let goTypeNames: [String: String] = [
        "InhibitRuleConfig": "common.plain", "DiscordConfig": "discord.plain", "IncidentioConfig": "incidentio.plain",
        "JiraConfig": "jira.plain", "MattermostConfig": "mattermost.plain", "MSTeamsConfig": "msteams.plain",
        "MSTeamsV2Config": "msteamsv2.plain", "OpsGenieConfig": "opsgenie.plain", "PagerdutyConfig": "pagerduty.plain",
        "PushoverConfig": "pushover.plain", "RocketchatConfig": "rocketchat.plain", "SNSConfig": "sns.plain",
        "TelegramConfig": "telegram.plain", "WebhookConfig": "webhook.plain", "TimePeriod": "timeinterval.TimePeriod",
        "TimeRange": "timeinterval.yamlTimeRange", "Responder": "opsgenie.OpsGenieConfigResponder",
        "Link": "pagerduty.PagerdutyLink", "Image": "pagerduty.PagerdutyImage", "SigV4": "sigv4.SigV4Config",
        "TracingConfig": "tracing.TracingConfig",
    ]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        global = try c.decodeIfPresent(GlobalConfig.self, forKey: .global) ?? GlobalConfig()
        let route = try c.decodeIfPresent(RouteConfig.self, forKey: .route)
        inhibitRules = try c.decodeIfPresent([InhibitRuleConfig].self, forKey: .inhibitRules) ?? []
        receivers = try c.decodeIfPresent([ReceiverConfig].self, forKey: .receivers) ?? []
        templates = try c.decodeIfPresent([String].self, forKey: .templates) ?? []
        muteTimeIntervals = try c.decodeIfPresent([NamedTimeInterval].self, forKey: .muteTimeIntervals) ?? []
        timeIntervals = try c.decodeIfPresent([NamedTimeInterval].self, forKey: .timeIntervals) ?? []
        tracing = try c.decodeIfPresent(TracingConfig.self, forKey: .tracing)
        // What follows is Alertmanager's Config.UnmarshalYAML, in its order: an error names the node
        // it is about (the global block, the receiver's integration, the route).
        func fail(_ path: [any CodingKey], _ message: String) -> DecodingError {
            DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + path, debugDescription: message))
        }
        if let problem = global.conflict() { throw fail([CodingKeys.global], problem) }
        var names: Set<String> = []
        for i in receivers.indices {
            let at: [any CodingKey] = [CodingKeys.receivers, ConfigKey(i)]
            if names.contains(receivers[i].name) {
                throw fail(at, "notification config name \"\(receivers[i].name)\" is not unique")
            }
            var receiver = receivers[i]
            if let p = ReceiverDefaults(global: global).applying(to: &receiver) {
                throw fail(at + [ConfigKey(p.field), ConfigKey(p.index)], p.message)
            }
            receivers[i] = receiver
            names.insert(receivers[i].name)
        }
        guard let route else { throw fail([], "no routes provided") }
        let routeAt: [any CodingKey] = [CodingKeys.route]
        if route.receiver == nil { throw fail(routeAt, "root route must specify a default receiver") }
        if !route.match.isEmpty || !route.matchers.isEmpty { throw fail(routeAt, "root route must not have any matchers") }
        if !route.muteTimeIntervals.isEmpty { throw fail(routeAt, "root route must not have any mute time intervals") }
        if !route.activeTimeIntervals.isEmpty { throw fail(routeAt, "root route must not have any active time intervals") }
        if let (path, name) = Self.undefinedReceiver(route, names, path: routeAt) {
            throw fail(path, "undefined receiver \"\(name)\" used in route")
        }
        var intervalNames: Set<String> = []
        for (i, t) in muteTimeIntervals.enumerated() where !intervalNames.insert(t.name).inserted {
            throw fail([CodingKeys.muteTimeIntervals, ConfigKey(i)], "mute time interval \"\(t.name)\" is not unique")
        }
        for (i, t) in timeIntervals.enumerated() where !intervalNames.insert(t.name).inserted {
            throw fail([CodingKeys.timeIntervals, ConfigKey(i)], "time interval \"\(t.name)\" is not unique")
        }
        if let (path, name) = Self.undefinedTimeInterval(route, intervalNames, path: routeAt) {
            throw fail(path, "undefined time interval \"\(name)\" used in route")
        }
        // Checked by Alertmanager's Load after decoding.
        if route.continue { throw fail(routeAt, "cannot have continue in root route") }
        self.route = route
    }

    /// Children first, as upstream's `checkReceiver` recurses before looking at the node.
    static func undefinedReceiver(_ r: RouteConfig, _ names: Set<String>, path: [any CodingKey]) -> ([any CodingKey], String)? {
        for (i, child) in r.routes.enumerated() {
            if let found = undefinedReceiver(child, names, path: path + [ConfigKey("routes"), ConfigKey(i)]) { return found }
        }
        if let name = r.receiver, !names.contains(name) { return (path + [ConfigKey("receiver")], name) }
        return nil
    }

    static func undefinedTimeInterval(_ r: RouteConfig, _ names: Set<String>, path: [any CodingKey]) -> ([any CodingKey], String)? {
        for (i, child) in r.routes.enumerated() {
            if let found = undefinedTimeInterval(child, names, path: path + [ConfigKey("routes"), ConfigKey(i)]) { return found }
        }
        if let name = r.activeTimeIntervals.first(where: { !names.contains($0) }) {
            return (path + [ConfigKey("active_time_intervals")], name)
        }
        if let name = r.muteTimeIntervals.first(where: { !names.contains($0) }) {
            return (path + [ConfigKey("mute_time_intervals")], name)
        }
        return nil
    }

    /// The receiver with this name.
    public func receiver(named name: String) -> ReceiverConfig? { receivers.first { $0.name == name } }

    /// Every named time interval, the deprecated list first.
    public var allTimeIntervals: [String: NamedTimeInterval] {
        var out: [String: NamedTimeInterval] = [:]
        for t in muteTimeIntervals + timeIntervals { out[t.name] = t }
        return out
    }

    /// The template globs made absolute against the configuration file's folder, as Alertmanager does.
    public var templatePaths: [String] { templates.map { Self.join(directory, $0) } }

    /// The resolved route tree.
    public var routeTree: Route { Route.tree(from: route) }

    static func join(_ dir: String, _ path: String) -> String {
        if path.isEmpty || path.hasPrefix("/") || dir == "." { return path }
        return (dir as NSString).appendingPathComponent(path)
    }

    /// `http_config` file paths relative to the configuration file's folder (upstream's `SetDirectory`).
    private mutating func resolveHTTPPaths() {
        let dir = directory
        global.httpConfig = global.httpConfig.resolvingPaths(relativeTo: dir)
        func fix(_ h: inout HTTPConfig?) { h = h?.resolvingPaths(relativeTo: dir) }
        for i in receivers.indices {
            for j in receivers[i].discordConfigs.indices { fix(&receivers[i].discordConfigs[j].httpConfig) }
            for j in receivers[i].incidentioConfigs.indices { fix(&receivers[i].incidentioConfigs[j].httpConfig) }
            for j in receivers[i].pagerdutyConfigs.indices { fix(&receivers[i].pagerdutyConfigs[j].httpConfig) }
            for j in receivers[i].slackConfigs.indices { fix(&receivers[i].slackConfigs[j].httpConfig) }
            for j in receivers[i].webhookConfigs.indices { fix(&receivers[i].webhookConfigs[j].httpConfig) }
            for j in receivers[i].opsGenieConfigs.indices { fix(&receivers[i].opsGenieConfigs[j].httpConfig) }
            for j in receivers[i].wechatConfigs.indices { fix(&receivers[i].wechatConfigs[j].httpConfig) }
            for j in receivers[i].pushoverConfigs.indices { fix(&receivers[i].pushoverConfigs[j].httpConfig) }
            for j in receivers[i].victorOpsConfigs.indices { fix(&receivers[i].victorOpsConfigs[j].httpConfig) }
            for j in receivers[i].snsConfigs.indices { fix(&receivers[i].snsConfigs[j].httpConfig) }
            for j in receivers[i].telegramConfigs.indices { fix(&receivers[i].telegramConfigs[j].httpConfig) }
            for j in receivers[i].webexConfigs.indices { fix(&receivers[i].webexConfigs[j].httpConfig) }
            for j in receivers[i].msTeamsConfigs.indices { fix(&receivers[i].msTeamsConfigs[j].httpConfig) }
            for j in receivers[i].msTeamsV2Configs.indices { fix(&receivers[i].msTeamsV2Configs[j].httpConfig) }
            for j in receivers[i].jiraConfigs.indices { fix(&receivers[i].jiraConfigs[j].httpConfig) }
            for j in receivers[i].rocketchatConfigs.indices { fix(&receivers[i].rocketchatConfigs[j].httpConfig) }
            for j in receivers[i].mattermostConfigs.indices { fix(&receivers[i].mattermostConfigs[j].httpConfig) }
            for j in receivers[i].ntfyConfigs.indices { fix(&receivers[i].ntfyConfigs[j].httpConfig) }
        }
    }
}
