import Testing
@testable import PromQL

/// Cases after upstream's TestFloatHistogramDetectReset.
@Suite struct HistogramResetDetectionTests {
    static let base = HT.h(zeroThreshold: 0.01, zeroCount: 5.5, count: 3493.3, sum: 2349209.324,
                           pos: [(-2, 2), (1, 3)], pb: [1, 1.23, 3.3, 4.2, 0.1], neg: [(3, 2), (3, 2)], nb: [3.1, 3, 1.234e5, 1000])

    @Test func emptyAndAppearingBuckets() {
        #expect(!HT.h().detectReset(previous: HT.h()))
        #expect(!Self.base.detectReset(previous: HT.h()))
        #expect(HT.h().detectReset(previous: Self.base))
        // An unpopulated bucket disappearing is no reset.
        #expect(!HT.h().detectReset(previous: HT.h(pos: [(23, 1)], pb: [0])))
    }

    @Test func bucketDisappearsOrDecreases() {
        var gone = Self.base
        gone.positiveSpans = [.init(offset: -2, length: 1), .init(offset: 2, length: 3)]
        gone.positiveBuckets = [1, 3.3, 4.2, 0.1]
        #expect(gone.detectReset(previous: Self.base))
        #expect(!Self.base.detectReset(previous: gone))
        var lower = Self.base
        lower.negativeBuckets[3] = 999
        #expect(lower.detectReset(previous: Self.base))
        var zeroDown = Self.base
        zeroDown.zeroCount = 5.4
        #expect(zeroDown.detectReset(previous: Self.base))
        var countDown = Self.base
        countDown.count = 3493.2
        #expect(countDown.detectReset(previous: Self.base))
        var sumDown = Self.base
        sumDown.sum = 0
        #expect(!sumDown.detectReset(previous: Self.base))
    }

    @Test func hintsShortcut() {
        var r = Self.base
        r.counterResetHint = .reset
        #expect(r.detectReset(previous: Self.base))
        var n = HT.h(hint: .notReset)
        n.count = 0
        #expect(!n.detectReset(previous: Self.base))
        var g = HT.h(hint: .gauge)
        g.count = 0
        #expect(g.detectReset(previous: Self.base))
    }

    @Test func schemaAndThresholdChanges() {
        var finer = Self.base
        finer.schema = 1
        #expect(finer.detectReset(previous: Self.base))
        // Lower resolution now: previous buckets are merged to compare.
        let prev = HT.h(schema: 1, count: 10, pos: [(1, 2)], pb: [2, 3])
        let now = HT.h(schema: 0, count: 10, pos: [(1, 1)], pb: [5])
        #expect(!now.detectReset(previous: prev))
        let nowLess = HT.h(schema: 0, count: 10, pos: [(1, 1)], pb: [4.5])
        #expect(nowLess.detectReset(previous: prev))
        // Narrower zero bucket: reset; wider zero bucket swallowing a bucket: compared on the zero count.
        #expect(HT.h(zeroThreshold: 0.001, count: 10).detectReset(previous: HT.h(zeroThreshold: 0.01, count: 10)))
        let p = HT.h(zeroThreshold: 0.1, zeroCount: 1, count: 3, pos: [(-1, 2)], pb: [1, 1])
        let wider = HT.h(zeroThreshold: 0.5, zeroCount: 2, count: 3, pos: [(0, 1)], pb: [1])
        #expect(!wider.detectReset(previous: p))
        // A threshold inside a populated bucket of the previous histogram can only come with a reset.
        let odd = HT.h(zeroThreshold: 0.3, zeroCount: 2, count: 3, pos: [(0, 1)], pb: [1])
        #expect(odd.detectReset(previous: p))
    }

    @Test func customBuckets() {
        let prev = HT.h(schema: -53, count: 6, pos: [(0, 3)], pb: [1, 2, 3], custom: [1, 2])
        #expect(!HT.h(schema: -53, count: 6, pos: [(0, 3)], pb: [1, 2, 3], custom: [1, 2]).detectReset(previous: prev))
        #expect(HT.h(schema: -53, count: 6, pos: [(0, 3)], pb: [1, 1, 4], custom: [1, 2]).detectReset(previous: prev))
        // Different bounds: compared at the common bound 2 (cumulative) and +Inf.
        let merged = HT.h(schema: -53, count: 6, pos: [(0, 2)], pb: [3, 3], custom: [2])
        #expect(!merged.detectReset(previous: prev))
        let mergedLess = HT.h(schema: -53, count: 6, pos: [(0, 2)], pb: [2, 4], custom: [2])
        #expect(mergedLess.detectReset(previous: prev))
        // Switching bucket kind.
        #expect(HT.h(count: 6).detectReset(previous: prev))
        #expect(prev.detectReset(previous: HT.h(count: 6)))
    }
}
