import Foundation
import PromQL
import TimeSeries

/// A `Querier` over the in-process PromQL engine and a `SeriesSource`: the query function of
/// `vigil test rules`, and of a ruler that keeps its series in memory.
///
/// Rules repeat the same few expressions at every evaluation, so parsed expressions are cached by their
/// text, in a bounded cache (the most recently used `ParsedExpressionCache.maxEntries`); the cache is the
/// only mutable state and is guarded by a lock, which makes the querier safe to share between concurrently
/// evaluated groups. Queries run under the engine's limits (`Engine.Options.maxSamples`, `timeout`), and
/// the async `query` stops when its task is cancelled.
public final class LocalPromQLQuerier: SynchronousQuerier, @unchecked Sendable {
    public let engine: Engine
    public let source: any SeriesSource

    private let lock = NSLock()
    private var parsed: ParsedExpressionCache

    public init(engine: Engine = Engine(), source: any SeriesSource, parseCacheSize: Int = 1_000) {
        self.engine = engine
        self.source = source
        self.parsed = ParsedExpressionCache(maxEntries: parseCacheSize)
    }

    /// The message of Prometheus's `EngineQueryFunc` for a string or matrix result.
    public static let unsupportedResultMessage = "rule result is not a vector or scalar"

    public func querySynchronously(_ expr: String, at t: Int64) throws -> [InstantSample] {
        try query(expr, at: t, context: QueryContext())
    }

    /// The ruler's path: as `querySynchronously`, but cancelling the calling task stops the evaluation.
    public func query(_ expr: String, at t: Int64) async throws -> [InstantSample] {
        try await QueryContext().withTaskCancellation { (context) throws(QueryError) in
            try query(expr, at: t, context: context)
        }
    }

    private func query(_ expr: String, at t: Int64, context: QueryContext) throws(QueryError) -> [InstantSample] {
        let parsedExpr = try parse(expr)
        let result = try engine.instantQuery(parsedExpr, at: t, source: source, text: expr, context: context)
        switch result.value {
        case .vector(let samples):
            return samples
        case .scalar(let st, let v):
            // As upstream's EngineQueryFunc: a scalar becomes one sample with no labels.
            return [InstantSample(labels: .empty, t: st, value: v)]
        case .string, .matrix:
            throw QueryError(Self.unsupportedResultMessage)
        }
    }

    /// How many parsed expressions are cached now.
    public var cachedExpressionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return parsed.count
    }

    private func parse(_ expr: String) throws(QueryError) -> Expr {
        lock.lock()
        let cached = parsed.value(for: expr)
        lock.unlock()
        if let cached { return cached }
        // Parse outside the lock: two threads may parse the same text once each, which is harmless.
        let fresh = try engine.parse(expr)
        lock.lock()
        parsed.insert(fresh, for: expr)
        lock.unlock()
        return fresh
    }
}
