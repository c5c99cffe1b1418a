import TimeSeries

/// One series of a remote write request: its labels and its float and histogram samples in time order.
public struct RemoteWriteSeries: Sendable, Hashable {
    public var labels: Labels
    public var samples: [Sample]
    public var histograms: [HistogramSample]

    public init(labels: Labels, samples: [Sample] = [], histograms: [HistogramSample] = []) {
        self.labels = labels
        self.samples = samples
        self.histograms = histograms
    }

    public var sampleCount: Int { samples.count + histograms.count }
}

/// Between Vigil's values and remote write 1.0's protobuf messages (prompb `WriteRequest`). Labels go
/// sorted by name (they are kept sorted), `__name__` among them; float samples keep their bits, so a
/// staleness marker (`StaleNaN`) arrives as one. A histogram whose counts are all whole numbers goes as an
/// integer histogram (`count_int`, delta-encoded buckets), which every receiver with native histograms reads
/// (Prometheus before 2.44 reads no other kind); any other as a float histogram (`count_float`, absolute
/// counts).
enum WriteRequestEncoding {
    static func request(_ series: [RemoteWriteSeries]) -> Prometheus_WriteRequest {
        var request = Prometheus_WriteRequest()
        request.timeseries = series.map { s in
            var ts = Prometheus_TimeSeries()
            ts.labels = s.labels.map { l in
                var label = Prometheus_Label()
                label.name = l.name
                label.value = l.value
                return label
            }
            ts.samples = s.samples.map { sample in
                var p = Prometheus_Sample()
                p.value = sample.v
                p.timestamp = sample.t
                return p
            }
            ts.histograms = s.histograms.map { histogram($0.h, t: $0.t) }
            return ts
        }
        return request
    }

    static func histogram(_ h: NativeHistogram, t: Int64) -> Prometheus_Histogram {
        var p = Prometheus_Histogram()
        if let count = whole(h.count), let zeroCount = whole(h.zeroCount),
           let positive = deltas(h.positiveBuckets), let negative = deltas(h.negativeBuckets) {
            p.countInt = count
            p.zeroCountInt = zeroCount
            p.positiveDeltas = positive
            p.negativeDeltas = negative
        } else {
            p.countFloat = h.count
            p.zeroCountFloat = h.zeroCount
            p.positiveCounts = h.positiveBuckets
            p.negativeCounts = h.negativeBuckets
        }
        p.sum = h.sum
        p.schema = h.schema
        p.zeroThreshold = h.zeroThreshold
        p.positiveSpans = h.positiveSpans.map(span)
        p.negativeSpans = h.negativeSpans.map(span)
        p.customValues = h.customValues
        p.timestamp = t
        switch h.counterResetHint {
        case .unknown: p.resetHint = .unknown
        case .reset: p.resetHint = .yes
        case .notReset: p.resetHint = .no
        case .gauge: p.resetHint = .gauge
        }
        return p
    }

    /// A count as an integer when it is one exactly (whole, non-negative, below 2^53).
    private static func whole(_ v: Double) -> UInt64? {
        guard v >= 0, v < 9_007_199_254_740_992, v == v.rounded(.towardZero) else { return nil }
        return UInt64(v)
    }

    /// Absolute bucket counts as integer deltas (each bucket minus the previous), when all are whole.
    private static func deltas(_ counts: [Double]) -> [Int64]? {
        var out: [Int64] = []
        out.reserveCapacity(counts.count)
        var previous: Int64 = 0
        for c in counts {
            guard let w = whole(c) else { return nil }
            let current = Int64(w)
            out.append(current - previous)
            previous = current
        }
        return out
    }

    private static func span(_ s: NativeHistogram.Span) -> Prometheus_BucketSpan {
        var p = Prometheus_BucketSpan()
        p.offset = s.offset
        p.length = s.length
        return p
    }

    /// The inverse, for receivers and tests: integer histograms' delta-encoded counts become absolute.
    static func nativeHistogram(_ p: Prometheus_Histogram) -> HistogramSample {
        var h = NativeHistogram()
        h.sum = p.sum
        h.schema = p.schema
        h.zeroThreshold = p.zeroThreshold
        h.positiveSpans = p.positiveSpans.map { .init(offset: $0.offset, length: $0.length) }
        h.negativeSpans = p.negativeSpans.map { .init(offset: $0.offset, length: $0.length) }
        h.customValues = p.customValues
        switch p.count {
        case .countFloat(let c)?:
            h.count = c
            h.zeroCount = p.zeroCountFloat
            h.positiveBuckets = p.positiveCounts
            h.negativeBuckets = p.negativeCounts
        case .countInt(let c)?:
            h.count = Double(c)
            h.zeroCount = Double(p.zeroCountInt)
            h.positiveBuckets = absolute(p.positiveDeltas)
            h.negativeBuckets = absolute(p.negativeDeltas)
        case nil:
            break
        }
        switch p.resetHint {
        case .yes: h.counterResetHint = .reset
        case .no: h.counterResetHint = .notReset
        case .gauge: h.counterResetHint = .gauge
        default: h.counterResetHint = .unknown
        }
        return HistogramSample(t: p.timestamp, h: h)
    }

    private static func absolute(_ deltas: [Int64]) -> [Double] {
        var current: Int64 = 0
        return deltas.map { d in
            current = current &+ d
            return Double(current)
        }
    }

    static func series(_ request: Prometheus_WriteRequest) -> [RemoteWriteSeries] {
        request.timeseries.map { ts in
            RemoteWriteSeries(labels: Labels(ts.labels.map { Label($0.name, $0.value) }),
                              samples: ts.samples.map { Sample(t: $0.timestamp, v: $0.value) },
                              histograms: ts.histograms.map(nativeHistogram))
        }
    }
}
