import Foundation
import Routing
import TimeSeries

/// What to look up in the history. Every filter is optional:
///
/// - `alertname`: alert changes of that alert; notifications that carried it.
/// - `matcherSets`: Alertmanager matcher lists (`{severity=~"crit.*",team="db"}`); a record is kept when
///   every matcher of at least one list matches (an alert's labels; for a notification, any one of its
///   alerts' labels), as Prometheus's `match[]` selects series.
/// - `receiver`: notifications to that receiver. Alert changes belong to no receiver and are not
///   narrowed by it.
/// - `start`, `end`: the time range, both ends included (when received; when the attempt started).
/// - `limit`: at most this many alert changes and at most this many notifications, the newest.
public struct HistoryQuery: Sendable {
    public static let defaultLimit = 100
    public static let maximumLimit = 10_000

    public var alertname: String?
    public var matcherSets: [[AlertMatcher]]
    public var receiver: String?
    public var start: Date?
    public var end: Date?
    public var limit: Int

    public init(alertname: String? = nil, matcherSets: [[AlertMatcher]] = [], receiver: String? = nil,
                start: Date? = nil, end: Date? = nil, limit: Int = HistoryQuery.defaultLimit) {
        self.alertname = alertname
        self.matcherSets = matcherSets
        self.receiver = receiver
        self.start = start
        self.end = end
        self.limit = limit
    }

    /// Whether a label set passes the `alertname` and `match[]` filters.
    func accepts(_ labels: [String: String]) -> Bool {
        if let alertname, labels["alertname"] != alertname { return false }
        if matcherSets.isEmpty { return true }
        return matcherSets.contains { set in set.allSatisfy { $0.matches(labels[$0.name] ?? "") } }
    }

    /// Reads the query from named parameters, as `GET /api/v1/history` and `vigil history` take them:
    /// `alertname`, `match[]` (repeatable), `receiver`, `start`, `end` (RFC 3339 or Unix seconds, as
    /// Prometheus's API), `limit`. `values` returns every value given for a name. Empty values count as
    /// absent.
    public static func parse(_ values: (String) -> [String]) throws(HistoryQueryError) -> HistoryQuery {
        var q = HistoryQuery()
        q.alertname = values("alertname").first { !$0.isEmpty }
        q.receiver = values("receiver").first { !$0.isEmpty }
        for text in values("match[]") where !text.isEmpty {
            do {
                q.matcherSets.append(try MatcherParser.matchers(text))
            } catch {
                throw HistoryQueryError(parameter: "match[]", reason: "\(quoteGo(text)): \(error.message)")
            }
        }
        q.start = try time(values("start").first { !$0.isEmpty }, parameter: "start")
        q.end = try time(values("end").first { !$0.isEmpty }, parameter: "end")
        if let start = q.start, let end = q.end, end < start {
            throw HistoryQueryError(parameter: "end", reason: "end timestamp must not be before start time")
        }
        if let text = values("limit").first(where: { !$0.isEmpty }) {
            guard let n = Int(text), n > 0, n <= maximumLimit else {
                throw HistoryQueryError(parameter: "limit",
                                        reason: "\(quoteGo(text)) is not a whole number from 1 to \(maximumLimit)")
            }
            q.limit = n
        }
        return q
    }

    static func time(_ text: String?, parameter: String) throws(HistoryQueryError) -> Date? {
        guard let text else { return nil }
        do {
            return Date(timeIntervalSince1970: Double(try APITimeParameters.timestamp(text)) / 1000)
        } catch {
            throw HistoryQueryError(parameter: parameter, reason: error.message)
        }
    }
}

/// A history query parameter that could not be read: which one, and why.
public struct HistoryQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var parameter: String
    public var reason: String

    public init(parameter: String, reason: String) {
        self.parameter = parameter
        self.reason = reason
    }

    /// `invalid parameter "start": cannot parse "x" to a valid timestamp`, as Prometheus's API words it.
    public var description: String { "invalid parameter \(quoteGo(parameter)): \(reason)" }
}
