import Foundation

/// The last heartbeat of each datasource, for `/metrics`: whether its query succeeded and, for a
/// `timestamp` heartbeat, the time of the newest data it reported. Written by the heartbeat groups'
/// queriers, read at each scrape.
public final class HeartbeatObservations: @unchecked Sendable {
    public struct Observation: Sendable, Hashable {
        /// Whether the heartbeat query succeeded.
        public var up: Bool
        /// Unix seconds of the newest data (`timestamp` heartbeats that found data); nil otherwise.
        public var newestData: Double?
        /// For `presence` heartbeats: whether data was flowing; nil for `timestamp` heartbeats or failures.
        public var dataPresent: Bool?
        /// When the heartbeat ran (Unix milliseconds, the evaluation time).
        public var at: Int64
    }

    private let lock = NSLock()
    private var latest: [String: Observation] = [:]

    public init() {}

    func record(_ observation: Observation, datasource: String) {
        lock.withLock {
            // Out-of-order evaluations (a restart replaying a missed iteration) must not move time back.
            if let previous = latest[datasource], previous.at > observation.at { return }
            latest[datasource] = observation
        }
    }

    /// Forgets datasources that are no longer configured.
    public func keep(only datasources: Set<String>) {
        lock.withLock { latest = latest.filter { datasources.contains($0.key) } }
    }

    public var all: [String: Observation] { lock.withLock { latest } }
}
