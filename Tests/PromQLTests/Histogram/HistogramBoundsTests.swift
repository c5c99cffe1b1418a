import Testing
@testable import PromQL
import TimeSeries

@Suite struct HistogramBoundsTests {
    @Test func boundTableHasTwoToTheSchemaEntries() {
        for s in 0...8 { #expect(ExponentialBounds.fractions[s].count == 1 << s) }
    }

    @Test func exponentialBounds() {
        #expect(ExponentialBounds.upperBound(index: 0, schema: 0) == 1)
        #expect(ExponentialBounds.upperBound(index: 1, schema: 0) == 2)
        #expect(ExponentialBounds.upperBound(index: -1, schema: 0) == 0.5)
        #expect(ExponentialBounds.upperBound(index: 1, schema: 1) == 1.414213562373095)
        #expect(ExponentialBounds.upperBound(index: 1, schema: -2) == 16)
        #expect(ExponentialBounds.upperBound(index: -1, schema: -1) == 0.25)
        // The last finite bucket ends at the largest double, the one above at +Inf.
        #expect(ExponentialBounds.upperBound(index: 1024, schema: 0) == .greatestFiniteMagnitude)
        #expect(ExponentialBounds.upperBound(index: 1025, schema: 0) == .infinity)
        #expect(ExponentialBounds.upperBound(index: 256, schema: -2) == .greatestFiniteMagnitude)
        #expect(ExponentialBounds.upperBound(index: 1024 << 8, schema: 8) == .greatestFiniteMagnitude)
        #expect(ExponentialBounds.upperBound(index: -1074, schema: 0) == 0x1p-1074)
        #expect(ExponentialBounds.upperBound(index: -1075, schema: 0) == 0)
    }

    @Test func targetIndexMergesNeighbours() {
        // At schema 1, indexes 1 and 2 ((1,√2] and (√2,2]) form schema-0 bucket 1 ((1,2]).
        #expect(NativeHistogram.targetIndex(1, from: 1, to: 0) == 1)
        #expect(NativeHistogram.targetIndex(2, from: 1, to: 0) == 1)
        #expect(NativeHistogram.targetIndex(3, from: 1, to: 0) == 2)
        #expect(NativeHistogram.targetIndex(0, from: 1, to: 0) == 0)
        #expect(NativeHistogram.targetIndex(-1, from: 1, to: 0) == 0)
        #expect(NativeHistogram.targetIndex(-2, from: 1, to: 0) == -1)
    }

    @Test func allBucketsOrderAndClipping() {
        let h = HT.h(schema: 0, zeroThreshold: 0.7, zeroCount: 1, count: 6, pos: [(0, 2)], pb: [1, 2], neg: [(0, 1)], nb: [2])
        let all = h.allBuckets()
        #expect(all.map(\.count) == [2, 1, 1, 2])
        // (-1,-0.5] reaches into the zero bucket [-0.7,0.7]: cut at -0.7; (0.5,1] likewise at 0.7.
        #expect(all[0].lower == -1 && all[0].upper == -0.7)
        #expect(all[1].lower == -0.7 && all[1].upper == 0.7)
        #expect(all[2].lower == 0.7 && all[2].upper == 1)
        #expect(all[3].lower == 1 && all[3].upper == 2)
        #expect(h.allBucketsReversed().map(\.count) == [2, 1, 1, 2])
        #expect(h.allBucketsReversed().first?.upper == 2)
    }

    @Test func customBucketBounds() {
        let h = HT.h(schema: -53, count: 3, pos: [(0, 3)], pb: [1, 1, 1], custom: [1, 5])
        let b = h.positiveBucketList
        #expect(b.map(\.lower) == [-.infinity, 1, 5])
        #expect(b.map(\.upper) == [1, 5, .infinity])
        #expect(b.map(\.lowerInclusive) == [true, false, false])
    }

    @Test func iterationAtLowerSchemaMergesBuckets() {
        let h = HT.h(schema: 1, pos: [(-4, 3), (5, 5)], pb: [1, 0, 0, 3, 2, 2, 3, 4])
        let merged = h.bucketList(positive: true, targetSchema: 0)
        #expect(merged.map(\.index) == [-2, -1, 2, 3, 4])
        #expect(merged.map(\.count) == [1, 0, 3, 4, 7])
        // Skipping buckets at or below 0.25 (the schema-0 bucket (0.125,0.25] has index -2).
        #expect(h.bucketList(positive: true, absoluteStartValue: 0.25, targetSchema: 0).first?.index == -1)
    }
}

@Suite struct HistogramRobustnessTests {
    @Test func extremeIndexesAndSchemasDoNotTrap() {
        let far = HT.h(count: 2, pos: [(Int32.max, 2)], pb: [1, 1])
        _ = far.compacted()
        _ = far.description
        _ = far.quantile(0.5)
        let low = HT.h(count: 2, pos: [(Int32.min, 2)], pb: [1, 1])
        _ = low.allBuckets()
        var odd = HT.h(schema: 12, count: 1, pos: [(3, 1)], pb: [1])
        _ = odd.quantile(0.5)
        odd.reduceResolution(to: 8)
        #expect(odd.schema == 8)
        // Spans promising more buckets than present are cut short.
        let short = HT.h(count: 1, pos: [(0, 3)], pb: [1])
        #expect(short.positiveBucketList.count == 1)
        var sum = short
        _ = try? sum.add(far)
    }
}
