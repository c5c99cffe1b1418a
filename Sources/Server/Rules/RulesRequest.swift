import PromQL
import TimeSeries

/// The query parameters of `GET /api/v1/rules`, read and checked in the order Prometheus 3.14 checks them
/// (web/api/v1/api.go `rules`), so a request with several problems gets the same error:
/// form syntax, `match[]`, `type`, `exclude_alerts`, then `group_limit` and `group_next_token`.
struct RulesRequest: Equatable {
    /// Empty sets select everything.
    var ruleNames: Set<String> = []
    var groupNames: Set<String> = []
    var files: Set<String> = []
    /// `match[]`: a rule is kept when its labels match every matcher of at least one set.
    var matcherSets: [[LabelMatcher]] = []
    var includeAlerting = true
    var includeRecording = true
    var excludeAlerts = false
    /// `group_limit`; nil without pagination.
    var groupLimit: Int?
    var groupNextToken = ""

    static func parse(_ form: FormValues) -> Result<RulesRequest, APIError> {
        if let error = form.error {
            return .failure(APIError(.badData, "error parsing form values: \(error)"))
        }
        var request = RulesRequest()
        request.ruleNames = Set(form.values("rule_name[]"))
        request.groupNames = Set(form.values("rule_group[]"))
        request.files = Set(form.values("file[]"))

        switch parseMatcherSets(form.values("match[]")) {
        case .success(let sets): request.matcherSets = sets
        case .failure(let error): return .failure(error)
        }

        let type = form.first("type").lowercased()
        guard type == "" || type == "alert" || type == "record" else {
            return .failure(.invalidParameter("type", "not supported value \(GoQuote.quote(type))"))
        }
        request.includeAlerting = type == "" || type == "alert"
        request.includeRecording = type == "" || type == "record"

        let exclude = form.first("exclude_alerts").lowercased()
        if !exclude.isEmpty {
            switch GoStrconv.parseBool(exclude) {
            case .success(let b): request.excludeAlerts = b
            case .failure(let error):
                return .failure(.invalidParameter("exclude_alerts", "error converting exclude_alerts: \(error)"))
            }
        }

        let limit = form.first("group_limit")
        let token = form.first("group_next_token")
        if !token.isEmpty && limit.isEmpty {
            return .failure(.invalidParameter("group_next_token",
                                              "group_limit needs to be present in order to paginate over the groups"))
        }
        if !limit.isEmpty {
            switch GoStrconv.parseInt32(limit) {
            case .failure(let error):
                return .failure(.invalidParameter("group_limit", "group_limit needs to be a valid number: \(error)"))
            case .success(let n) where n <= 0:
                return .failure(.invalidParameter("group_limit", "group_limit needs to be greater than 0"))
            case .success(let n):
                request.groupLimit = Int(n)
                request.groupNextToken = token
            }
        }
        return .success(request)
    }

    /// Upstream's `parseMatchersParam`: each `match[]` a series selector; a set whose every matcher
    /// matches the empty string would select everything and is refused.
    static func parseMatcherSets(_ selectors: [String]) -> Result<[[LabelMatcher]], APIError> {
        var sets: [[LabelMatcher]] = []
        for selector in selectors {
            do {
                sets.append(try PromQLParser.parseMetricSelector(selector))
            } catch {
                // Vigil's selector parser also runs the type checker, which refuses a selector of only
                // empty-matching matchers; upstream's `ParseMetricSelector` accepts it, and the API refuses
                // the set below, after parsing the others. Keep an empty set in its place to get there.
                if error.message == "vector selector must contain at least one non-empty matcher" {
                    sets.append([])
                    continue
                }
                return .failure(APIError(.badData, error.description))
            }
        }
        for set in sets where set.allSatisfy(\.matchesEmpty) { return .failure(emptyMatcherSet) }
        return .success(sets)
    }

    static let emptyMatcherSet = APIError(.badData, "match[] must contain at least one non-empty matcher")

    /// Whether a rule with these labels passes `match[]`.
    func matches(ruleLabels: [Label]) -> Bool {
        guard !matcherSets.isEmpty else { return true }
        return matcherSets.contains { set in
            set.allSatisfy { m in m.matches(ruleLabels.first { $0.name == m.name }?.value ?? "") }
        }
    }
}
