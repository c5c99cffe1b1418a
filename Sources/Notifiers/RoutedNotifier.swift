import Foundation
import GoTemplate
import Routing
import TimeSeries

/// Connects a receiver integration to the router's pipeline: the router hands over its alerts and a
/// `NotificationContext`; this builds Alertmanager's template data from them (status, group and common
/// labels, fingerprints, external URL) and makes the one attempt the retry stage asked for, translating
/// the integration's `NotifyError` into the router's retry decision.
public struct RoutedNotifier: Routing.Notifier {
    public let notifier: any Notifier
    /// Alertmanager's `--web.external-url`: the `ExternalURL` of the template data.
    public let externalURL: String

    public init(_ notifier: any Notifier, externalURL: String) {
        self.notifier = notifier
        self.externalURL = externalURL
    }

    public func notify(_ alerts: [Routing.Alert], context: NotificationContext) async throws {
        let data = Self.templateData(alerts, context: context, externalURL: externalURL)
        let notification = Notification(data: data, groupKey: context.groupKey,
                                        truncatedAlerts: UInt64(max(0, context.truncatedAlerts)))
        do {
            _ = try await notifier.notify(notification)
        } catch {
            throw NotifyFailure(retryable: error.retryable, message: error.message)
        }
    }

    /// Upstream's `template.Data` for one flush. An alert is resolved when its end is not after the flush
    /// time; the router has already cleared the end of firing alerts (Go's zero time in templates).
    public static func templateData(_ alerts: [Routing.Alert], context: NotificationContext, externalURL: String) -> AlertmanagerData {
        let zero = GoTime(seconds: -62_135_596_800)
        let list = alerts.map { a -> AlertmanagerAlert in
            let resolved = a.isResolved(at: context.flushTime)
            return AlertmanagerAlert(
                status: resolved ? "resolved" : "firing",
                labels: a.labels.dictionary,
                annotations: a.annotations,
                startsAt: goTime(a.startsAt),
                endsAt: a.endsAt.map(goTime) ?? zero,
                generatorURL: a.generatorURL,
                fingerprint: a.fingerprint.description)
        }
        let firing = list.contains { $0.status == "firing" }
        return AlertmanagerData(receiver: context.receiver, status: firing ? "firing" : "resolved", alerts: list,
                                groupLabels: context.groupLabels.dictionary, externalURL: externalURL)
    }

    /// A `Date` as the time Alertmanager would hold: rounded to microseconds, the precision a `Date` keeps
    /// for today's times, so a time received as `…41.189Z` goes out as `…41.189Z`, not `…41.188999891Z`.
    static func goTime(_ date: Date) -> GoTime {
        let micro = (date.timeIntervalSince1970 * 1e6).rounded()
        guard micro.isFinite, abs(micro) < 9e18 else { return GoTime(unixSeconds: date.timeIntervalSince1970) }
        let m = Int64(micro)
        let (q, r) = m.quotientAndRemainder(dividingBy: 1_000_000)
        // Floor division, so times before 1970 keep a non-negative fraction as Go's time.Time does.
        return r < 0 ? GoTime(seconds: q - 1, nanoseconds: Int32((r + 1_000_000) * 1000)) : GoTime(seconds: q, nanoseconds: Int32(r * 1000))
    }
}
