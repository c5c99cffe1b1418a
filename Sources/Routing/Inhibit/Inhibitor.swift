import Foundation
import TimeSeries

/// Alertmanager's inhibitor: every received alert is shown to it (`observe`), and the pipeline asks it
/// whether an alert is muted by a firing source alert of some rule (`inhibitor(of:now:)`).
public final class Inhibitor: @unchecked Sendable {
    private let lock = NSLock()
    private var rules: [InhibitRule]

    public init(rules: [InhibitRuleConfig]) {
        self.rules = rules.map(InhibitRule.init)
    }

    public func observe(_ alert: Alert) {
        lock.withLock { for i in rules.indices { rules[i].observe(alert) } }
    }

    /// The fingerprint of the alert inhibiting `labels` (the first rule that applies decides), or nil.
    public func inhibitor(of labels: Labels, now: Date) -> AlertFingerprint? {
        lock.withLock {
            for r in rules { if let fp = r.inhibitor(of: labels, now: now) { return fp } }
            return nil
        }
    }

    /// Drops resolved source alerts (upstream collects them with the alert GC).
    public func collect(now: Date) {
        lock.withLock { for i in rules.indices { rules[i].collect(now: now) } }
    }

    /// How many source alerts the rules hold (for tests and metrics).
    public var sourceCount: Int { lock.withLock { rules.reduce(0) { $0 + $1.sourceCount } } }
}
