import Foundation
import TimeSeries
@testable import Rules
import VigilTesting

/// A remote-like querier: answers from a closure, may fail, and logs every query with its time.
final class ScriptedRemoteQuerier: Querier, @unchecked Sendable {
    let script: @Sendable (String, Int64) throws -> [InstantSample]
    private let lock = NSLock()
    private var log: [(expr: String, t: Int64)] = []

    init(_ script: @escaping @Sendable (String, Int64) throws -> [InstantSample]) { self.script = script }

    func query(_ expr: String, at t: Int64) async throws -> [InstantSample] {
        lock.withLock { log.append((expr, t)) }
        return try script(expr, t)
    }

    var queries: [(expr: String, t: Int64)] { lock.withLock { log } }
}

struct BackendDown: Error, CustomStringConvertible {
    var description: String { "connection refused" }
}

/// Keeps every batch of alerts it is sent, with the clock's time of sending.
actor CapturingAlertSender: AlertSender {
    private(set) var batches: [[AlertNotification]] = []
    func send(_ alerts: [AlertNotification]) { batches.append(alerts) }
    var all: [AlertNotification] { batches.flatMap { $0 } }
}

/// Records writes and flushes in order.
actor RecordingWriter: RuleSampleWriter {
    enum Event: Equatable {
        case write([String])
        case flush
    }
    private(set) var events: [Event] = []
    private(set) var samples: [InstantSample] = []

    func write(_ samples: [InstantSample]) {
        self.samples += samples
        events.append(.write(samples.map { $0.labels[Label.metricName] ?? "" }))
    }
    func flush() { events.append(.flush) }
}

func group(_ name: String, interval: Int64 = minute, _ rules: [Rule]) -> RuleGroup {
    RuleGroup(name: name, interval: PromDuration(milliseconds: interval), rules: rules)
}

func runnerOptions() -> RuleGroupEvaluator.Options {
    var o = RuleGroupEvaluator.Options(templateExpander: GoTemplateExpander())
    o.restored = false
    o.externalURL = "http://vigil.example"
    return o
}
