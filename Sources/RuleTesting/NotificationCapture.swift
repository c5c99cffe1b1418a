import Foundation
import Routing
import TimeSeries

/// A notification as a rule unit test sees it: when it was flushed, to whom, for which group, and the
/// alerts with their status at the flush.
struct CapturedNotification: Sendable {
    struct Alert: Sendable {
        var labels: [String: String]
        var annotations: [String: String]
        var status: NotificationStatus
    }

    /// Milliseconds since the epoch.
    var time: Int64
    var receiver: String
    var groupLabels: [String: String]
    var status: NotificationStatus
    var alerts: [Alert]
}

/// The `Notifier` every receiver gets in a rule unit test: it records what the router's pipeline hands
/// it and always succeeds, so the notification log, dedup and repeat timers behave as after a delivered
/// notification.
final class NotificationCapture: Notifier, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [CapturedNotification] = []

    var notifications: [CapturedNotification] { lock.withLock { recorded } }

    func notify(_ alerts: [Routing.Alert], context: NotificationContext) async throws {
        let flushed = context.flushTime
        let captured = alerts.map { a in
            CapturedNotification.Alert(labels: a.labels.dictionary, annotations: a.annotations,
                                       status: a.isResolved(at: flushed) ? .resolved : .firing)
        }
        // Alertmanager's notification status: firing while any of its alerts fires.
        let status: NotificationStatus = captured.contains { $0.status == .firing } ? .firing : .resolved
        let notification = CapturedNotification(
            time: Self.milliseconds(flushed), receiver: context.receiver, groupLabels: context.groupLabels.dictionary,
            status: status, alerts: captured)
        lock.withLock { recorded.append(notification) }
    }

    /// Whole milliseconds since the epoch, saturating (test times are user input).
    static func milliseconds(_ date: Date) -> Int64 {
        let ms = (date.timeIntervalSince1970 * 1000).rounded()
        if ms.isNaN { return 0 }
        if ms >= 9.2e18 { return .max }
        if ms <= -9.2e18 { return .min }
        return Int64(ms)
    }
}
