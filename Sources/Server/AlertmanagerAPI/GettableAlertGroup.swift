import Routing
import TimeSeries

/// `alertGroup` of `GET /api/v2/alerts/groups`: an aggregation group's labels, its receiver, the alerts
/// of it that passed the request's filters, and its route's `labels:` (0.34).
public struct GettableAlertGroup: Sendable, Hashable {
    public var labels: Labels
    public var receiver: String
    public var alerts: [GettableAlert]
    /// Rendered route labels.
    public var routeLabels: [String: String]

    public init(labels: Labels, receiver: String, alerts: [GettableAlert], routeLabels: [String: String] = [:]) {
        self.labels = labels
        self.receiver = receiver
        self.alerts = alerts
        self.routeLabels = routeLabels
    }

    /// Alertmanager renders each route label value as a template against the group. A value without
    /// template actions renders to itself, so those are shown exactly; values with `{{` would need the
    /// notification template data, which the API does not build, and are left out.
    public static func plainRouteLabels(_ labels: [String: String]) -> [String: String] {
        labels.filter { !$0.value.contains("{{") }
    }

    public var json: JSONValue {
        .object([
            ("alerts", .array(alerts.map(\.json))),
            ("labels", .map(labels.map { ($0.name, $0.value) })),
            ("receiver", ReceiverReference(name: receiver).json),
            ("routeLabels", .map(routeLabels.map { ($0.key, $0.value) })),
        ])
    }
}
