/// Waits between retries. Production code sleeps; tests inject a sleeper that records the requested
/// durations and returns at once, so backoff is asserted without waiting.
public protocol Sleeper: Sendable {
    func sleep(for duration: Duration) async throws
}

/// The real sleeper: `Task.sleep`, cancelled with its task.
public struct TaskSleeper: Sleeper {
    public init() {}
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
