import Foundation
import TimeSeries

/// Where a silence stands at a given time.
public enum SilenceState: String, Sendable, Hashable, Codable {
    case expired, active, pending
}

/// One matcher of a silence as stored: the pattern as written, compiled when the silence is set.
public struct SilenceMatcher: Sendable, Hashable, Codable {
    public var type: AlertMatcher.MatchType
    public var name: String
    public var pattern: String

    public init(_ type: AlertMatcher.MatchType, _ name: String, _ pattern: String) {
        self.type = type
        self.name = name
        self.pattern = pattern
    }

    enum CodingKeys: String, CodingKey { case type, name, pattern }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let raw = try c.decode(String.self, forKey: .type)
        guard let t = AlertMatcher.MatchType(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown matcher type \(raw)")
        }
        type = t
        name = try c.decode(String.self, forKey: .name)
        pattern = try c.decode(String.self, forKey: .pattern)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type.rawValue, forKey: .type)
        try c.encode(name, forKey: .name)
        try c.encode(pattern, forKey: .pattern)
    }
}

/// A silence (Alertmanager's `silencepb.Silence`): it mutes the alerts that one of its matcher sets
/// matches (all matchers of a set must match, regexes anchored) while it is active.
public struct Silence: Sendable, Hashable, Codable {
    public var id: String
    /// Alternatives: the API's single `matchers` list is one set.
    public var matcherSets: [[SilenceMatcher]]
    public var startsAt: Date
    public var endsAt: Date
    public var updatedAt: Date
    public var createdBy: String
    public var comment: String
    public var annotations: [String: String]

    public init(id: String = "", matchers: [SilenceMatcher], startsAt: Date, endsAt: Date, updatedAt: Date = .distantPast,
                createdBy: String = "", comment: String = "", annotations: [String: String] = [:]) {
        self.init(id: id, matcherSets: [matchers], startsAt: startsAt, endsAt: endsAt, updatedAt: updatedAt,
                  createdBy: createdBy, comment: comment, annotations: annotations)
    }

    public init(id: String = "", matcherSets: [[SilenceMatcher]], startsAt: Date, endsAt: Date, updatedAt: Date = .distantPast,
                createdBy: String = "", comment: String = "", annotations: [String: String] = [:]) {
        self.id = id
        self.matcherSets = matcherSets
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.comment = comment
        self.annotations = annotations
    }

    /// Pending before its start, expired after its end, active from start to end inclusive (upstream's
    /// `getState`: an end equal to now is still active).
    public func state(at time: Date) -> SilenceState {
        if time < startsAt { return .pending }
        if time > endsAt { return .expired }
        return .active
    }

    /// Upstream's `validateSilence`, messages included; nil when valid. On success `compiled` holds the
    /// matcher sets ready to match.
    func validate() -> (error: String?, compiled: [AlertMatchers]) {
        if matcherSets.isEmpty { return ("at least one matcher set required", []) }
        var compiled: [AlertMatchers] = []
        for (setIndex, set) in matcherSets.enumerated() {
            if set.isEmpty { return ("matcher set \(setIndex) is empty", []) }
            var allMatchEmpty = true
            var matchers: [AlertMatcher] = []
            for (i, m) in set.enumerated() {
                let prefix = "invalid label matcher \(i) in set \(setIndex): "
                if m.name.isEmpty { return (prefix + "invalid label name \(quoteGo(m.name))", []) }
                do {
                    if m.type == .regexMatch || m.type == .regexNoMatch {
                        // The message quotes the pattern as written, not the anchored form.
                        _ = try GoRegex(m.pattern)
                    }
                    matchers.append(try AlertMatcher(m.type, m.name, m.pattern))
                } catch {
                    return (prefix + "invalid regular expression \(quoteGo(m.pattern)): \(error.message)", [])
                }
                allMatchEmpty = allMatchEmpty && Self.matchesEmpty(matchers[matchers.count - 1])
            }
            if allMatchEmpty {
                return ("matcher set \(setIndex): at least one matcher must not match the empty string", [])
            }
            compiled.append(AlertMatchers(matchers))
        }
        if endsAt < startsAt { return ("end time must not be before start time", []) }
        return (nil, compiled)
    }

    /// Upstream counts only `=""` and a regex matching "" as matching the empty string (a negative
    /// matcher never does, even `!="x"`).
    static func matchesEmpty(_ m: AlertMatcher) -> Bool {
        switch m.type {
        case .equal, .regexMatch: m.matches("")
        case .notEqual, .regexNoMatch: false
        }
    }
}
