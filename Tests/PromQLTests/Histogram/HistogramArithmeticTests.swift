import Testing
@testable import PromQL
import TimeSeries

/// Cases from upstream's TestFloatHistogramAdd/Sub, compared after compaction (upstream compares the exact
/// layout; ours is laid out differently but compacts to the same histogram, which is what PromQL sees).
@Suite struct HistogramArithmeticTests {
    static let a = HT.h(zeroThreshold: 0.01, zeroCount: 11, count: 30, sum: 2.345,
                        pos: [(-2, 2), (2, 3)], pb: [1, 0, 3, 4, 7], neg: [(3, 2), (3, 2)], nb: [3, 1, 5, 6])
    static let b = HT.h(zeroThreshold: 0.01, zeroCount: 8, count: 21, sum: 1.234,
                        pos: [(-1, 4), (0, 3)], pb: [5, 4, 2, 3, 6, 2, 5], neg: [(4, 2), (1, 2)], nb: [1, 1, 4, 4])

    @Test func overlappingSpans() throws {
        var r = Self.a
        let outcome = try r.add(Self.b)
        #expect(outcome == HistogramArithmeticOutcome())
        let expected = HT.h(zeroThreshold: 0.01, zeroCount: 19, count: 51, sum: 3.579,
                            pos: [(-2, 4), (0, 4)], pb: [1, 5, 4, 2, 6, 10, 9, 5], neg: [(3, 3), (1, 3)], nb: [3, 2, 1, 4, 9, 6])
        #expect(HT.same(r, expected))
        var r2 = Self.b
        try r2.add(Self.a)
        #expect(HT.same(r2, expected))
    }

    @Test func nonOverlappingSpans() throws {
        var x = HT.h(zeroThreshold: 0.001, zeroCount: 11, count: 30, sum: 2.345,
                     pos: [(-2, 2), (2, 3)], pb: [1, 0, 3, 4, 7], neg: [(3, 2), (3, 2)], nb: [3, 1, 5, 6])
        let y = HT.h(zeroThreshold: 0.001, zeroCount: 8, count: 21, sum: 1.234,
                     pos: [(0, 2), (3, 3)], pb: [5, 4, 2, 3, 6], neg: [(-9, 2), (3, 2)], nb: [1, 1, 4, 4])
        try x.add(y)
        let expected = HT.h(zeroThreshold: 0.001, zeroCount: 19, count: 51, sum: 3.579,
                            pos: [(-2, 4), (0, 6)], pb: [1, 0, 5, 4, 3, 4, 7, 2, 3, 6],
                            neg: [(-9, 2), (3, 2), (5, 2), (3, 2)], nb: [1, 1, 4, 4, 3, 1, 5, 6])
        #expect(HT.same(x, expected))
    }

    @Test func schemaChangeReducesTheFinerSide() throws {
        let fine = HT.h(schema: 1, zeroThreshold: 0.01, zeroCount: 11, count: 30, sum: 2.345,
                        pos: [(-4, 3), (5, 5)], pb: [1, 0, 0, 3, 2, 2, 3, 4], neg: [(6, 3), (6, 4)], nb: [3, 0.5, 0.5, 2, 3, 2, 4])
        let expected = HT.h(zeroThreshold: 0.01, zeroCount: 19, count: 51, sum: 3.579,
                            pos: [(-2, 5), (0, 3)], pb: [1, 5, 4, 2, 6, 10, 9, 5], neg: [(3, 3), (1, 3)], nb: [3, 2, 1, 4, 9, 6])
        var x = Self.b
        try x.add(fine)
        #expect(x.schema == 0)
        #expect(HT.same(x, expected))
        var y = fine
        try y.add(Self.b)
        #expect(y.schema == 0)
        #expect(HT.same(y, expected))
    }

    @Test func largerZeroBucketWins() throws {
        let wide = HT.h(zeroThreshold: 1, zeroCount: 17, count: 21, sum: 1.234,
                        pos: [(1, 2), (0, 3)], pb: [2, 3, 6, 2, 5], neg: [(4, 2), (1, 2)], nb: [1, 1, 4, 4])
        let expected = HT.h(zeroThreshold: 1, zeroCount: 29, count: 51, sum: 3.579,
                            pos: [(1, 5)], pb: [2, 6, 10, 9, 5], neg: [(3, 3), (1, 3)], nb: [3, 2, 1, 4, 9, 6])
        var x = wide
        try x.add(Self.a)
        #expect(HT.same(x, expected))
        var y = Self.a
        try y.add(wide)
        #expect(HT.same(y, expected))
    }

