import Foundation
import PromQL
import TimeSeries

/// A `Querier` over the in-process PromQL engine and a `SeriesSource`: the query function of
/// `vigil test rules`, and of a ruler that keeps its series in memory.
///
/// Rules repeat the same few expressions at every evaluation, so parsed expressions are cached by their
/// text; the cache is the only mutable state and is guarded by a lock, which makes the querier safe to
/// share between concurrently evaluated groups.
public final class LocalPromQLQuerier: SynchronousQuerier, @unchecked Sendable {
    public let engine: Engine
    public let source: any SeriesSource

    private let lock = NSLock()
    private var parsed: [String: Expr] = [:]

    public init(engine: Engine = Engine(), source: any SeriesSource) {
        self.engine = engine
        self.source = source
    }

    /// The message of Prometheus's `EngineQueryFunc` for a string or matrix result.
    public static let unsupportedResultMessage = "rule result is not a vector or scalar"

    public func querySynchronously(_ expr: String, at t: Int64) throws -> [InstantSample] {
        let parsedExpr = try parse(expr)
        let result = try engine.instantQuery(parsedExpr, at: t, source: source, text: expr)
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

    private func parse(_ expr: String) throws(QueryError) -> Expr {
        lock.lock()
        let cached = parsed[expr]
        lock.unlock()
        if let cached { return cached }
        // Parse outside the lock: two threads may parse the same text once each, which is harmless.
        let fresh = try engine.parse(expr)
        lock.lock()
        parsed[expr] = fresh
        lock.unlock()
        return fresh
    }
}
