import Foundation

/// Sends to one integration (upstream's RetryStage): drops resolved alerts when the integration does
/// not send them (and sends nothing when no alert fires), truncates to `max_alerts`, then calls the
/// notifier until it succeeds, fails for good, or the flush's deadline or the policy's time is up,
/// waiting on the router's clock between attempts. Every attempt is recorded in the history.
public struct RetryStage: NotificationStage {
    public let integration: Integration
    public let key: IntegrationKey
    public let policy: RetryPolicy
    public let clock: any RouterClock
    public let history: any NotificationHistory

    public init(integration: Integration, key: IntegrationKey, policy: RetryPolicy, clock: any RouterClock, history: any NotificationHistory) {
        self.integration = integration
        self.key = key
        self.policy = policy
        self.clock = clock
        self.history = history
    }

    public func run(_ alerts: [Alert], _ context: inout FlushContext) async throws(PipelineError) -> [Alert] {
        var sent = alerts
        if !integration.sendResolved {
            // Nothing fires: nothing to send, yet the flush counts as notified (upstream logs it).
            if context.firing.isEmpty { return alerts }
            sent = alerts.filter { !$0.isResolved(at: context.now) }
        }
        var truncated = 0
        if integration.maxAlerts > 0 && sent.count > integration.maxAlerts {
            truncated = sent.count - integration.maxAlerts
            sent = Array(sent.prefix(integration.maxAlerts))
        }
        let name = "\(key.receiver)/\(integration.description)"
        let firing = sent.filter { !$0.isResolved(at: context.now) }.map(\.fingerprint)
        let resolved = sent.filter { $0.isResolved(at: context.now) }.map(\.fingerprint)
        let started = clock.now
        var attempt = 0
        var lastError = ""
        while true {
            if clock.now >= context.deadline || clock.now.timeIntervalSince(started) > policy.maxElapsed {
                throw PipelineError(["\(name): notify retry canceled after \(attempt) attempts: " +
                    (attempt == 0 ? "context deadline exceeded" : lastError)])
            }
            attempt += 1
            let notification = NotificationContext(
                receiver: key.receiver, integration: key, groupKey: context.groupKey, groupLabels: context.groupLabels,
                routeLabels: context.route.labels, reason: context.reason, flushTime: context.now,
                truncatedAlerts: truncated, attempt: attempt, deadline: context.deadline)
            let begin = clock.now
            do {
                try await integration.notifier.notify(sent, context: notification)
                await history.record(NotificationAttempt(context: notification, alerts: sent, firing: firing, resolved: resolved,
                                                         startedAt: begin, finishedAt: clock.now, outcome: .success, error: nil))
                return alerts
            } catch {
                let failure = error as? NotifyFailure
                let retryable = failure?.retryable ?? !(error is CancellationError)
                lastError = failure?.message ?? "\(error)"
                await history.record(NotificationAttempt(context: notification, alerts: sent, firing: firing, resolved: resolved,
                                                         startedAt: begin, finishedAt: clock.now,
                                                         outcome: retryable ? .retryableFailure : .permanentFailure, error: lastError))
                if !retryable {
                    throw PipelineError(["\(name): notify retry canceled due to unrecoverable error after \(attempt) attempts: \(lastError)"])
                }
            }
            let next = clock.now.addingTimeInterval(policy.wait(after: attempt))
            if next >= context.deadline {
                // Upstream waits for the deadline, then gives up.
                try? await clock.sleep(until: context.deadline)
                throw PipelineError(["\(name): notify retry canceled after \(attempt) attempts: \(lastError)"])
            }
            do {
                try await clock.sleep(until: next)
            } catch {
                throw PipelineError(["\(name): notify retry canceled after \(attempt) attempts: \(lastError)"])
            }
        }
    }
}
