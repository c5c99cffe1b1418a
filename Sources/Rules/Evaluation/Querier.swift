import PromQL
import TimeSeries

/// Runs a rule's expression at one instant and returns the resulting vector.
///
/// This is Prometheus's `rules.QueryFunc`. Time is an explicit parameter (milliseconds since the epoch): the
/// group evaluator has already subtracted the group's `query_offset`, so a querier never looks at a clock.
/// A scalar result comes back as one sample without labels; any other result type is an error.
///
/// The protocol is `async` because a scheduled ruler may query a remote Prometheus or Loki. Implementations
/// that answer in process should also conform to `SynchronousQuerier`, which `vigil test rules` uses: rule
/// unit tests evaluate every group tens of thousands of times, and a synchronous path spares them a
/// suspension point per rule.
public protocol Querier: Sendable {
    func query(_ expr: String, at t: Int64) async throws -> [InstantSample]
}

/// A querier that answers without suspending (the local PromQL engine over in-memory series).
public protocol SynchronousQuerier: Querier {
    func querySynchronously(_ expr: String, at t: Int64) throws -> [InstantSample]
}

extension SynchronousQuerier {
    public func query(_ expr: String, at t: Int64) async throws -> [InstantSample] {
        try querySynchronously(expr, at: t)
    }
}
