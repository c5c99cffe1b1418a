import Testing
@testable import PromQL

/// Compaction, `Equals` and the text forms.
@Suite struct HistogramLayoutTests {
    @Test func compactZeroDropsEveryEmptyBucket() {
        // From upstream TestFloatHistogramCompact: empty buckets at span edges, in the middle, whole spans.
        let h = HT.h(pos: [(-2, 4), (3, 2), (1, 3)], pb: [0, 1, 0, 2, 0, 0, 0, 3, 0], neg: [(0, 2), (2, 1)], nb: [0, 0, 4])
        let c = h.compacted(maxEmptyBuckets: 0)
        #expect(c.positiveSpans == [.init(offset: -1, length: 1), .init(offset: 1, length: 1), .init(offset: 7, length: 1)])
        #expect(c.positiveBuckets == [1, 2, 3])
        #expect(c.negativeSpans == [.init(offset: 4, length: 1)])
        #expect(c.negativeBuckets == [4])
    }

    @Test func compactKeepsSmallGaps() {
        let h = HT.h(pos: [(0, 1), (2, 1), (5, 1)], pb: [1, 2, 3])
        let c = h.compacted(maxEmptyBuckets: 2)
        // The gap of 2 is filled, the gap of 5 stays a gap.
        #expect(c.positiveSpans == [.init(offset: 0, length: 4), .init(offset: 5, length: 1)])
        #expect(c.positiveBuckets == [1, 0, 0, 2, 3])
        // Zero-offset neighbours are merged, trailing empties cut.
        let z = HT.h(pos: [(0, 2), (0, 2)], pb: [1, 2, 3, 0]).compacted(maxEmptyBuckets: 1)
        #expect(z.positiveSpans == [.init(offset: 0, length: 3)])
        #expect(z.positiveBuckets == [1, 2, 3])
    }

    @Test func equalsComparesLayoutAndBits() {
        let a = HT.h(count: 3, sum: 1, pos: [(0, 2), (1, 1)], pb: [1, 1, 1])
        // Same layout spelled with an empty span in between.
        let b = HT.h(count: 3, sum: 1, pos: [(0, 2), (0, 0), (1, 1)], pb: [1, 1, 1], hint: .gauge)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        // Adjacent spans are a different layout than one span.
        #expect(HT.h(pos: [(0, 1), (0, 1)], pb: [1, 1]) != HT.h(pos: [(0, 2)], pb: [1, 1]))
        // Bit patterns: NaN equals itself, 0 differs from -0.
        #expect(HT.h(sum: .nan) == HT.h(sum: .nan))
        #expect(HT.h(count: 0) != HT.h(count: -0.0))
        // Zero thresholds compare as numbers; custom bounds only matter for custom buckets.
        #expect(HT.h(schema: -53, custom: [1, 2]) != HT.h(schema: -53, custom: [1, 3]))
        #expect(HT.h(custom: [1, 2]) == HT.h(custom: [1, 3]))
        #expect(HT.h(schema: 1) != HT.h(schema: 0))
    }

    @Test func stringOfExponentialHistogram() {
        let h = HT.h(schema: 1, zeroThreshold: 0.01, zeroCount: 5.5, count: 3493.3, sum: 2349209.324,
                     pos: [(-2, 1), (2, 3)], pb: [1, 3.3, 4.2, 0.1], neg: [(3, 2), (3, 2)], nb: [3.1, 3, 1.234e5, 1000])
        #expect(h.description == "{count:3493.3, sum:2.349209324e+06, [-22.62741699796952,-16):1000, [-16,-11.31370849898476):123400, [-4,-2.82842712474619):3, [-2.82842712474619,-2):3.1, [-0.01,0.01]:5.5, (0.35355339059327373,0.5]:1, (1,1.414213562373095]:3.3, (1.414213562373095,2]:4.2, (2,2.82842712474619]:0.1}")
    }

    @Test func stringOfCustomBucketHistogram() {
        let h = HT.h(schema: -53, count: 3493.3, sum: 2349209.324, pos: [(0, 1), (2, 4)], pb: [1, 3.3, 4.2, 0.1, 5],
                     custom: [1, 2, 5, 10, 15, 20])
        #expect(h.description == "{count:3493.3, sum:2.349209324e+06, [-Inf,1]:1, (5,10]:3.3, (10,15]:4.2, (15,20]:0.1, (20,+Inf]:5}")
    }

    @Test func testExpressionRoundTrips() {
        let body = "schema:1 count:5 sum:3 z_bucket:1 z_bucket_w:0.5 counter_reset_hint:gauge offset:-1 buckets:[1 0 2] n_buckets:[1]"
        let h = HT.parse(body)
        #expect(h.testExpression == "{{schema:1 count:5 sum:3 z_bucket:1 z_bucket_w:0.5 counter_reset_hint:gauge offset:-1 buckets:[1 0 2] n_buckets:[1]}}")
        #expect(HT.parse(String(h.testExpression.dropFirst(2).dropLast(2))) == h)
    }
}
