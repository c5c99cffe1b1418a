/// Where upstream places a group's evaluations in time (`Group.EvalTimestamp`, rules/group.go): every
/// `interval`, shifted by an offset derived from the group's name and file, so groups with the same
/// interval spread out instead of all running at the top of the minute, and a group keeps its slot
/// across restarts.
public struct RuleGroupSchedule: Sendable, Hashable {
    /// Milliseconds between evaluations.
    public var interval: Int64
    /// The group's offset within the interval, in nanoseconds (upstream computes it in nanoseconds).
    public var offsetNanoseconds: Int64

    public init(name: String, file: String, interval: Int64) {
        precondition(interval > 0, "interval must be positive")
        self.interval = interval
        let intervalNs = UInt64(interval) * 1_000_000
        offsetNanoseconds = Int64(Self.groupHash(name: name, file: file) % intervalNs)
    }

    public init(group: RuleGroupEvaluator) {
        self.init(name: group.name, file: group.file, interval: group.interval)
    }

    /// The latest slot at or before `nanoseconds` (since the epoch), in nanoseconds.
    public func slot(atOrBefore nanoseconds: Int64) -> Int64 {
        let intervalNs = interval * 1_000_000
        let adjusted = nanoseconds - offsetNanoseconds
        // Go's % keeps the dividend's sign; times before the epoch do not occur in practice.
        return adjusted - adjusted % intervalNs + offsetNanoseconds
    }

    /// The first evaluation time (milliseconds) of a group started at `nanoseconds`: upstream waits for
    /// the slot after the current one, then evaluates every `interval`.
    public func firstEvaluation(startedAt nanoseconds: Int64) -> Int64 {
        Self.milliseconds(slot(atOrBefore: nanoseconds) + interval * 1_000_000)
    }

    /// The evaluation time to use when a tick arrives at `nowNanoseconds` after `previous` (milliseconds):
    /// the next slot, or a later one if evaluations were missed (upstream counts those as missed). As
    /// upstream, a tick that comes less than an interval after `previous` repeats `previous`.
    public func nextEvaluation(after previous: Int64, nowNanoseconds: Int64) -> (timestamp: Int64, missed: Int64) {
        let sincePrevious = nowNanoseconds - previous * 1_000_000
        let missed = sincePrevious / (interval * 1_000_000) - 1
        return (previous + (missed + 1) * interval, max(missed, 0))
    }

    /// Upstream's `Group.hash()`: the hash of the label set `{file=<file>, name=<name>}` in Prometheus's
    /// default (stringlabels) encoding, each string preceded by its length.
    static func groupHash(name: String, file: String) -> UInt64 {
        var data: [UInt8] = []
        for s in ["file", file, "name", name] {
            let bytes = Array(s.utf8)
            if bytes.count < 255 {
                data.append(UInt8(bytes.count))
            } else {
                data.append(255)
                data.append(UInt8(truncatingIfNeeded: bytes.count))
                data.append(UInt8(truncatingIfNeeded: bytes.count >> 8))
                data.append(UInt8(truncatingIfNeeded: bytes.count >> 16))
            }
            data += bytes
        }
        return XXHash64.hash(data)
    }

    private static func milliseconds(_ ns: Int64) -> Int64 {
        ns >= 0 ? ns / 1_000_000 : -((-ns + 999_999) / 1_000_000)
    }
}
