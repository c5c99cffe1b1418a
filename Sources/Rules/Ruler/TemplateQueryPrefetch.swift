import Foundation
import TimeSeries

/// Lets alert templates call `query` against a remote backend although template expansion is synchronous.
///
/// Go templates run to completion without suspending, and a remote query must suspend. So before a rule's
/// alerts are built, its templates are expanded once with a querier that only answers from results
/// fetched so far and records every query it could not answer; those queries are then run against the
/// rule's datasource, and expansion is tried again — until a round asks for nothing new. The real
/// expansion then runs with every answer at hand. Templates are deterministic given their query results,
/// so the queries of the last round are exactly those of the real expansion. Most templates never call
/// `query`; their rules skip all this (see `mayQuery`).
struct TemplateQueryPrefetch {
    /// One template query: the expression and the time it runs at (milliseconds).
    struct Key: Hashable, Sendable {
        var expr: String
        var t: Int64
    }

    /// Rounds of fetching before giving up; a template whose queries depend on the answers of queries
    /// that depend on answers... is unusual, and each round costs one remote round trip per query.
    static let maxRounds = 4
    /// Queries one rule's templates may run in one evaluation.
    static let maxQueries = 64

    /// Whether any of these templates can call `query`: a cheap text check, with false positives only.
    static func mayQuery(_ templates: [String]) -> Bool {
        templates.contains { $0.contains("query") && AlertTemplate.needsExpansion($0) }
    }

    /// Fetches what the templates of `rule` will query when expanded for `result`, using `querier`.
    static func fetch(
        rule: AlertingRuleEvaluator, result: [InstantSample], at ts: Int64, externalLabels: Labels,
        externalURL: String, querier: any Querier, expanderFor: (PrefetchedQuerier) -> any TemplateExpander
    ) async -> [Key: Result<[InstantSample], QueryFailure>] {
        var answers: [Key: Result<[InstantSample], QueryFailure>] = [:]
        let templates = (rule.definition.labels + rule.definition.annotations).map(\.value).filter(AlertTemplate.needsExpansion)
        let name = AlertTemplate.name(forAlert: rule.name)
        for _ in 0..<maxRounds {
            let recorder = PrefetchedQuerier(answers: answers, recordMisses: true)
            let expander = expanderFor(recorder)
            for sample in result {
                for text in templates {
                    _ = try? expander.expand(text, name: name, labels: sample.labels, externalLabels: externalLabels,
                                             externalURL: externalURL, value: sample.value, histogram: sample.histogram, at: ts)
                }
            }
            let misses = recorder.misses.filter { answers[$0] == nil }
            if misses.isEmpty { break }
            for key in misses.prefix(maxQueries - min(answers.count, maxQueries)) {
                do {
                    answers[key] = .success(try await querier.query(key.expr, at: key.t))
                } catch {
                    answers[key] = .failure(QueryFailure(message: String(describing: error)))
                }
            }
            if answers.count >= maxQueries { break }
        }
        return answers
    }

    /// A query error kept as text, so results can be shared between threads and replayed.
    struct QueryFailure: Error, Sendable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// The querier templates see during prefetching and the real expansion: it answers from fetched results
/// and, when asked something it does not have, fails (recording the miss when `recordMisses`).
final class PrefetchedQuerier: SynchronousQuerier, @unchecked Sendable {
    private let answers: [TemplateQueryPrefetch.Key: Result<[InstantSample], TemplateQueryPrefetch.QueryFailure>]
    private let recordMisses: Bool
    // Expansion of one rule runs on one task; the lock only makes the class honestly Sendable.
    private let lock = NSLock()
    private var recorded: [TemplateQueryPrefetch.Key] = []

    init(answers: [TemplateQueryPrefetch.Key: Result<[InstantSample], TemplateQueryPrefetch.QueryFailure>], recordMisses: Bool) {
        self.answers = answers
        self.recordMisses = recordMisses
    }

    var misses: [TemplateQueryPrefetch.Key] { lock.withLock { recorded } }

    struct NotFetched: Error, CustomStringConvertible {
        var description: String { "query result not available" }
    }

    func querySynchronously(_ expr: String, at t: Int64) throws -> [InstantSample] {
        let key = TemplateQueryPrefetch.Key(expr: expr, t: t)
        if let answer = answers[key] { return try answer.get() }
        if recordMisses { lock.withLock { if !recorded.contains(key) { recorded.append(key) } } }
        throw NotFetched()
    }
}
