import TimeSeries

/// Addition and subtraction of native histograms (upstream `FloatHistogram.Add`, `Sub`, `KahanAdd`).
///
/// Both sides must use exponential buckets, or both custom buckets; otherwise `HistogramError`.
/// Different schemas: the finer side is reduced to the coarser schema. Different zero thresholds: the
/// wider wins (see `HistogramZeroBucket.swift`). Custom bounds that differ are reconciled to their common
/// bounds. The result may hold empty buckets; PromQL compacts it afterwards.
public enum HistogramError: Error, Equatable, Sendable {
    /// One histogram has exponential buckets, the other custom ones (upstream
    /// `ErrHistogramsIncompatibleSchema`); the evaluator reports `HistogramAnnotation.mixedExponentialCustom`.
    case incompatibleSchema

    public var message: String {
        "cannot apply this operation on histograms with a mix of exponential and custom bucket schemas"
    }
}

/// What an addition or subtraction noticed, for the evaluator's annotations.
public struct HistogramArithmeticOutcome: Equatable, Sendable {
    /// One side was marked as a counter reset and the other as not a reset: "conflicting counter resets".
    public var counterResetCollision = false
    /// Custom bucket bounds differed and were intersected: "mismatched custom buckets were reconciled".
    public var customBoundsReconciled = false
    public init(counterResetCollision: Bool = false, customBoundsReconciled: Bool = false) {
        self.counterResetCollision = counterResetCollision
        self.customBoundsReconciled = customBoundsReconciled
    }
}

extension NativeHistogram {
    /// `self += other`. For PromQL's `h1 + h2`, compact the result afterwards.
    @discardableResult
    public mutating func add(_ other: NativeHistogram) throws(HistogramError) -> HistogramArithmeticOutcome {
        try combine(other, subtract: false)
    }

    /// `self -= other`. The hint logic is the same as for addition; PromQL's `h1 - h2` then marks the
    /// result as a gauge itself (and compacts it).
    @discardableResult
    public mutating func subtract(_ other: NativeHistogram) throws(HistogramError) -> HistogramArithmeticOutcome {
        try combine(other, subtract: true)
    }

    private mutating func combine(_ other: NativeHistogram, subtract: Bool) throws(HistogramError) -> HistogramArithmeticOutcome {
        guard usesCustomBuckets == other.usesCustomBuckets else { throw .incompatibleSchema }
        var outcome = HistogramArithmeticOutcome()
        outcome.counterResetCollision = adjustCounterReset(other)
        let sign: Double = subtract ? -1 : 1
        if !usesCustomBuckets {
            var none: NativeHistogram? = nil
            let otherZero = reconcileZeroBuckets(with: other, compensation: &none)
            zeroCount = subtract ? zeroCount - otherZero : zeroCount + otherZero
        }
        count = subtract ? count - other.count : count + other.count
        sum = subtract ? sum - other.sum : sum + other.sum

        if usesCustomBuckets {
            if Self.customBoundsMatch(customValues, other.customValues) {
                setPositive(Self.mergeBuckets(positiveSparse, other.positiveSparse, sign: sign, schema: schema, threshold: zeroThreshold))
            } else {
                outcome.customBoundsReconciled = true
                let bounds = Self.intersectBounds(customValues, other.customValues)
                let merged = Self.combineMismatchedCustom(positiveSparse, boundsA: customValues, other.positiveSparse,
                                                          boundsB: other.customValues, subtract: subtract, bounds: bounds)
                setPositive(merged.map { SparseBucket(index: $0.index, count: $0.count) })
                customValues = bounds
            }
            return outcome
        }

        var mine = (positiveSparse, negativeSparse)
        var theirs = (other.positiveSparse, other.negativeSparse)
        if other.schema < schema {
            mine = (Self.mergedEntries(mine.0, from: schema, to: other.schema), Self.mergedEntries(mine.1, from: schema, to: other.schema))
            schema = other.schema
        } else if other.schema > schema {
            theirs = (Self.mergedEntries(theirs.0, from: other.schema, to: schema), Self.mergedEntries(theirs.1, from: other.schema, to: schema))
        }
        setPositive(Self.mergeBuckets(mine.0, theirs.0, sign: sign, schema: schema, threshold: zeroThreshold))
        setNegative(Self.mergeBuckets(mine.1, theirs.1, sign: sign, schema: schema, threshold: zeroThreshold))
        return outcome
    }

    /// Upstream `addBuckets` on the flat form: the union of both index sets, `a + sign·b` where both have a
    /// bucket. `b`'s leading buckets whose upper bound is ≤ the zero threshold are skipped, as their counts
    /// are already part of the reconciled zero count.
    static func mergeBuckets(_ a: [SparseBucket], _ b: [SparseBucket], sign: Double, schema: Int32, threshold: Double,
                             kahan: Bool = false) -> [SparseBucket] {
        var b = b[...]
        if isExponential(schema) {
            while let first = b.first, ExponentialBounds.upperBound(index: first.index, schema: schema) <= threshold {
                b = b.dropFirst()
            }
        }
        var out: [SparseBucket] = []
        out.reserveCapacity(a.count + b.count)
        var i = a.startIndex
        var j = b.startIndex
        while i < a.endIndex || j < b.endIndex {
            if j == b.endIndex || (i < a.endIndex && a[i].index < b[j].index) {
                out.append(a[i]); i += 1
                continue
            }
            var incoming = b[j]
            j += 1
            if sign < 0 {
                incoming.count = -incoming.count
                incoming.compensation = -incoming.compensation
            }
            if i < a.endIndex && a[i].index == incoming.index {
                var m = a[i]
                i += 1
                if kahan {
                    (m.count, m.compensation) = KahanSum.increment(incoming.count, m.count, m.compensation)
                    if incoming.compensation != 0 {
                        (m.count, m.compensation) = KahanSum.increment(incoming.compensation, m.count, m.compensation)
                    }
                } else {
                    m.count += incoming.count
                }
                out.append(m)
            } else {
                if !kahan { incoming.compensation = 0 }
                out.append(incoming)
            }
        }
        return out
    }

    /// Upstream `adjustCounterReset`: the hint of a sum or difference. Equal hints stay; a gauge on either
    /// side makes a gauge; otherwise "unknown" on either side makes unknown; the remaining case, reset
    /// against not-reset, is a collision that also ends as unknown.
    mutating func adjustCounterReset(_ other: NativeHistogram) -> Bool {
        switch (counterResetHint, other.counterResetHint) {
        case let (a, b) where a == b: return false
        case (.gauge, _): return false
        case (_, .gauge): counterResetHint = .gauge; return false
        case (.unknown, _): return false
        case (_, .unknown): counterResetHint = .unknown; return false
        default:
            counterResetHint = .unknown
            return true
        }
    }
}
