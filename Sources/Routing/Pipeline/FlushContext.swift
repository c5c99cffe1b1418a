import Foundation
import TimeSeries

/// What one flush of an aggregation group carries through the pipeline (upstream passes it in the
/// context): set by the dispatcher, then filled in by the dedup stage for the stages after it.
public struct FlushContext: Sendable {
    public var groupKey: String
    public var groupLabels: Labels
    public var receiver: String
    public var route: RouteOptions
    /// The flush's scheduled time: the pipeline's "now" (upstream takes it from the timer tick).
    public var now: Date
    /// Until when notifications of this flush may be retried (flush time + group_interval, at least 10 s).
    public var deadline: Date
    // Set by the dedup stage.
    public var firing: Set<AlertFingerprint> = []
    public var resolved: Set<AlertFingerprint> = []
    public var reason: NotifyReason = .unknown

    public init(groupKey: String, groupLabels: Labels, receiver: String, route: RouteOptions, now: Date, deadline: Date) {
        self.groupKey = groupKey
        self.groupLabels = groupLabels
        self.receiver = receiver
        self.route = route
        self.now = now
        self.deadline = deadline
    }
}

/// A failure that makes the flush unsuccessful (the group keeps its resolved alerts and tries again).
public struct PipelineError: Error, Sendable, Hashable, CustomStringConvertible {
    public var messages: [String]
    public init(_ messages: [String]) { self.messages = messages }
    public var description: String { messages.joined(separator: "; ") }
}

/// One step of a notification pipeline: alerts in, the alerts to pass on out. An empty result ends the
/// pipeline without error (everything was muted or nothing needs sending).
public protocol NotificationStage: Sendable {
    func run(_ alerts: [Alert], _ context: inout FlushContext) async throws(PipelineError) -> [Alert]
}
