import PromQL
import TimeSeries

/// Compaction of a histogram's bucket layout, as `FloatHistogram.Compact(maxEmptyBuckets)` leaves it:
/// empty buckets at the edges are dropped, and a run of empty buckets inside is kept only when it is at most
/// `maxEmptyBuckets` long (longer runs split the span). Custom bounds are untouched.
///
/// Upstream compares histograms after `Compact(0)`, which makes the layout canonical (one span per run of
/// non-empty buckets); `Compact(Int.max)` gives the single span its `TestExpression` prints.
extension NativeHistogram {
    func compacted(maxEmptyBuckets: Int) -> NativeHistogram {
        var h = self
        (h.positiveSpans, h.positiveBuckets) = Self.compact(positiveSpans, positiveBuckets, maxEmptyBuckets)
        (h.negativeSpans, h.negativeBuckets) = Self.compact(negativeSpans, negativeBuckets, maxEmptyBuckets)
        return h
    }

    /// Absolute bucket indexes of a sparse layout, paired with their counts.
    static func indexedBuckets(_ spans: [Span], _ buckets: [Double]) -> [(index: Int64, count: Double)] {
        var out: [(Int64, Double)] = []
        var index: Int64 = 0
        var k = 0
        for span in spans {
            index += Int64(span.offset)
            for _ in 0..<span.length {
                guard k < buckets.count else { return out }
                out.append((index, buckets[k]))
                index += 1
                k += 1
            }
        }
        return out
    }

    static func compact(_ spans: [Span], _ buckets: [Double], _ maxEmpty: Int) -> ([Span], [Double]) {
        // NaN counts are not empty (upstream tests `== 0`).
        let filled = indexedBuckets(spans, buckets).filter { $0.count != 0 }
        guard let first = filled.first else { return ([], []) }
        var outSpans: [Span] = []
        var outBuckets: [Double] = []
        var spanStart = first.index
        var previous = first.index
        var previousSpanEnd: Int64 = 0
        var current: [Double] = [first.count]
        func closeSpan() {
            let offset = outSpans.isEmpty ? spanStart : spanStart - previousSpanEnd
            outSpans.append(Span(offset: Int32(truncatingIfNeeded: offset), length: UInt32(current.count)))
            outBuckets.append(contentsOf: current)
            previousSpanEnd = previous + 1
        }
        for b in filled.dropFirst() {
            let gap = b.index - previous - 1
            if gap <= Int64(maxEmpty) {
                current.append(contentsOf: repeatElement(0, count: Int(gap)))
                current.append(b.count)
            } else {
                closeSpan()
                spanStart = b.index
                current = [b.count]
            }
            previous = b.index
        }
        closeSpan()
        return (outSpans, outBuckets)
    }
}
