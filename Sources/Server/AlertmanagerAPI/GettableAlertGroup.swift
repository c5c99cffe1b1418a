import Routing
import TimeSeries

/// `alertGroup` of `GET /api/v2/alerts/groups`: an aggregation group's labels, its receiver, and the
/// alerts of it that passed the request's filters.
///
/// The 0.34 spec also lists `routeLabels`; Alertmanager 0.25 (the reference on this machine) does not send
/// it and its meaning could not be checked against upstream's code here, so it is not produced.
public struct GettableAlertGroup: Sendable, Hashable {
    public var labels: Labels
    public var receiver: String
    public var alerts: [GettableAlert]

    public init(labels: Labels, receiver: String, alerts: [GettableAlert]) {
        self.labels = labels
        self.receiver = receiver
        self.alerts = alerts
    }

    public var json: JSONValue {
        .object([
            ("alerts", .array(alerts.map(\.json))),
            ("labels", .map(labels.map { ($0.name, $0.value) })),
            ("receiver", ReceiverReference(name: receiver).json),
        ])
    }
}
