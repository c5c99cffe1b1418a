import Foundation
import Routing
import Rules
import Server
import TimeSeries

/// The service's metrics beyond the ruler's: the built-in router's (with the meaning of Alertmanager's
/// `alertmanager_alerts`, `_alerts_received_total`, `_notification_requests_total`, `_silences`,
/// `_dispatcher_aggregation_groups`) and the outputs' (Prometheus's `prometheus_remote_storage_samples_*`
/// and `prometheus_notifications_*`), all under `vigil_` names.
enum ServiceMetrics {
    static func router(_ counters: RouterCounters, _ service: RouterService?, now: Date) async -> [MetricFamily] {
        let c = counters.snapshot()
        var families = [
            MetricFamily(name: "vigil_router_alerts_received_total", help: "The total number of alerts received by the router.",
                         kind: .counter, samples: [.init([Label("status", "firing")], Double(c.firing)),
                                                   .init([Label("status", "resolved")], Double(c.resolved))]),
            MetricFamily(name: "vigil_router_alerts_invalid_total", help: "The total number of received alerts that were invalid.",
                         kind: .counter, samples: [.init([], Double(c.invalid))]),
        ]
        func perIntegration(_ name: String, _ help: String, _ value: (RouterCounters.Attempts) -> Int) {
            families.append(MetricFamily(name: name, help: help, kind: .counter, samples: c.attempts.map { key, a in
                .init([Label("integration", key.integration), Label("receiver", key.receiver)], Double(value(a)))
            }))
        }
        perIntegration("vigil_router_notification_requests_total", "The total number of attempted notification requests.") { $0.total }
        perIntegration("vigil_router_notification_requests_failed_total", "The total number of failed notification requests.") { $0.failed }
        perIntegration("vigil_router_notifications_delivered_total", "The total number of notifications a receiver accepted.") { $0.delivered }

        guard let service else { return families }
        let router = await service.router
        let states = await router.unresolvedAlertCounts()
        families.append(MetricFamily(
            name: "vigil_router_alerts", help: "How many unresolved alerts the router holds, by state.", kind: .gauge,
            samples: [AlertState.active, .suppressed, .unprocessed].map { .init([Label("state", $0.rawValue)], Double(states[$0] ?? 0)) }))
        var silences: [SilenceState: Int] = [:]
        for s in router.silences.query() { silences[s.state(at: now), default: 0] += 1 }
        families.append(MetricFamily(
            name: "vigil_router_silences", help: "How many silences the router holds, by state.", kind: .gauge,
            samples: [SilenceState.active, .pending, .expired].map { .init([Label("state", $0.rawValue)], Double(silences[$0] ?? 0)) }))
        families.append(MetricFamily(name: "vigil_router_aggregation_groups", help: "The number of alert aggregation groups.",
                                     kind: .gauge, samples: [.init([], Double(await router.aggregationGroupCount))]))
        return families
    }

    /// Each datasource's last heartbeat: up, and the age of its newest data at that heartbeat (a
    /// `timestamp` heartbeat) or whether data flows (a `presence` heartbeat).
    static func datasources(_ heartbeats: [String: HeartbeatObservations.Observation]) -> [MetricFamily] {
        func label(_ name: String) -> [Label] { [Label("datasource", name)] }
        return [
            MetricFamily(name: "vigil_datasource_up", help: "Whether the last heartbeat query of the datasource succeeded.",
                         kind: .gauge, samples: heartbeats.map { .init(label($0.key), $0.value.up ? 1 : 0) }),
            MetricFamily(name: "vigil_datasource_newest_data_timestamp_seconds",
                         help: "The time of the newest data the datasource's last heartbeat found.", kind: .gauge,
                         samples: heartbeats.compactMap { name, o in o.newestData.map { .init(label(name), $0) } }),
            MetricFamily(name: "vigil_datasource_data_age_seconds",
                         help: "How old the newest data was at the datasource's last heartbeat.", kind: .gauge,
                         samples: heartbeats.compactMap { name, o in o.newestData.map { .init(label(name), Double(o.at) / 1000 - $0) } }),
            MetricFamily(name: "vigil_datasource_data_present",
                         help: "Whether the datasource's last presence heartbeat found data flowing.", kind: .gauge,
                         samples: heartbeats.compactMap { name, o in o.dataPresent.map { .init(label(name), $0 ? 1 : 0) } }),
        ]
    }

    static func outputs(_ counts: OutputCounts, hasNotifier: Bool) -> [MetricFamily] {
        func perRemoteWrite(_ name: String, _ help: String, _ kind: MetricFamily.Kind, _ value: (OutputCounts.RemoteWrite) -> Int) -> MetricFamily {
            MetricFamily(name: name, help: help, kind: kind, samples: counts.remoteWrite.map { name, r in
                .init([Label("remote_write", name)], Double(value(r)))
            })
        }
        var families = [
            perRemoteWrite("vigil_remote_write_samples_sent_total", "Samples the remote write endpoint accepted.", .counter) { $0.sent },
            perRemoteWrite("vigil_remote_write_samples_failed_total", "Samples whose send failed for good.", .counter) { $0.failed },
            perRemoteWrite("vigil_remote_write_samples_dropped_total", "Samples dropped because the queue was full or shut down.", .counter) { $0.dropped },
            perRemoteWrite("vigil_remote_write_samples_pending", "Samples waiting in the queue.", .gauge) { $0.pending },
            MetricFamily(name: "vigil_notifications_sent_total", help: "Alerts sent to each external Alertmanager.", kind: .counter,
                         samples: counts.alertmanagers.map { .init([Label("alertmanager", $0.key)], Double($0.value.sent)) }),
            MetricFamily(name: "vigil_notifications_errors_total", help: "Alerts whose batch an external Alertmanager did not accept.", kind: .counter,
                         samples: counts.alertmanagers.map { .init([Label("alertmanager", $0.key)], Double($0.value.errors)) }),
        ]
        if hasNotifier || counts.alertsDropped > 0 {
            families.append(MetricFamily(name: "vigil_notifications_dropped_total",
                                         help: "Alerts dropped: queue overflow, or no Alertmanager accepted them.",
                                         kind: .counter, samples: [.init([], Double(counts.alertsDropped))]))
        }
        if hasNotifier {
            families.append(MetricFamily(name: "vigil_notifications_queue_length", help: "Alerts waiting to be sent to Alertmanagers.",
                                         kind: .gauge, samples: [.init([], Double(counts.queueLength))]))
            families.append(MetricFamily(name: "vigil_notifications_queue_capacity", help: "The capacity of the Alertmanager queue.",
                                         kind: .gauge, samples: [.init([], Double(counts.queueCapacity))]))
        }
        return families
    }
}
