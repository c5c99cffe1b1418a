import Foundation
import Routing
import Rules
import TimeSeries

/// The Alertmanager side of a rule unit test: a real `AlertRouter` on a simulated clock, every receiver
/// notifying a `NotificationCapture`. The test loop hands it the alerts each evaluation sends (as the
/// Prometheus ruler sends them to Alertmanager) and moves its clock along with the evaluation time, so
/// grouping, timers, inhibition and silences are the router's own.
struct RoutingSimulation {
    struct Failure: Error {
        var message: String
    }

    let clock: SimulatedClock
    let router: AlertRouter
    let capture = NotificationCapture()

    /// - Parameters:
    ///   - start: the test's time 0, milliseconds since the epoch.
    init(config: AlertmanagerConfig, start: Int64, silences: [TestSilence]) throws(Failure) {
        clock = SimulatedClock(Self.date(start))
        // Every receiver is captured, including those without integrations, so a test can see where an
        // alert was routed; resolved notifications are always recorded.
        var integrations: [String: [Integration]] = [:]
        for r in config.receivers {
            integrations[r.name] = [Integration(name: "capture", sendResolved: true, notifier: capture)]
        }
        router = AlertRouter(config: config, integrations: integrations, clock: clock)
        for s in silences {
            var matchers: [SilenceMatcher] = []
            for text in s.matchers {
                do throws(MatcherParseError) {
                    let m = try MatcherParser.matcher(text)
                    matchers.append(SilenceMatcher(m.type, m.name, m.value))
                } catch {
                    throw Failure(message: "silence at line \(s.position.line): matcher \(quoteGo(text)): \(error.message)")
                }
            }
            let silence = Silence(matchers: matchers, startsAt: Self.date(Self.adding(start, s.startsAt.milliseconds)),
                                  endsAt: Self.date(Self.adding(start, s.endsAt.milliseconds)), createdBy: "vigil test rules")
            do throws(SilenceError) {
                try router.silences.set(silence)
            } catch {
                throw Failure(message: "silence at line \(s.position.line): \(error)")
            }
        }
    }

    /// Processes every flush and timer due up to `time` (milliseconds since the epoch).
    func advance(to time: Int64) async {
        await router.advance(to: Self.date(time), on: clock)
    }

    /// Sends the alerts of one evaluation at the clock's time, as Prometheus's notifier posts them: the
    /// rule's alerts with the external labels the alert does not have itself.
    func send(_ batches: [RuleGroupEvaluation.AlertBatch], externalLabels: Labels, externalURL: String) async {
        var posted: [PostableAlert] = []
        for batch in batches {
            for n in batch.notifications(externalURL: externalURL) {
                var labels = n.labels.dictionary
                for l in externalLabels where labels[l.name] == nil { labels[l.name] = l.value }
                posted.append(PostableAlert(
                    labels: labels, annotations: Dictionary(n.annotations.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
                    startsAt: n.startsAt.map(Self.date), endsAt: n.endsAt.map(Self.date), generatorURL: n.generatorURL))
            }
        }
        if !posted.isEmpty { await router.receive(posted) }
    }

    /// The notifications flushed after `after` (exclusive; nil for the start of the test) up to `upTo`
    /// (inclusive), milliseconds since the epoch.
    func notifications(after: Int64?, upTo: Int64) -> [CapturedNotification] {
        capture.notifications.filter { n in n.time <= upTo && after.map { n.time > $0 } ?? true }
    }

    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    /// Test times are user input: saturate instead of trapping.
    static func adding(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }
}
