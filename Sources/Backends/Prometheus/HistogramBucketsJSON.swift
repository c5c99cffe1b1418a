import Foundation
import TimeSeries

/// Native histograms in Prometheus's JSON (`{"count":"…","sum":"…","buckets":[[rule,"lower","upper","count"],…]}`)
/// turned back into `NativeHistogram`.
///
/// The JSON lists populated buckets by their bounds, not by schema and index, so the layout is inferred:
/// the zero bucket is the one closed on both sides (rule 3) around zero; the schema is the coarsest
/// exponential schema (-4…8) in which every bucket's bounds are consecutive bucket boundaries; bounds that
/// fit no exponential schema are custom buckets (schema -53), whose `customValues` are then the finite bounds
/// seen (an empty bucket between two populated ones leaves no trace in the JSON). Counts are absolute.
/// Upstream: `util/jsonutil.MarshalHistogram`, `model/histogram.getBound`.
enum HistogramBucketsJSON {
    struct Bucket {
        var rule: Int
        var lower: Double
        var upper: Double
        var count: Double
    }

    static func decode(_ v: JSONValue, _ what: @autoclosure () -> String) throws(JSONShapeError) -> NativeHistogram {
        guard v.object != nil else { throw JSONShapeError("\(what()) must be a histogram object, got \(v.kind)") }
        var h = NativeHistogram()
        h.count = try APIValueParsing.float(v["count"] ?? .null, "\(what()) count")
        h.sum = try APIValueParsing.float(v["sum"] ?? .null, "\(what()) sum")
        var buckets: [Bucket] = []
        if let raw = v["buckets"], raw != .null {
            guard let list = raw.array else { throw JSONShapeError("\(what()) buckets must be an array, got \(raw.kind)") }
            for (i, item) in list.enumerated() {
                guard let parts = item.array, parts.count == 4, let rule = parts[0].number, (0...3).contains(rule) else {
                    throw JSONShapeError("\(what()) bucket \(i) must be [boundary rule 0-3, lower, upper, count]")
                }
                buckets.append(Bucket(rule: Int(rule),
                                      lower: try APIValueParsing.float(parts[1], "\(what()) bucket \(i) lower bound"),
                                      upper: try APIValueParsing.float(parts[2], "\(what()) bucket \(i) upper bound"),
                                      count: try APIValueParsing.float(parts[3], "\(what()) bucket \(i) count")))
            }
        }
        try layOut(buckets, into: &h, what())
        return h
    }

    private static func layOut(_ buckets: [Bucket], into h: inout NativeHistogram, _ what: String) throws(JSONShapeError) {
        var positive: [Bucket] = []
        var negative: [Bucket] = []
        for b in buckets {
            guard !b.lower.isNaN, !b.upper.isNaN, b.lower <= b.upper else {
                throw JSONShapeError("\(what) has a bucket with bounds [\(b.lower), \(b.upper)]")
            }
            if b.rule == 3 && b.lower <= 0 && b.upper >= 0 && b.lower == -b.upper {
                h.zeroThreshold = b.upper
                h.zeroCount = b.count
            } else if b.upper <= 0 && b.lower < 0 {
                negative.append(b)
            } else {
                positive.append(b)
            }
        }
        if let schema = exponentialSchema(positive: positive, negative: negative, zeroThreshold: h.zeroThreshold) {
            h.schema = schema
            (h.positiveSpans, h.positiveBuckets) = spans(positive.map { (index(of: $0.upper, schema: schema), $0.count) })
            (h.negativeSpans, h.negativeBuckets) = spans(negative.map { (index(of: -$0.lower, schema: schema), $0.count) })
            return
        }
        guard negative.isEmpty else {
            throw JSONShapeError("\(what) has negative buckets whose bounds fit no exponential schema")
        }
        // Custom buckets: (-Inf or previous bound, bound], the last one up to +Inf.
        var bounds = Set<Double>()
        for b in positive {
            if b.lower.isFinite { bounds.insert(b.lower) }
            if b.upper.isFinite { bounds.insert(b.upper) }
        }
        let custom = bounds.sorted()
        h.schema = NativeHistogram.customBucketsSchema
        h.customValues = custom
        var indexed: [(Int32, Double)] = []
        for b in positive {
            let i = b.upper.isFinite ? custom.firstIndex(of: b.upper) ?? 0 : custom.count
            guard let i32 = Int32(exactly: i) else { throw JSONShapeError("\(what) has too many buckets") }
            indexed.append((i32, b.count))
        }
        (h.positiveSpans, h.positiveBuckets) = spans(indexed)
    }

    /// The upper bound of exponential bucket `index` at `schema`: 2^(index·2^-schema).
    static func bound(_ index: Int32, schema: Int32) -> Double {
        if schema <= 0 { return Foundation.pow(2, Double(index) * Double(1 << Int(-schema))) }
        return Foundation.pow(2, Double(index) / Double(1 << Int(schema)))
    }

    /// The index whose upper bound is `upper` (positive) at `schema`.
    static func index(of upper: Double, schema: Int32) -> Int32 {
        let exact = Foundation.log2(upper) * Foundation.pow(2, Double(schema))
        return Int32(clamping: Int64(exact.rounded()))
    }

    private static func isBound(_ value: Double, schema: Int32) -> Bool {
        guard value > 0, value.isFinite else { return false }
        let exact = Foundation.log2(value) * Foundation.pow(2, Double(schema))
        guard abs(exact) < 1e9 else { return false }
        let b = bound(Int32(exact.rounded()), schema: schema)
        return abs(b - value) <= 1e-9 * value
    }

    private static func exponentialSchema(positive: [Bucket], negative: [Bucket], zeroThreshold: Double) -> Int32? {
        // Magnitudes of each bucket: (inner, outer), inner possibly clamped to the zero threshold.
        let magnitudes = positive.map { ($0.lower, $0.upper) } + negative.map { (-$0.upper, -$0.lower) }
        if magnitudes.isEmpty { return 0 }
        schemas: for schema: Int32 in -4...8 {
            for (inner, outer) in magnitudes {
                guard isBound(outer, schema: schema) else { continue schemas }
                // The inner bound is the previous boundary, unless the bucket reaches into the zero bucket.
                if inner > zeroThreshold {
                    let previous = bound(index(of: outer, schema: schema) - 1, schema: schema)
                    guard abs(previous - inner) <= 1e-9 * inner else { continue schemas }
                }
            }
            return schema
        }
        return nil
    }

    /// Index-sorted (index, count) pairs as spans and absolute counts.
    static func spans(_ buckets: [(Int32, Double)]) -> ([NativeHistogram.Span], [Double]) {
        let sorted = buckets.sorted { $0.0 < $1.0 }
        var spans: [NativeHistogram.Span] = []
        var counts: [Double] = []
        var next: Int32? = nil   // index just past the previous bucket
        for (i, c) in sorted {
            if let n = next, i == n, !spans.isEmpty {
                spans[spans.count - 1].length += 1
            } else {
                let offset = next.map { i - $0 } ?? i
                spans.append(.init(offset: offset, length: 1))
            }
            counts.append(c)
            next = i + 1
        }
        return (spans, counts)
    }
}
