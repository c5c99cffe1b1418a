import Backends
import Rules
import TimeSeries

/// The ruler's samples to every `remote_write` queue, with the global external labels added where a
/// series has no label of that name (as Prometheus's remote write does).
public struct RemoteWriteSampleWriter: RuleSampleWriter {
    let queues: [RemoteWriteQueue]
    let externalLabels: Labels

    public init(queues: [RemoteWriteQueue], externalLabels: Labels) {
        self.queues = queues
        self.externalLabels = externalLabels
    }

    public func write(_ samples: [InstantSample]) async {
        let pending = samples.map { s -> PendingSample in
            let labels = Self.adding(externalLabels, to: s.labels)
            if let h = s.histogram { return PendingSample(labels: labels, t: s.t, histogram: h) }
            return PendingSample(labels: labels, t: s.t, value: s.value)
        }
        for q in queues { await q.append(pending) }
    }

    public func flush() async {
        for q in queues { await q.flush() }
    }

    static func adding(_ external: Labels, to labels: Labels) -> Labels {
        guard !external.isEmpty else { return labels }
        var d = labels.dictionary
        for l in external where d[l.name] == nil { d[l.name] = l.value }
        return Labels(d)
    }
}
