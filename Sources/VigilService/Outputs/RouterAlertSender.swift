import Foundation
import Routing
import Rules

/// The ruler's alerts to the built-in router, as Prometheus's notifier would post them to Alertmanager's
/// `POST /api/v2/alerts`: labels, annotations, start, end (until when a firing alert is valid, or when it
/// resolved) and generator URL.
struct RouterAlertSender: AlertSender {
    let router: RouterService

    func send(_ alerts: [AlertNotification]) async {
        await router.receive(alerts.map(Self.postable))
    }

    static func postable(_ a: AlertNotification) -> PostableAlert {
        var labels: [String: String] = [:]
        for l in a.labels { labels[l.name] = l.value }
        var annotations: [String: String] = [:]
        for l in a.annotations { annotations[l.name] = l.value }
        return PostableAlert(labels: labels, annotations: annotations,
                             startsAt: a.startsAt.map(Self.date), endsAt: a.endsAt.map(Self.date),
                             generatorURL: a.generatorURL)
    }

    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
}