    @Test func zeroThresholdInsidePopulatedBucketIsRaised() throws {
        let mid = HT.h(zeroThreshold: 0.2, zeroCount: 17, count: 21, sum: 1.234,
                       pos: [(1, 2), (0, 3)], pb: [2, 3, 6, 2, 5], neg: [(4, 2), (1, 2)], nb: [1, 1, 4, 4])
        let expected = HT.h(zeroThreshold: 0.25, zeroCount: 29, count: 51, sum: 3.579,
                            pos: [(1, 5)], pb: [2, 6, 10, 9, 5], neg: [(3, 3), (1, 3)], nb: [3, 2, 1, 4, 9, 6])
        var x = mid
        try x.add(Self.a)
        #expect(x.zeroThreshold == 0.25)
        #expect(HT.same(x, expected))
        var y = Self.a
        try y.add(mid)
        #expect(HT.same(y, expected))
    }

    @Test func schemaChangeWithLargerZeroBucket() throws {
        let x0 = HT.h(zeroThreshold: 0.01, zeroCount: 8, count: 21, sum: 1.234,
                      pos: [(-2, 5), (0, 3)], pb: [2, 5, 4, 2, 3, 6, 2, 5], neg: [(4, 2), (1, 2)], nb: [1, 1, 4, 4])
        let y1 = HT.h(schema: 1, zeroThreshold: 0.25, zeroCount: 12, count: 30, sum: 2.345,
                      pos: [(-3, 2), (5, 5)], pb: [1, 0, 3, 2, 2, 3, 4], neg: [(6, 3), (6, 4)], nb: [3, 0.5, 0.5, 2, 3, 2, 4])
        var x = x0
        try x.add(y1)
        let expected = HT.h(zeroThreshold: 0.25, zeroCount: 22, count: 51, sum: 3.579,
                            pos: [(-1, 7)], pb: [6, 4, 2, 6, 10, 9, 5], neg: [(3, 3), (1, 3)], nb: [3, 2, 1, 4, 9, 6])
        #expect(HT.same(x, expected))
    }

    @Test func customBucketsSameBounds() throws {
        var x = HT.h(schema: -53, count: 15, sum: 2.345, pos: [(0, 2), (1, 3)], pb: [1, 0, 3, 4, 7], custom: [1, 2, 3, 4, 5])
        let y = HT.h(schema: -53, count: 11, sum: 1.234, pos: [(0, 2), (1, 3)], pb: [0, 0, 2, 3, 6], custom: [1, 2, 3, 4, 5])
        let outcome = try x.add(y)
        #expect(!outcome.customBoundsReconciled)
        #expect(HT.same(x, HT.h(schema: -53, count: 26, sum: 3.579, pos: [(0, 2), (1, 3)], pb: [1, 0, 5, 7, 13], custom: [1, 2, 3, 4, 5])))
    }

    @Test func customBucketsMismatchedBoundsAreIntersected() throws {
        var x = HT.h(schema: -53, count: 6, sum: 2.345, pos: [(0, 1), (1, 1)], pb: [1, 5], custom: [2, 4])
        let y = HT.h(schema: -53, count: 220, sum: 1.234, pos: [(0, 2), (1, 1), (0, 2)], pb: [10, 20, 40, 50, 100], custom: [1, 2, 3, 4, 5])
        let outcome = try x.add(y)
        #expect(outcome.customBoundsReconciled)
        #expect(x.customValues == [2, 4])
        #expect(HT.same(x, HT.h(schema: -53, count: 226, sum: 3.579, pos: [(0, 3)], pb: [31, 40, 155], custom: [2, 4])))
        // Subtraction maps the same way.
        var z = HT.h(schema: -53, count: 226, sum: 3.579, pos: [(0, 3)], pb: [31, 40, 155], custom: [2, 4])
        let o2 = try z.subtract(y)
        #expect(o2.customBoundsReconciled)
        #expect(HT.same(z, HT.h(schema: -53, count: 6, sum: 3.579 - 1.234, pos: [(0, 1), (1, 1)], pb: [1, 5], custom: [2, 4])))
    }

