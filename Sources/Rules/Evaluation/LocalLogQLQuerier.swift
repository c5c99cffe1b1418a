import Foundation
import LogQL
import TimeSeries

/// A `Querier` over the in-process LogQL engine and a `LogStore`: how `vigil test rules` evaluates Loki
/// rules, the LogQL counterpart of `LocalPromQLQuerier`.
///
/// The rule evaluator speaks milliseconds and the LogQL engine nanoseconds (as Loki does), so this is where
/// times are converted, both ways. Only metric queries can be rule expressions: a log query is refused by the
/// engine, and a scalar result becomes one sample without labels, as in the PromQL querier.
public final class LocalLogQLQuerier: SynchronousQuerier, @unchecked Sendable {
    public let engine: LogQLEngine
    public let store: LogStore

    private let lock = NSLock()
    /// Parsed expressions by text. Rules repeat a few expressions; the cache is emptied when it reaches
    /// `parseCacheSize`, which bounds it without bookkeeping.
    private var parsed: [String: LogQLExpr] = [:]
    private let parseCacheSize: Int

    public init(engine: LogQLEngine = LogQLEngine(), store: LogStore, parseCacheSize: Int = 1_000) {
        self.engine = engine
        self.store = store
        self.parseCacheSize = max(1, parseCacheSize)
    }

    public func querySynchronously(_ expr: String, at t: Int64) throws -> [InstantSample] {
        let (ns, overflow) = t.multipliedReportingOverflow(by: 1_000_000)
        if overflow { throw LogQLQueryError("evaluation time \(t) ms is out of range for LogQL's nanoseconds", kind: .badData) }
        let result = try engine.instantQuery(try parse(expr), at: ns, store: store)
        switch result {
        case .vector(let samples):
            return samples.map { InstantSample(labels: $0.labels, t: t, value: $0.value) }
        case .scalar(_, let v):
            return [InstantSample(labels: .empty, t: t, value: v)]
        case .streams, .matrix:
            throw LogQLQueryError(LocalPromQLQuerier.unsupportedResultMessage)
        }
    }

    private func parse(_ expr: String) throws(LogQLQueryError) -> LogQLExpr {
        lock.lock()
        let cached = parsed[expr]
        lock.unlock()
        if let cached { return cached }
        let fresh = try LogQLEngine.parse(expr)
        lock.lock()
        if parsed.count >= parseCacheSize { parsed.removeAll(keepingCapacity: true) }
        parsed[expr] = fresh
        lock.unlock()
        return fresh
    }
}
