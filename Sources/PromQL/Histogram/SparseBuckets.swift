import TimeSeries

/// A histogram side (positive or negative buckets) flattened to (absolute index, count) pairs in index
/// order. Spans are a compression of exactly this; working on the flat form makes addition, schema
/// reduction and compaction simple merges. A parallel compensation value rides along for Kahan sums.
struct SparseBucket: Equatable {
    var index: Int32
    var count: Double
    var compensation: Double = 0
}

extension NativeHistogram {
    /// The buckets described by `spans` and `buckets`. A histogram whose spans promise more buckets than it
    /// has is cut short, as upstream's iterators stop early on such (invalid) input.
    static func sparse(_ spans: [Span], _ buckets: [Double], compensation: [Double]? = nil) -> [SparseBucket] {
        var out: [SparseBucket] = []
        out.reserveCapacity(buckets.count)
        var index: Int32 = 0
        var k = 0
        for (n, span) in spans.enumerated() {
            index = n == 0 ? span.offset : index &+ span.offset
            for _ in 0..<span.length {
                guard k < buckets.count else { return out }
                let c = compensation.map { k < $0.count ? $0[k] : 0 } ?? 0
                out.append(SparseBucket(index: index, count: buckets[k], compensation: c))
                index &+= 1
                k += 1
            }
        }
        return out
    }

    /// Lays sorted buckets out as spans: one span per run of consecutive indexes, gaps becoming offsets.
    /// Every given bucket is kept, zero or not (dropping empties is `compacted`'s job).
    static func layout(_ entries: [SparseBucket]) -> (spans: [Span], buckets: [Double], compensation: [Double]) {
        var spans: [Span] = []
        var buckets: [Double] = []
        var compensation: [Double] = []
        buckets.reserveCapacity(entries.count)
        compensation.reserveCapacity(entries.count)
        var last: Int32 = 0
        for e in entries {
            if spans.isEmpty {
                spans.append(Span(offset: e.index, length: 1))
            } else if e.index == last &+ 1 {
                spans[spans.count - 1].length += 1
            } else {
                spans.append(Span(offset: e.index &- last &- 1, length: 1))
            }
            last = e.index
            buckets.append(e.count)
            compensation.append(e.compensation)
        }
        return (spans, buckets, compensation)
    }

    var positiveSparse: [SparseBucket] { Self.sparse(positiveSpans, positiveBuckets) }
    var negativeSparse: [SparseBucket] { Self.sparse(negativeSpans, negativeBuckets) }

    mutating func setPositive(_ entries: [SparseBucket]) {
        let l = Self.layout(entries)
        positiveSpans = l.spans
        positiveBuckets = l.buckets
    }

    mutating func setNegative(_ entries: [SparseBucket]) {
        let l = Self.layout(entries)
        negativeSpans = l.spans
        negativeBuckets = l.buckets
    }
}
