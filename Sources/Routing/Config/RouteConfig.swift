import ConfigYAML
import TimeSeries

/// One node of `route:` as written: what it sets itself. `Route` (in RouteTree/) is the resolved tree
/// the engine uses, with inherited options.
public struct RouteConfig: Sendable, Hashable, Decodable {
    /// nil when the node inherits its parent's receiver.
    public var receiver: String?
    /// nil: inherited. `["..."]` sets `groupByAll`; `[]` groups everything into one group.
    public var groupBy: [String]?
    public var groupByAll = false
    public var match = LegacyMatch()
    /// The `matchers:` entries, parsed and sorted.
    public var matchers: [AlertMatcher] = []
    public var muteTimeIntervals: [String] = []
    public var activeTimeIntervals: [String] = []
    public var `continue` = false
    public var routes: [RouteConfig] = []
    public var groupWait: PromDuration?
    public var groupInterval: PromDuration?
    public var repeatInterval: PromDuration?
    /// Labels attached to the route and inherited by its children; values may be templates.
    public var labels: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case receiver, groupBy = "group_by", match, matchRE = "match_re", matchers
        case muteTimeIntervals = "mute_time_intervals", activeTimeIntervals = "active_time_intervals"
        case `continue`, routes, groupWait = "group_wait", groupInterval = "group_interval"
        case repeatInterval = "repeat_interval", labels
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let r = try c.decodeIfPresent(String.self, forKey: .receiver) ?? ""
        receiver = r.isEmpty ? nil : r
        let groupByText = try c.decodeIfPresent([String].self, forKey: .groupBy)
        match = try LegacyMatch.decode(c, equal: .match, regex: .matchRE)
        matchers = try c.decodeIfPresent(MatcherLines.self, forKey: .matchers)?.matchers ?? []
        muteTimeIntervals = try c.decodeIfPresent([String].self, forKey: .muteTimeIntervals) ?? []
        activeTimeIntervals = try c.decodeIfPresent([String].self, forKey: .activeTimeIntervals) ?? []
        `continue` = try c.decodeIfPresent(Bool.self, forKey: .continue) ?? false
        routes = try c.decodeIfPresent([RouteConfig].self, forKey: .routes) ?? []
        groupWait = try c.decodeIfPresent(PromDuration.self, forKey: .groupWait)
        groupInterval = try c.decodeIfPresent(PromDuration.self, forKey: .groupInterval)
        repeatInterval = try c.decodeIfPresent(PromDuration.self, forKey: .repeatInterval)
        labels = try c.decodeStringMap(forKey: .labels) ?? [:]
        for name in labels.keys.sorted() where !Self.isValidLabelName(name) {
            throw ConfigValueError("invalid label name \"\(name)\" in route labels")
        }
        if let groupByText {
            var names: [String] = []
            for l in groupByText {
                if l == "..." { groupByAll = true; continue }
                if !Self.isValidLabelName(l) { throw ConfigValueError("invalid label name \"\(l)\" in group_by list") }
                names.append(l)
            }
            if !names.isEmpty && groupByAll {
                throw ConfigValueError("cannot have wildcard group_by (`...`) and other labels at the same time")
            }
            var seen: Set<String> = []
            for n in names where !seen.insert(n).inserted { throw ConfigValueError("duplicated label \"\(n)\" in group_by") }
            // `[...]` alone leaves group_by unset (inherited options apart from groupByAll), as upstream.
            groupBy = groupByAll ? nil : names
        }
        if groupInterval?.milliseconds == 0 { throw ConfigValueError("group_interval cannot be zero") }
        if repeatInterval?.milliseconds == 0 { throw ConfigValueError("repeat_interval cannot be zero") }
    }

    /// Alertmanager's default (fallback) mode accepts any non-empty UTF-8 label name.
    static func isValidLabelName(_ s: String) -> Bool { !s.isEmpty }
}

/// One entry of `inhibit_rules:`: while an alert matching the source matchers fires, alerts matching
/// the target matchers with equal values for the `equal` labels are muted.
public struct InhibitRuleConfig: Sendable, Hashable, Decodable {
    public var name = ""
    public var sourceMatch = LegacyMatch()
    public var sourceMatchers: [AlertMatcher] = []
    public var targetMatch = LegacyMatch()
    public var targetMatchers: [AlertMatcher] = []
    public var equal: [String] = []

    enum CodingKeys: String, CodingKey {
        case name, sourceMatch = "source_match", sourceMatchRE = "source_match_re", sourceMatchers = "source_matchers"
        case targetMatch = "target_match", targetMatchRE = "target_match_re", targetMatchers = "target_matchers", equal
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        sourceMatch = try LegacyMatch.decode(c, equal: .sourceMatch, regex: .sourceMatchRE)
        sourceMatchers = try c.decodeIfPresent(MatcherLines.self, forKey: .sourceMatchers)?.matchers ?? []
        targetMatch = try LegacyMatch.decode(c, equal: .targetMatch, regex: .targetMatchRE)
        targetMatchers = try c.decodeIfPresent(MatcherLines.self, forKey: .targetMatchers)?.matchers ?? []
        equal = try c.decodeIfPresent([String].self, forKey: .equal) ?? []
        for l in equal where !RouteConfig.isValidLabelName(l) { throw ConfigValueError("invalid label name \"\(l)\" in equal list") }
    }

    /// Everything a source alert must match: the legacy maps' matchers, then `source_matchers`.
    public var allSourceMatchers: AlertMatchers { AlertMatchers(sourceMatch.matchers() + sourceMatchers) }
    /// Everything a target alert must match.
    public var allTargetMatchers: AlertMatchers { AlertMatchers(targetMatch.matchers() + targetMatchers) }
}
