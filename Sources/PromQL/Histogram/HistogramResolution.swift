import TimeSeries

/// Lowering the resolution of exponential histograms (upstream `ReduceResolution`, `CopyToSchema` and the
/// reduction inside `Add`/`Sub`): each bucket at schema s goes into bucket `targetIndex` at the lower
/// schema, 2^(s - target) neighbours adding up into one.
extension NativeHistogram {
    /// Merges buckets down to `targetSchema`. Does nothing when `targetSchema` is not lower than `schema`
    /// or either schema is the custom-buckets one (upstream returns an error in those cases; they are
    /// programming errors, never reached from PromQL).
    public mutating func reduceResolution(to targetSchema: Int32) {
        guard !usesCustomBuckets, targetSchema != Self.customBucketsSchema, targetSchema < schema else { return }
        setPositive(Self.mergedEntries(positiveSparse, from: schema, to: targetSchema))
        setNegative(Self.mergedEntries(negativeSparse, from: schema, to: targetSchema))
        schema = targetSchema
    }

    /// A copy at `targetSchema` (≤ `schema`), with the counter reset hint reset to unknown as upstream's
    /// `CopyToSchema` leaves it unless the schema is unchanged.
    public func copy(toSchema targetSchema: Int32) -> NativeHistogram {
        if targetSchema == schema { return self }
        var h = self
        h.reduceResolution(to: targetSchema)
        h.counterResetHint = .unknown
        return h
    }

    /// Schema reduction carrying Kahan compensation along (upstream `kahanReduceResolution`): merged
    /// buckets are summed with compensation, and each bucket's own compensation is added in as well.
    static func kahanMergedEntries(_ entries: [SparseBucket], from origin: Int32, to target: Int32) -> [SparseBucket] {
        var out: [SparseBucket] = []
        for e in entries {
            let t = targetIndex(e.index, from: origin, to: target)
            if let last = out.last, last.index == t {
                var m = last
                (m.count, m.compensation) = KahanSum.increment(e.count, m.count, m.compensation)
                (m.count, m.compensation) = KahanSum.increment(e.compensation, m.count, m.compensation)
                out[out.count - 1] = m
            } else {
                out.append(SparseBucket(index: t, count: e.count, compensation: e.compensation))
            }
        }
        return out
    }
}
