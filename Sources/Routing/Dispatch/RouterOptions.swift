import Foundation

/// How the router deviates from Alertmanager, and its housekeeping periods.
public struct RouterOptions: Sendable {
    /// (Default true.) A firing group is re-notified at the first flush at least `repeat_interval`
    /// after the previous notification, so `repeat_interval: 5m` with `group_interval: 5m` repeats every
    /// 5 minutes. False reproduces Alertmanager, which then repeats every 10 minutes (see
    /// `DedupStage.needsUpdate` for why).
    public var exactRepeatInterval = true
    /// (Default true.) When a silence ends (expired through the API, replaced, or reaching its end), the
    /// groups holding alerts it matched are flushed at once, so those alerts are notified now rather
    /// than at the group's next regular flush up to `group_interval` later (Alertmanager's behaviour,
    /// with false). Groups that have not had their first flush keep waiting for `group_wait`.
    public var flushWhenSilenceEnds = true
    /// How often resolved alerts are dropped from the alert store and the inhibitor (upstream's
    /// `--alerts.gc-interval`, 30m). Groups keep theirs until notified.
    public var alertGCInterval: TimeInterval = 30 * 60
    /// How often expired silences and notification log entries are collected (upstream's
    /// `--data.maintenance-interval`, 15m).
    public var maintenanceInterval: TimeInterval = 15 * 60
    public var retry = RetryPolicy()

    public init() {}

    /// Alertmanager's behaviour for both improvements.
    public static var upstream: RouterOptions {
        var o = RouterOptions()
        o.exactRepeatInterval = false
        o.flushWhenSilenceEnds = false
        return o
    }
}
