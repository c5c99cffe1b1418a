import Backends
import Rules

/// Alerts to external Alertmanagers through the notifier queue (Prometheus's notifier semantics).
public struct AlertmanagerAlertSender: AlertSender {
    let notifier: AlertmanagerNotifier

    public init(notifier: AlertmanagerNotifier) { self.notifier = notifier }

    public func send(_ alerts: [AlertNotification]) async { await notifier.send(alerts) }
}
