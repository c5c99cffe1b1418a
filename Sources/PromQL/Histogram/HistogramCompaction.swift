import TimeSeries

/// Upstream `FloatHistogram.Compact(maxEmptyBuckets)`: empty buckets leave the layout, except runs of at
/// most `maxEmptyBuckets` between populated ones, which are kept to join the spans around them.
/// PromQL compacts with 0 after every operation that can leave empty buckets behind, and the test
/// scripts compare results after `Compact(0)`, so this layout is what "equal" means there.
extension NativeHistogram {
    public func compacted(maxEmptyBuckets: Int = 0) -> NativeHistogram {
        var h = self
        h.compact(maxEmptyBuckets: maxEmptyBuckets)
        return h
    }

    public mutating func compact(maxEmptyBuckets: Int = 0) {
        setPositive(Self.compactEntries(positiveSparse, maxEmptyBuckets: maxEmptyBuckets))
        setNegative(Self.compactEntries(negativeSparse, maxEmptyBuckets: maxEmptyBuckets))
    }

    /// Drops buckets that are empty (a zero count and, during Kahan sums, a zero compensation), then
    /// re-inserts empty buckets into gaps of at most `maxEmptyBuckets`. That is the same as upstream's
    /// cut-then-merge: gaps it would keep or merge are exactly those that small.
    static func compactEntries(_ entries: [SparseBucket], maxEmptyBuckets: Int) -> [SparseBucket] {
        let populated = entries.filter { $0.count != 0 || $0.compensation != 0 }
        guard maxEmptyBuckets > 0 else { return populated }
        var out: [SparseBucket] = []
        out.reserveCapacity(populated.count)
        for e in populated {
            if let last = out.last {
                let gap = Int(e.index) - Int(last.index) - 1
                if gap > 0 && gap <= maxEmptyBuckets {
                    for k in 1...gap { out.append(SparseBucket(index: last.index &+ Int32(truncatingIfNeeded: k), count: 0)) }
                }
            }
            out.append(e)
        }
        return out
    }
}
