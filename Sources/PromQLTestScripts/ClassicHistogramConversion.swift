import PromQL
import TimeSeries

/// What `load_with_nhcb` adds on top of the plain load: every classic histogram (`X_bucket{le=…}`,
/// `X_count`, `X_sum`) of the block becomes a native histogram with custom buckets (schema -53), stored as
/// series `X` with `le` dropped. This follows upstream's `appendCustomHistogram` and
/// `util/convertnhcb.TempHistogram`:
/// - any series whose name ends in `_bucket`, `_count` or `_sum` takes part (even a lone `_count`);
/// - a `_bucket` series without `le` is an error (upstream panics); an `le` that is not a number, or NaN,
///   makes the series be ignored;
/// - histogram samples of those series are ignored; each float sample feeds the histogram at its time;
/// - bucket counts must be cumulative and non-negative, the count non-negative, and the count must equal
///   the `+Inf` bucket (which is added from the count when missing; the count defaults to the highest
///   bucket); otherwise the load fails;
/// - counts that are all whole numbers make an integer histogram, stored after `Compact(2)`; otherwise a
///   float histogram after `Compact(0)`. Results are compared after compaction anyway.
enum ClassicHistogramConversion {
    struct Failure: Error { let message: String }

    /// The converted series, each with its histograms in time order.
    static func convert(_ series: [LoadedSeries], step: Int64) throws(Failure) -> [(Labels, [(Int64, NativeHistogram)])] {
        var byBase: [Labels: [Int64: TempHistogram]] = [:]
        var baseOrder: [Labels] = []
        for s in series {
            let name = s.labels.metricName ?? ""
            let update: (inout TempHistogram, Double) -> Void
            let baseName: String
            if name.hasSuffix("_bucket") {
                baseName = String(name.dropLast("_bucket".count))
                guard let leText = s.labels["le"] else {
                    throw Failure(message: "expected bucket label in metric \(s.labels)")
                }
                guard let le = goParseFloat(leText), !le.isNaN else { continue }
                update = { $0.setBucketCount(le, $1) }
            } else if name.hasSuffix("_sum") {
                baseName = String(name.dropLast("_sum".count))
                update = { $0.setSum($1) }
            } else if name.hasSuffix("_count") {
                baseName = String(name.dropLast("_count".count))
                update = { $0.setCount($1) }
            } else {
                continue
            }
            let base = s.labels.setting(Label.metricName, to: baseName).removing(["le"])
            if byBase[base] == nil { baseOrder.append(base) }
            var temps = byBase[base] ?? [:]
            for sample in s.samples(step: step) {
                guard case .float(let v) = sample.value else { continue }
                update(&temps[sample.t, default: TempHistogram()], v)
            }
            byBase[base] = temps
        }
        var out: [(Labels, [(Int64, NativeHistogram)])] = []
        for base in baseOrder {
            var points: [(Int64, NativeHistogram)] = []
            for (t, temp) in byBase[base]!.sorted(by: { $0.key < $1.key }) {
                do {
                    points.append((t, try temp.convert()))
                } catch {
                    throw Failure(message: "converting classic histogram \(base) at t=\(t)ms: \(error.message)")
                }
            }
            out.append((base, points))
        }
        return out
    }

    /// Go's `strconv.ParseFloat` for the forms an `le` label takes (`0.5`, `1e3`, `+Inf`, `Inf`).
    static func goParseFloat(_ text: String) -> Double? {
        let lower = text.lowercased()
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return nil }
        return Double(text)
    }
}

/// A classic histogram being gathered at one timestamp (upstream's `convertnhcb.TempHistogram`).
struct TempHistogram {
    var buckets: [(le: Double, count: Double)] = []
    var count: Double = 0
    var sum: Double = 0
    var failure: String?
    var hasCount = false

    mutating func setBucketCount(_ le: Double, _ c: Double) {
        guard failure == nil else { return }
        if le.isNaN { failure = "bucket boundary must not be NaN"; return }
        if c < 0 { failure = "bucket count must be non-negative: le=\(GoFloatFormat.format(le)), count=\(GoFloatFormat.format(c))"; return }
        guard let last = buckets.last else { buckets.append((le, c)); return }
        if last.le < le {
            if c < last.count { failure = "count is not cumulative: \(GoFloatFormat.format(c)) < \(GoFloatFormat.format(last.count))"; return }
            buckets.append((le, c))
            return
        }
        if last.le == le { return } // a duplicate sample
        let i = buckets.firstIndex { $0.le >= le }!
        if buckets[i].le == le { return }
        if i > 0, c < buckets[i - 1].count {
            failure = "count is not cumulative: \(GoFloatFormat.format(c)) < \(GoFloatFormat.format(buckets[i - 1].count))"; return
        }
        if c > buckets[i].count {
            failure = "count is not cumulative: \(GoFloatFormat.format(c)) > \(GoFloatFormat.format(buckets[i].count))"; return
        }
        buckets.insert((le, c), at: i)
    }

    mutating func setCount(_ c: Double) {
        guard failure == nil else { return }
        if c < 0 { failure = "count must be non-negative: count=\(GoFloatFormat.format(c))"; return }
        count = c
        hasCount = true
    }

    mutating func setSum(_ s: Double) {
        guard failure == nil else { return }
        sum = s
    }

    func convert() throws(ClassicHistogramConversion.Failure) -> NativeHistogram {
        if let failure { throw .init(message: failure) }
        var h = self
        if !h.hasCount, let last = h.buckets.last {
            h.count = last.count
            h.hasCount = true
        }
        if h.buckets.last?.le != .infinity { h.buckets.append((.infinity, h.count)) }
        let whole = h.buckets.allSatisfy { $0.count == $0.count.rounded() } && h.count == h.count.rounded()
        var out = NativeHistogram()
        out.schema = NativeHistogram.customBucketsSchema
        out.count = h.count
        out.sum = h.sum
        out.positiveSpans = [.init(offset: 0, length: UInt32(h.buckets.count))]
        var previous = 0.0
        out.positiveBuckets = h.buckets.map { b in
            defer { previous = b.count }
            return b.count - previous
        }
        out.customValues = h.buckets.dropLast().map(\.le)
        let top = h.buckets[h.buckets.count - 1]
        guard h.count == top.count else {
            throw .init(message: "count mismatch: count=\(GoFloatFormat.format(h.count)) != le=\(GoFloatFormat.format(top.le)) count=\(GoFloatFormat.format(top.count))")
        }
        return out.compacted(maxEmptyBuckets: whole ? 2 : 0)
    }
}
