import Rules
import TimeSeries

/// What `GET /api/v1/rules` and `GET /api/v1/alerts` answer for a set of snapshots: Prometheus 3.14's
/// selection (`rule_group[]`, `file[]`, `match[]`, `rule_name[]`, `type`), its `exclude_alerts`, and its
/// pagination by `group_limit` and `group_next_token`.
enum RulesListing {
    /// Groups in Prometheus's order: by file, then name, comparing bytes.
    static func sorted(_ groups: [RuleGroupSnapshot]) -> [RuleGroupSnapshot] {
        groups.sorted { a, b in
            let (fa, fb) = (Array(a.key.file.utf8), Array(b.key.file.utf8))
            if fa != fb { return fa.lexicographicallyPrecedes(fb) }
            return Array(a.key.name.utf8).lexicographicallyPrecedes(Array(b.key.name.utf8))
        }
    }

    /// Upstream's `getRuleGroupNextToken`: the hex SHA-256 of `file;name`.
    static func nextToken(_ key: RuleGroupKey) -> String { SHA256.hexDigest(key.file + ";" + key.name) }

    /// The `data` of the rules API. A group none of whose rules are selected is left out (so is a group
    /// without rules). With pagination, the page starts at the group whose token was given and ends
    /// before the first group past `group_limit`, whose token is returned as `groupNextToken`.
    static func rules(_ snapshots: [RuleGroupSnapshot], request: RulesRequest,
                      query: (RuleGroupSnapshot, RuleGroupSnapshot.RuleSnapshot) -> String) -> Result<JSONValue, APIError> {
        let limit = request.groupLimit ?? 0
        let token = request.groupNextToken
        var page: [JSONValue] = []
        var nextToken: String?
        var foundToken = false

        for group in sorted(snapshots) {
            if limit > 0 && !token.isEmpty && !foundToken {
                if token != self.nextToken(group.key) { continue }
                foundToken = true
            }
            if !request.groupNames.isEmpty && !request.groupNames.contains(group.key.name) { continue }
            if !request.files.isEmpty && !request.files.contains(group.key.file) { continue }

            var rules: [JSONValue] = []
            for rule in group.rules where request.matches(ruleLabels: rule.labels) {
                if !request.ruleNames.isEmpty && !request.ruleNames.contains(rule.name) { continue }
                switch rule.kind {
                case .alerting where request.includeAlerting:
                    let alerts = request.excludeAlerts ? nil : rule.alerts.filter(\.isActive)
                    rules.append(PrometheusRulesJSON.alertingRule(rule, query: query(group, rule), alerts: alerts))
                case .recording where request.includeRecording:
                    rules.append(PrometheusRulesJSON.recordingRule(rule, query: query(group, rule)))
                default:
                    break
                }
            }
            guard !rules.isEmpty else { continue }
            if limit > 0 && page.count == limit {
                // One group more than the page holds: there is a next page, starting here.
                nextToken = self.nextToken(group.key)
                break
            }
            page.append(PrometheusRulesJSON.group(group, rules: rules))
        }

        if limit > 0 && !token.isEmpty && !foundToken {
            return .failure(.invalidParameter("group_next_token", "invalid group_next_token '\(token)'. were rule groups changed?"))
        }
        var data: [(String, JSONValue)] = [("groups", .array(page))]
        if let nextToken { data.append(("groupNextToken", .string(nextToken))) }
        return .success(.object(data))
    }

    /// The `data` of the alerts API: the pending and firing alerts of every alerting rule, by group and
    /// rule order.
    static func alerts(_ snapshots: [RuleGroupSnapshot]) -> JSONValue {
        let alerts = sorted(snapshots).flatMap { group in
            group.rules.filter { $0.kind == .alerting }.flatMap { $0.alerts.filter(\.isActive) }
        }
        return .object([("alerts", .array(alerts.map(PrometheusRulesJSON.alert)))])
    }
}
