import Rules

/// Alerts to several destinations (the built-in router and external Alertmanagers), each getting all of them.
public struct FanOutAlertSender: AlertSender {
    let senders: [any AlertSender]

    public init(_ senders: [any AlertSender]) { self.senders = senders }

    public func send(_ alerts: [AlertNotification]) async {
        for s in senders { await s.send(alerts) }
    }
}
