import Backends
import Logging
import Rules
import Storage
import TimeSeries

/// Everything the ruler's groups talk to, built from one configuration: the datasource query clients, the
/// remote write queues, the alert destinations, the state store. A reload builds a new backplane; the old
/// one is shut down once the groups have moved to the new one.
final class Backplane: Sendable {
    let datasources: DatasourceClients
    let remoteWriteQueues: [RemoteWriteQueue]
    let remoteWriteClients: [RemoteWriteClient]
    /// Each queue's name in metrics: its `name`, else its endpoint (no query string, password hidden).
    let remoteWriteNames: [String]
    let notifier: AlertmanagerNotifier?
    let writer: any RuleSampleWriter
    let alerts: any AlertSender
    let stateStore: any RuleStateStore
    let clock: any ServiceClock

    /// - Parameter router: the built-in router, when `alerting.config_file` configures one: it receives
    ///   every alert, besides the external Alertmanagers.
    init(config: VigilConfig, stateStore: any RuleStateStore, clock: any ServiceClock, router: RouterService?, logger: Logger) throws {
        datasources = try DatasourceClients(config.datasources, logger: logger)
        var clients: [RemoteWriteClient] = []
        var queues: [RemoteWriteQueue] = []
        var names: [String] = []
        for rw in config.remoteWrite {
            let client = try RemoteWriteClient(url: rw.url, settings: rw.http)
            let name = rw.name ?? client.http.endpoint(client.path)
            names.append(name)
            clients.append(client)
            queues.append(RemoteWriteQueue(client: client, configuration: rw.queue, onFailure: { error in
                logger.warning("remote write failed", metadata: ["remote_write": .string(name), "error": .string(error.description)])
            }))
        }
        remoteWriteClients = clients
        remoteWriteNames = names
        remoteWriteQueues = queues
        writer = queues.isEmpty ? DiscardingSampleWriter() : RemoteWriteSampleWriter(queues: queues, externalLabels: config.global.externalLabelSet)

        var senders: [any AlertSender] = []
        if let router { senders.append(RouterAlertSender(router: router)) }
        let targets = config.alerting?.alertmanagers ?? []
        if targets.isEmpty {
            notifier = nil
        } else {
            let ams = try targets.map { try AlertmanagerClient(baseURL: $0.url, pathPrefix: $0.pathPrefix, settings: $0.http) }
            let n = AlertmanagerNotifier(alertmanagers: ams)
            notifier = n
            senders.append(AlertmanagerAlertSender(notifier: n))
        }
        alerts = senders.isEmpty ? LoggingAlertSender(logger: logger, clock: clock) : FanOutAlertSender(senders)
        self.stateStore = stateStore
        self.clock = clock
    }

    /// Whether two configurations need the same clients.
    static func sameBackends(_ a: VigilConfig, _ b: VigilConfig) -> Bool {
        a.datasources == b.datasources && a.remoteWrite == b.remoteWrite && a.alerting == b.alerting
            && a.global.externalLabels == b.global.externalLabels
    }

    /// Distinguishes backplanes: groups started with another one restart with this one (keeping state).
    var fingerprint: Int { ObjectIdentifier(self).hashValue }

    func collaborators(for datasource: String) -> RuleGroupRunner.Collaborators? {
        guard let entry = datasources.entries[datasource] else { return nil }
        return RuleGroupRunner.Collaborators(querier: entry.querier, writer: writer, alerts: alerts, stateStore: stateStore, clock: clock)
    }

    /// Sends what is queued (remote write, alerts), then closes every client.
    func shutdown() async {
        for q in remoteWriteQueues { await q.shutdown() }
        for c in remoteWriteClients { await c.shutdown() }
        await notifier?.shutdown()
        await datasources.shutdown()
    }
}
