import TimeSeries

/// The inside of a native histogram literal in test files: `schema:0 sum:5 count:4 z_bucket:1
/// z_bucket_w:0.001 buckets:[1 2 1] offset:0 n_buckets:[1] n_offset:0 custom_values:[1 5]
/// counter_reset_hint:gauge`. Every key is optional and may appear once.
enum HistogramNotation {
    struct Failure: Error { let message: String }

    static func parse(_ body: String) throws(Failure) -> NativeHistogram {
        var h = NativeHistogram()
        var seen: Set<String> = []
        var positive: [Double] = []
        var negative: [Double] = []
        var offset: Int32 = 0
        var negativeOffset: Int32 = 0
        let s = Array(body.unicodeScalars)
        var i = 0
        func skipSpace() { while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 } }
        func word() -> String {
            var w = ""
            while i < s.count, s[i] != " ", s[i] != ":", s[i] != "]" { w.unicodeScalars.append(s[i]); i += 1 }
            return w
        }
        func number(_ key: String) throws(Failure) -> Double {
            let w = word()
            guard let v = SeriesValues.parseNumber(w) else { throw Failure(message: "invalid value \(w) for \(key)") }
            return v
        }
        func integer(_ key: String) throws(Failure) -> Int32 {
            let w = word()
            // Upstream reads an int64 and keeps its low 32 bits (`int32(v)`), so do the same.
            guard let v = Int64(w) else { throw Failure(message: "invalid integer \(w) for \(key)") }
            return Int32(truncatingIfNeeded: v)
        }
        func list(_ key: String) throws(Failure) -> [Double] {
            guard i < s.count, s[i] == "[" else { throw Failure(message: "expected [ after \(key):") }
            i += 1
            var out: [Double] = []
            while true {
                skipSpace()
                guard i < s.count else { throw Failure(message: "unterminated list for \(key)") }
                if s[i] == "]" { i += 1; return out }
                out.append(try number(key))
            }
        }
        while true {
            skipSpace()
            if i >= s.count { break }
            let key = word()
            guard i < s.count, s[i] == ":" else { throw Failure(message: "expected : after \(key)") }
            i += 1
            guard seen.insert(key).inserted else { throw Failure(message: "duplicate key \(key) in histogram") }
            switch key {
            case "schema": h.schema = try integer(key)
            case "sum": h.sum = try number(key)
            case "count": h.count = try number(key)
            case "z_bucket": h.zeroCount = try number(key)
            case "z_bucket_w": h.zeroThreshold = try number(key)
            case "buckets": positive = try list(key)
            case "offset": offset = try integer(key)
            case "n_buckets": negative = try list(key)
            case "n_offset": negativeOffset = try integer(key)
            case "custom_values": h.customValues = try list(key)
            case "counter_reset_hint":
                let w = word()
                guard let hint = NativeHistogram.CounterResetHint(rawValue: w) else {
                    throw Failure(message: "invalid counter_reset_hint \(w)")
                }
                h.counterResetHint = hint
            default:
                throw Failure(message: "unknown histogram key \(key)")
            }
        }
        if !positive.isEmpty {
            h.positiveSpans = [.init(offset: offset, length: UInt32(positive.count))]
            h.positiveBuckets = positive
        }
        if !negative.isEmpty {
            h.negativeSpans = [.init(offset: negativeOffset, length: UInt32(negative.count))]
            h.negativeBuckets = negative
        }
        return h
    }
}

extension NativeHistogram {
    /// Bucket-wise sum, for the `{{A}}+{{B}}xN` notation; both sides are laid out from the same offsets.
    func adding(_ other: NativeHistogram) -> NativeHistogram { combined(other, sign: 1) }
    func subtracting(_ other: NativeHistogram) -> NativeHistogram { combined(other, sign: -1) }

    /// As upstream's loader: `FloatHistogram.Add`/`Sub`, so a finer increment is reduced to the base's
    /// schema. Only exponential/custom mixes (which upstream rejects) fall back to the bucket-wise sum.
    private func combined(_ other: NativeHistogram, sign: Double) -> NativeHistogram {
        var h = self
        do {
            if sign > 0 { try h.add(other) } else { try h.subtract(other) }
            return h
        } catch {
            return naivelyCombined(other, sign: sign)
        }
    }

    private func naivelyCombined(_ other: NativeHistogram, sign: Double) -> NativeHistogram {
        var r = self
        r.count += sign * other.count
        r.sum += sign * other.sum
        r.zeroCount += sign * other.zeroCount
        r.positiveBuckets = NativeHistogram.merge(positiveSpans, positiveBuckets, other.positiveSpans, other.positiveBuckets, sign, into: &r.positiveSpans)
        r.negativeBuckets = NativeHistogram.merge(negativeSpans, negativeBuckets, other.negativeSpans, other.negativeBuckets, sign, into: &r.negativeSpans)
        return r
    }

    /// Adds two sparse bucket lists by absolute bucket index. The result keeps the union of the indexes
    /// (sparse: buckets at both ends of the int32 range must not become four billion dense ones).
    static func merge(_ sa: [Span], _ ba: [Double], _ sb: [Span], _ bb: [Double], _ sign: Double, into spans: inout [Span]) -> [Double] {
        var byIndex: [Int32: Double] = [:]
        for e in sparse(sa, ba) { byIndex[e.index, default: 0] += e.count }
        for e in sparse(sb, bb) { byIndex[e.index, default: 0] += sign * e.count }
        let l = layout(byIndex.sorted { $0.key < $1.key }.map { SparseBucket(index: $0.key, count: $0.value) })
        spans = l.spans
        return l.buckets
    }
}
