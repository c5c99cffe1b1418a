import Foundation
import Routing
import TimeSeries

/// The query parameters of `GET /api/v2/alerts` and `GET /api/v2/alerts/groups`, read as Alertmanager
/// reads them:
/// - `active`, `silenced`, `inhibited`, `unprocessed`, `muted`: booleans defaulting to true; go-openapi's
///   `ConvertBool` takes `true`, `1`, `yes`, `ok`, `y`, `on`, `selected`, `checked`, `t`, `enabled` (any
///   case) as true and anything else as false, never as an error; an empty value is the default.
///   `unprocessed` is read but, as upstream, filters nothing.
/// - `filter`: repeated matchers (`alertname="A"`), each parsed as amtool's single matcher; the first that
///   does not parse answers 400 with the parser's message.
/// - `receiver`: a regex over receiver names, anchored; a bad one answers 400
///   `failed to parse receiver param: <regex error>`.
/// - `receiver_matchers`: repeated matchers over the receivers' labels (0.34); an alert or group is kept
///   when one of its receivers has labels that satisfy all of them.
struct AlertQuery {
    var active = true
    var silenced = true
    var inhibited = true
    var unprocessed = true
    var muted = true
    var matchers: [AlertMatcher] = []
    var receiver: GoRegex?
    var receiverMatchers: [AlertMatcher] = []

    static let trueWords: Set<String> = ["true", "1", "yes", "ok", "y", "on", "selected", "checked", "t", "enabled"]

    static func parse(_ form: FormValues) -> Result<AlertQuery, FieldError> {
        var q = AlertQuery()
        func flag(_ name: String) -> Bool {
            let raw = form.first(name)
            return raw.isEmpty ? true : trueWords.contains(raw.lowercased())
        }
        q.active = flag("active")
        q.silenced = flag("silenced")
        q.inhibited = flag("inhibited")
        q.unprocessed = flag("unprocessed")
        q.muted = flag("muted")
        switch parseFilter(form.values("filter")) {
        case .failure(let e): return .failure(e)
        case .success(let m): q.matchers = m
        }
        let receiver = form.first("receiver")
        if !receiver.isEmpty {
            do {
                q.receiver = try GoRegex("^(?:" + receiver + ")$")
            } catch {
                return .failure(FieldError("failed to parse receiver param: \(error.message)"))
            }
        }
        switch parseFilter(form.values("receiver_matchers")) {
        case .failure(let e): return .failure(FieldError("failed to parse receiver_matchers param: \(e.message)"))
        case .success(let m): q.receiverMatchers = m
        }
        return .success(q)
    }

    /// Upstream's `parseFilter`.
    static func parseFilter(_ values: [String]) -> Result<[AlertMatcher], FieldError> {
        var out: [AlertMatcher] = []
        for v in values {
            do {
                out.append(try MatcherParser.matcher(v))
            } catch {
                return .failure(FieldError(error.message))
            }
        }
        return .success(out)
    }

    /// Upstream's `matchFilterLabels`: an absent label only satisfies a matcher whose value is empty and
    /// that is positive (`foo=""`, `foo=~""`); a present label is skipped by a negative matcher with an empty
    /// value (`foo!=""` holds for any present value).
    static func matches(_ matchers: [AlertMatcher], _ labels: Labels) -> Bool {
        matches(matchers) { labels[$0] }
    }

    static func matches(_ matchers: [AlertMatcher], lookup: (String) -> String?) -> Bool {
        for m in matchers {
            let value = lookup(m.name)
            switch m.type {
            case .notEqual, .regexNoMatch:
                if m.value.isEmpty && value != nil { continue }
            case .equal, .regexMatch:
                if m.value.isEmpty && value == nil { continue }
            }
            if !m.matches(value ?? "") { return false }
        }
        return true
    }

    /// Upstream's `alertFilter` on an alert with its status (already refreshed): not yet ended, and
    /// the state and label filters.
    func admits(_ alert: Alert, status: AlertStatus, now: Date) -> Bool {
        if let end = alert.endsAt, end < now { return false }
        if !active && status.state == .active { return false }
        if !silenced && !status.silencedBy.isEmpty { return false }
        if !inhibited && !status.inhibitedBy.isEmpty { return false }
        return Self.matches(matchers, alert.labels)
    }

    func admitsReceiver(_ name: String) -> Bool { receiver?.matches(name) ?? true }

    /// `receiver_matchers` on one receiver: a receiver the configuration does not know has no labels
    /// and never matches (when matchers are given).
    func admitsReceiverLabels(_ name: String, labels: [String: [String: String]]) -> Bool {
        if receiverMatchers.isEmpty { return true }
        guard let own = labels[name] else { return false }
        return Self.matches(receiverMatchers) { own[$0] }
    }
}