    @Test func exponentialAndCustomDoNotMix() {
        var x = HT.h(count: 1, pos: [(0, 1)], pb: [1])
        let y = HT.h(schema: -53, count: 1, pos: [(0, 1)], pb: [1], custom: [1])
        #expect(throws: HistogramError.incompatibleSchema) { try x.add(y) }
        #expect(throws: HistogramError.incompatibleSchema) { try x.subtract(y) }
    }

    @Test func subtraction() throws {
        var x = HT.h(zeroThreshold: 0.01, zeroCount: 11, count: 30, sum: 23,
                     pos: [(-2, 2), (1, 3)], pb: [1, 0, 3, 4, 7], neg: [(3, 2), (3, 2)], nb: [3, 1, 5, 6])
        let y = HT.h(zeroThreshold: 0.01, zeroCount: 8, count: 21, sum: 12,
                     pos: [(-2, 2), (1, 3)], pb: [0, 0, 2, 3, 6], neg: [(3, 2), (3, 2)], nb: [1, 1, 4, 4])
        try x.subtract(y)
        #expect(HT.same(x, HT.h(zeroThreshold: 0.01, zeroCount: 3, count: 9, sum: 11,
                                pos: [(-2, 2), (1, 3)], pb: [1, 0, 1, 1, 1], neg: [(3, 2), (3, 2)], nb: [2, 0, 1, 2])))
        // A bucket only the subtrahend has becomes negative.
        var p = HT.h(count: 1, pos: [(0, 1)], pb: [1])
        try p.subtract(HT.h(count: 1, pos: [(2, 1)], pb: [1]))
        #expect(p.positiveSparse.map(\.count) == [1, -1])
    }

    @Test func counterResetHints() throws {
        func hint(_ a: NativeHistogram.CounterResetHint, _ b: NativeHistogram.CounterResetHint) throws -> (NativeHistogram.CounterResetHint, Bool) {
            var x = HT.h(hint: a)
            let o = try x.add(HT.h(hint: b))
            return (x.counterResetHint, o.counterResetCollision)
        }
        #expect(try hint(.reset, .notReset) == (.unknown, true))
        #expect(try hint(.notReset, .reset) == (.unknown, true))
        #expect(try hint(.reset, .reset) == (.reset, false))
        #expect(try hint(.gauge, .reset) == (.gauge, false))
        #expect(try hint(.notReset, .gauge) == (.gauge, false))
        #expect(try hint(.unknown, .reset) == (.unknown, false))
        #expect(try hint(.notReset, .unknown) == (.unknown, false))
    }

    @Test func scalingAndDivision() {
        let x = HT.h(zeroThreshold: 0.01, zeroCount: 2, count: 8, sum: 10, pos: [(0, 2)], pb: [2, 4], neg: [(0, 1)], nb: [0])
        let m = x.scaled(by: 2.5)
        #expect(m.count == 20 && m.sum == 25 && m.zeroCount == 5 && m.positiveBuckets == [5, 10])
        #expect(m.counterResetHint == .unknown)
        #expect(x.scaled(by: -1).counterResetHint == .gauge)
        let d = x.divided(by: 2)
        #expect(d.count == 4 && d.positiveBuckets == [1, 2] && d.zeroCount == 1)
        let z = x.divided(by: 0)
        #expect(z.count == .infinity && z.positiveBuckets.isEmpty && z.positiveSpans.isEmpty && z.negativeSpans.isEmpty)
        #expect(z.zeroCount == .infinity)
        #expect(x.divided(by: -2).counterResetHint == .gauge)
    }

    @Test func reduceResolution() {
        var h = HT.h(schema: 1, count: 8, pos: [(-4, 3), (5, 5)], pb: [1, 0, 0, 3, 2, 2, 3, 4])
        h.reduceResolution(to: 0)
        #expect(h.schema == 0)
        #expect(h.positiveSparse.map(\.index) == [-2, -1, 2, 3, 4])
        #expect(h.positiveSparse.map(\.count) == [1, 0, 3, 4, 7])
        var same = h
        same.reduceResolution(to: 2)
        #expect(same.schema == 0)
    }
}
