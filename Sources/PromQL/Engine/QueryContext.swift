import Foundation

/// What a running query consults to know it should stop, Vigil's stand-in for the Go `context.Context`
/// upstream's engine takes: a deadline on a monotonic clock and a cancellation flag.
///
/// The engine is a pure library and may run on any thread (a big-stack thread for deep expressions, say),
/// so it never asks `Task.isCancelled`; `Engine.cancellableInstantQuery` and `cancellableRangeQuery` wire
/// the calling task's cancellation into `cancellation` instead. Tests inject `clock` to move time without
/// sleeping.
public struct QueryContext: Sendable {
    /// When the query must have finished; `Engine.Options.timeout` may bring it earlier.
    public var deadline: ContinuousClock.Instant?
    /// Set from any thread to stop the query at its next check.
    public var cancellation: QueryCancellation?
    /// The monotonic clock that deadlines are read against.
    public var clock: @Sendable () -> ContinuousClock.Instant

    public init(deadline: ContinuousClock.Instant? = nil, cancellation: QueryCancellation? = nil,
                clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.deadline = deadline
        self.cancellation = cancellation
        self.clock = clock
    }

    /// A context whose deadline is `timeout` from now, as the `timeout` parameter of Prometheus's query API.
    public static func timeout(_ timeout: Duration, cancellation: QueryCancellation? = nil) -> QueryContext {
        QueryContext(deadline: ContinuousClock.now.advanced(by: timeout), cancellation: cancellation)
    }
}

/// A cancellation flag shared between whoever may cancel a query and the query itself.
public final class QueryCancellation: @unchecked Sendable {
    // A lock rather than `Synchronization.Atomic`, which needs macOS 15; the evaluator reads the flag only
    // every few dozen steps or series, so the lock costs nothing measurable.
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}

extension QueryContext {
    /// Runs `body` (a synchronous query) with this context, whose cancellation flag is set when the calling
    /// task is cancelled, also if it already was. The query runs on the calling task's thread; the flag is
    /// what carries the cancellation into it.
    public func withTaskCancellation<T>(_ body: (QueryContext) throws(QueryError) -> T) async throws(QueryError) -> T {
        var context = self
        let cancellation = self.cancellation ?? QueryCancellation()
        context.cancellation = cancellation
        let result = await withTaskCancellationHandler {
            Result { () throws(QueryError) in try body(context) }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }
}
