import TimeSeries

/// Native histograms with custom buckets (NHCB, schema -53) whose bounds differ. Prometheus 3.14 no
/// longer refuses to combine them: both are mapped onto the bounds they have in common, each bucket
/// going into the first common bound at or above its own upper bound (or the +Inf bucket), and the
/// caller reports "mismatched custom buckets were reconciled".
extension NativeHistogram {
    /// The bounds present in both sorted lists (upstream `intersectCustomBucketBounds`).
    static func intersectBounds(_ a: [Double], _ b: [Double]) -> [Double] {
        var out: [Double] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                out.append(a[i]); i += 1; j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }

    /// Upstream `addCustomBucketsWithMismatches`: `a` (with its compensation, if any) plus or minus `b`,
    /// both mapped onto `bounds`, accumulated with Kahan steps. Buckets that end up with zero count and
    /// zero compensation are left out.
    static func combineMismatchedCustom(_ a: [SparseBucket], boundsA: [Double], _ b: [SparseBucket], boundsB: [Double],
                                        subtract: Bool, bounds: [Double], aHasCompensation: Bool = false) -> [SparseBucket] {
        var target = [Double](repeating: 0, count: bounds.count + 1)
        var comp = [Double](repeating: 0, count: bounds.count + 1)
        func map(_ entries: [SparseBucket], _ own: [Double], negate: Bool, withCompensation: Bool) {
            var k = 0
            for e in entries {
                var t = target.count - 1
                if e.index >= 0 && Int(e.index) < own.count {
                    let bound = own[Int(e.index)]
                    while k < bounds.count {
                        if bounds[k] >= bound { t = k; break }
                        k += 1
                    }
                }
                if negate {
                    (target[t], comp[t]) = KahanSum.increment(-e.count, target[t], comp[t])
                } else {
                    (target[t], comp[t]) = KahanSum.increment(e.count, target[t], comp[t])
                    if withCompensation {
                        (target[t], comp[t]) = KahanSum.increment(e.compensation, target[t], comp[t])
                    }
                }
            }
        }
        map(a, boundsA, negate: false, withCompensation: aHasCompensation)
        map(b, boundsB, negate: subtract, withCompensation: false)
        var out: [SparseBucket] = []
        for i in target.indices where target[i] != 0 || comp[i] != 0 {
            out.append(SparseBucket(index: Int32(i), count: target[i], compensation: comp[i]))
        }
        return out
    }
}
