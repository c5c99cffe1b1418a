import Foundation

/// Drops alerts inhibited by a firing source alert and marks every alert's inhibition for the API.
public struct InhibitStage: NotificationStage {
    public let inhibitor: Inhibitor
    public let marker: AlertMarker

    public init(inhibitor: Inhibitor, marker: AlertMarker) {
        self.inhibitor = inhibitor
        self.marker = marker
    }

    public func run(_ alerts: [Alert], _ context: inout FlushContext) async throws(PipelineError) -> [Alert] {
        alerts.filter { a in
            let by = inhibitor.inhibitor(of: a.labels, now: context.now)
            marker.setInhibited(a.fingerprint, by: by.map { [$0.description] } ?? [])
            return by == nil
        }
    }
}

/// Drops alerts muted by an active silence and marks every alert's silences for the API.
public struct SilenceStage: NotificationStage {
    public let silences: Silences
    public let marker: AlertMarker

    public init(silences: Silences, marker: AlertMarker) {
        self.silences = silences
        self.marker = marker
    }

    public func run(_ alerts: [Alert], _ context: inout FlushContext) async throws(PipelineError) -> [Alert] {
        alerts.filter { a in
            let ids = silences.activeSilences(matching: a.labels, at: context.now)
            marker.setSilenced(a.fingerprint, by: ids)
            return ids.isEmpty
        }
    }
}

/// The route's `active_time_intervals` then `mute_time_intervals`: outside every active interval, or
/// inside a mute interval, the whole group is held back (its alerts stay in the group and go out at
/// a later flush). The names that muted it are marked on the group for the API.
public struct TimeIntervalStage: NotificationStage {
    public let intervals: [String: NamedTimeInterval]
    public let marker: AlertMarker

    public init(intervals: [String: NamedTimeInterval], marker: AlertMarker) {
        self.intervals = intervals
        self.marker = marker
    }

    public func run(_ alerts: [Alert], _ context: inout FlushContext) async throws(PipelineError) -> [Alert] {
        let active = context.route.activeTimeIntervals
        if !active.isEmpty {
            let inside = active.contains { intervals[$0]?.contains(context.now) ?? false }
            if !inside {
                marker.setMuted(groupKey: context.groupKey, by: active)
                return []
            }
        }
        let mutedBy = context.route.muteTimeIntervals.filter { intervals[$0]?.contains(context.now) ?? false }
        marker.setMuted(groupKey: context.groupKey, by: mutedBy)
        return mutedBy.isEmpty ? alerts : []
    }
}
