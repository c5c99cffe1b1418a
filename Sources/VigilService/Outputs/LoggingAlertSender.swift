import Logging
import Rules

/// Where alerts go when `alerting` names no destination: the log, so a ruler-only setup still shows what
/// fires (Prometheus without Alertmanagers silently drops them).
public struct LoggingAlertSender: AlertSender {
    let logger: Logger
    let clock: any RuleClock

    public init(logger: Logger, clock: any RuleClock) {
        self.logger = logger
        self.clock = clock
    }

    public func send(_ alerts: [AlertNotification]) async {
        let now = clock.nowMilliseconds()
        for a in alerts {
            // A firing alert is sent with `endsAt` in the future (until when it is valid); a resolved one
            // with its resolution time.
            let resolved = (a.endsAt ?? .max) <= now
            logger.info("alert \(resolved ? "resolved" : "firing")", metadata: [
                "alertname": .string(a.labels["alertname"] ?? ""),
                "labels": .string(a.labels.description),
            ])
        }
    }
}
