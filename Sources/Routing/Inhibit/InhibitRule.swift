import Foundation
import TimeSeries

/// One inhibit rule with the source alerts it has seen: a firing source alert mutes the target alerts
/// that have the same values for the `equal` labels.
struct InhibitRule: Sendable {
    let name: String
    let source: AlertMatchers
    let target: AlertMatchers
    let equal: [String]
    /// Alerts matching `source`, by fingerprint, and indexed by their values of the `equal` labels.
    private var sources: [AlertFingerprint: Alert] = [:]
    private var byEqualValues: [[String]: Set<AlertFingerprint>] = [:]

    init(_ config: InhibitRuleConfig) {
        name = config.name
        source = config.allSourceMatchers
        target = config.allTargetMatchers
        equal = config.equal.sorted()
    }

    /// The values of the `equal` labels; an absent label reads as "", so a label missing on both
    /// alerts counts as equal (upstream fingerprints the label set `{name: ""}` likewise).
    func equalValues(_ labels: Labels) -> [String] { equal.map { labels[$0] ?? "" } }

    /// Keeps (the latest version of) an alert that matches the source side.
    mutating func observe(_ alert: Alert) {
        guard source.matches(alert.labels) else { return }
        let fp = alert.fingerprint
        sources[fp] = alert
        byEqualValues[equalValues(alert.labels), default: []].insert(fp)
    }

    /// The source alert inhibiting a target with these labels at `now`, if any.
    ///
    /// Only firing sources inhibit. When the target matches the source side too, a source that also
    /// matches the target side is skipped: without that, two alerts matching both sides would mute each
    /// other, or one would mute itself (upstream's `excludeTwoSidedMatch`). Upstream keeps one source per
    /// `equal` value set in an index; this looks at all of them, which is the rule as documented and as
    /// Alertmanager applied it before the index (0.27).
    func inhibitor(of labels: Labels, now: Date) -> AlertFingerprint? {
        guard target.matches(labels) else { return nil }
        let twoSided = source.matches(labels)
        guard let candidates = byEqualValues[equalValues(labels)] else { return nil }
        for fp in candidates.sorted() {
            guard let s = sources[fp], !s.isResolved(at: now) else { continue }
            if twoSided && target.matches(s.labels) { continue }
            return fp
        }
        return nil
    }

    /// Forgets source alerts resolved at `now`.
    mutating func collect(now: Date) {
        for (fp, a) in sources where a.isResolved(at: now) {
            sources[fp] = nil
            let key = equalValues(a.labels)
            byEqualValues[key]?.remove(fp)
            if byEqualValues[key]?.isEmpty == true { byEqualValues[key] = nil }
        }
    }

    var sourceCount: Int { sources.count }
}
