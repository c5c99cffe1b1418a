import TimeSeries

/// Counter reset detection between two consecutive samples of a counter histogram (upstream
/// `FloatHistogram.DetectReset`), used by `rate`, `increase`, `irate`, `resets` and friends.
extension NativeHistogram {
    /// Whether this histogram, following `previous`, shows a counter reset: an explicit `reset` hint says
    /// yes and `not_reset` says no; otherwise any count going down (total, zero bucket or any bucket, not
    /// the sum) or a populated bucket disappearing is a reset. A finer schema or a narrower zero bucket can
    /// only come from a reset. A lower schema or wider zero bucket is handled by merging `previous` to match.
    /// Gauge histograms are treated like counters here; callers warn about that.
    public func detectReset(previous: NativeHistogram) -> Bool {
        switch counterResetHint {
        case .reset: return true
        case .notReset: return false
        case .unknown, .gauge: break
        }
        if count < previous.count { return true }
        if usesCustomBuckets {
            if !previous.usesCustomBuckets { return true }
            if !Self.customBoundsMatch(customValues, previous.customValues) {
                return detectResetWithMismatchedCustomBounds(previous: previous)
            }
        } else if previous.usesCustomBuckets {
            // Upstream would panic iterating a custom-bucket histogram at an exponential schema; a switch of
            // bucket kind can only happen with a reset (a restart with a new configuration).
            return true
        }
        if schema > previous.schema { return true }
        if zeroThreshold < previous.zeroThreshold { return true }
        let (previousZeroCount, newThreshold, _) = previous.zeroCount(forLargerThreshold: zeroThreshold, compensation: nil)
        if newThreshold != zeroThreshold { return true }
        if zeroCount < previousZeroCount { return true }
        for positive in [true, false] {
            let current = bucketList(positive: positive, absoluteStartValue: zeroThreshold, targetSchema: schema)
            let before = previous.bucketList(positive: positive, absoluteStartValue: zeroThreshold, targetSchema: schema)
            if Self.bucketsDecreased(current: current, previous: before) { return true }
        }
        return false
    }

    /// Upstream `detectReset` on two index-ordered bucket lists: a previous bucket that is populated but
    /// missing now, or a bucket whose count went down.
    static func bucketsDecreased(current: [HistogramBucket], previous: [HistogramBucket]) -> Bool {
        var j = 0
        for p in previous {
            while j < current.count && current[j].index < p.index { j += 1 }
            if j < current.count && current[j].index == p.index {
                if current[j].count < p.count { return true }
            } else if p.count != 0 {
                return true
            }
        }
        return false
    }

    /// For custom-bucket histograms with different bounds: cumulative counts compared at each bound both
    /// share (and +Inf); a smaller one now means a reset (upstream `detectResetWithMismatchedCustomBounds`).
    func detectResetWithMismatchedCustomBounds(previous: NativeHistogram) -> Bool {
        let current = positiveBucketList
        let before = previous.positiveBucketList
        let currentBounds = customValues + [.infinity]
        let previousBounds = previous.customValues + [.infinity]
        var ci = 0, pi = 0
        var cPos = 0, pPos = 0
        func rollup(_ buckets: [HistogramBucket], _ pos: inout Int, upTo bound: Double) -> Double {
            var s = 0.0
            while pos < buckets.count && buckets[pos].upper <= bound {
                s += buckets[pos].count
                pos += 1
            }
            return s
        }
        while ci < currentBounds.count && pi < previousBounds.count {
            let cb = currentBounds[ci], pb = previousBounds[pi]
            if cb == pb {
                let cs = rollup(current, &cPos, upTo: cb)
                let ps = rollup(before, &pPos, upTo: cb)
                if cs < ps { return true }
                ci += 1
                pi += 1
            } else if cb < pb {
                ci += 1
            } else {
                pi += 1
            }
        }
        return false
    }
}
